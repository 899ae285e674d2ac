// vrrp_scripts are vetted like notify scripts, at start and at each reload: an unsafe, missing or
// non-executable script, or one whose user is unknown, is refused with one log line, never spawned,
// and reported disabled, so that it moves no instance (keepalived drops a disabled track script from
// its instances). A safe one runs, as the program that was checked under the name it was given.
import test from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { TrackerRunner, type TrackerResult } from '../../../src/daemon/tracker-runner.js';
import { createLogger } from '../../../src/lib/logger.js';
import { TrackerSet } from '../../../src/vrrp/trackers.js';
import type { TrackedScriptSpec } from '../../../src/vrrp/types.js';

const uid = process.getuid?.() ?? 0;
/** As root, scripts run as root (no script_user); otherwise as this user, who owns the temp files. */
const scriptUser = uid === 0 ? '' : `  script_user: "${uid}"`;

interface Lab {
  dir: string;
  /** A script that appends `word` to ran.log; mode as given. */
  script(name: string, word: string, mode?: number, exit?: number): string;
  /** The words of the scripts that ran. */
  ran(): string[];
  config(yaml: string[]): Config;
  runner(config: Config): { runner: TrackerRunner; results: TrackerResult[]; logs: string[] };
}

function lab(t: { teardown(fn: () => void): void }): Lab {
  const dir = mkdtempSync(join(tmpdir(), 'lvsd-track-sec-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'ran.log');
  const runners: TrackerRunner[] = [];
  t.teardown(() => runners.forEach((r) => r.stop()));
  return {
    dir,
    script(name, word, mode = 0o755, exit = 0) {
      const path = join(dir, name);
      writeFileSync(path, `#!/bin/sh\necho ${word} >> ${log}\nexit ${exit}\n`);
      chmodSync(path, mode);
      return path;
    },
    ran: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
    config(yaml) {
      writeFileSync(join(dir, 'lvsd.yaml'), ['global:', '  router_id: t', scriptUser, ...yaml].join('\n'));
      const loaded = loadConfig(join(dir, 'lvsd.yaml'), { hostname: 't' });
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
      return loaded.config;
    },
    runner(config) {
      const results: TrackerResult[] = [];
      const logs: string[] = [];
      const stream = new Writable({ write: (c: Buffer, _e, cb) => (logs.push(c.toString()), cb()) });
      const runner = new TrackerRunner(
        config,
        (r) => results.push(r),
        createLogger({ level: 'info', format: 'text', stream }),
      );
      runners.push(runner);
      return { runner, results, logs };
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls until cond holds or 5 s pass (a loaded machine runs scripts late); the assertions say what was expected. */
async function until(cond: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!cond() && Date.now() < end) await sleep(10);
}
/** The script results for name: true, false, or 'disabled' (refused). */
const readings = (results: TrackerResult[], name: string) =>
  results
    .filter((r) => r.name === name)
    .map((r) => (r.type === 'script' ? (r.disabled === true ? 'disabled' : r.ok) : r.value));

function instance(name: string, vrid: number, tracks: string[]): string[] {
  return [
    `  ${name}:`,
    '    interface: eth0',
    `    virtual_router_id: ${vrid}`,
    `    track_scripts: [${tracks.join(', ')}]`,
  ];
}

test('an unsafe script is refused once, never spawned; a safe one beside it runs', async (t) => {
  const l = lab(t);
  const safe = l.script('safe.sh', 'safe');
  const open = l.script('open.sh', 'open', 0o777);
  const config = l.config([
    'vrrp_scripts:',
    `  safe: { command: ["${safe}"], interval: 20ms }`,
    `  chk: { command: ["${open}"], interval: 20ms, weight: -20 }`,
    'vrrp_instances:',
    ...instance('web', 51, ['safe', 'chk']),
  ]);
  const { runner, results, logs } = l.runner(config);
  runner.start();
  await until(() => readings(results, 'safe').length >= 3);
  runner.stop();
  t.true(l.ran().filter((w) => w === 'safe').length >= 3, 'the safe script ran on its interval');
  t.false(l.ran().includes('open'), 'the unsafe script never ran');
  const refusals = logs.filter((line) => line.includes('vrrp_script chk refused'));
  t.is(refusals.length, 1, `logged once:\n${logs.join('')}`);
  t.true(refusals[0]?.includes(`refused: script ${open} is world-writable`), refusals[0]);
  t.regex(refusals[0] ?? '', /error .*command=\S*open\.sh/);
  t.true(readings(results, 'safe').every((ok) => ok === true) && readings(results, 'safe').length >= 3);
  t.deepEqual(readings(results, 'chk'), ['disabled'], 'reported disabled once, and nothing else');
});

test('missing, non-executable, unknown user: refused with the reason, nothing spawned', (t) => {
  const l = lab(t);
  const noexec = l.script('noexec.sh', 'noexec', 0o644);
  const fine = l.script('fine.sh', 'fine');
  const config = l.config([
    'vrrp_scripts:',
    `  gone: { command: ["${join(l.dir, 'gone.sh')}"] }`,
    `  noexec: { command: ["${noexec}"] }`,
    `  nouser: { command: ["${fine}"], user: no-such-user-lvsd }`,
    '  bare: { command: ["no-such-program-lvsd"] }',
    'vrrp_instances:',
    ...instance('web', 51, ['gone', 'noexec', 'nouser', 'bare']),
  ]);
  const { runner, logs } = l.runner(config);
  runner.start();
  runner.stop();
  const text = logs.join('');
  t.true(text.includes(`vrrp_script gone refused: ${join(l.dir, 'gone.sh')}: ENOENT`), text);
  t.true(text.includes(`vrrp_script noexec refused: ${noexec} is not executable`), text);
  t.true(text.includes('vrrp_script nouser refused: user no-such-user-lvsd not found'), text);
  t.true(text.includes('vrrp_script bare refused: no-such-program-lvsd not found'), text);
  t.deepEqual(l.ran(), []);
});

test('what the instances see: a refused script moves none of them, whatever its weight', (t) => {
  const l = lab(t);
  const open = l.script('open.sh', 'open', 0o777);
  const config = l.config([
    'vrrp_scripts:',
    `  minus: { command: ["${open}"], weight: -20, rise: 3, fall: 3 }`,
    `  zero: { command: ["${open}"], weight: 0, rise: 3, fall: 3 }`,
    `  plus: { command: ["${open}"], weight: 10, rise: 3, fall: 3 }`,
    'vrrp_instances:',
    ...instance('web', 51, ['minus', 'zero', 'plus']),
  ]);
  // The instance as the VRRP child holds it, in the state where each script counts: minus and zero
  // failing (an earlier run before a reload), plus passing (its initial state).
  const specs: TrackedScriptSpec[] = ['minus', 'zero', 'plus'].map((name) => {
    const s = config.vrrp_scripts[name]!;
    return { name, weight: s.weight, rise: s.rise, fall: s.fall };
  });
  const set = new TrackerSet({ trackInterfaces: [], trackScripts: specs, trackFiles: [] });
  for (let i = 0; i < 3; i++) {
    set.scriptResult('minus', false);
    set.scriptResult('zero', false);
  }
  t.deepEqual([set.fault, set.priorityDelta], [true, -20 + 10], 'before: FAULT, -20 and +10');
  const { runner, results } = l.runner(config);
  runner.start();
  runner.stop();
  for (const r of results) if (r.type === 'script') set.scriptResult(r.name, r.ok, r.disabled === true);
  t.deepEqual([set.fault, set.priorityDelta], [false, 0], 'as if the instance tracked none of them');
  t.deepEqual(set.snapshot().scripts, { minus: 'disabled', zero: 'disabled', plus: 'disabled' });
  t.deepEqual(l.ran(), []);
});

test('reload: a script made unsafe stops and is reported disabled; fixed, it runs again', async (t) => {
  const l = lab(t);
  const chk = l.script('chk.sh', 'chk', 0o755, 1);
  const config = l.config([
    'vrrp_scripts:',
    `  chk: { command: ["${chk}"], interval: 20ms, weight: -20, rise: 2 }`,
    'vrrp_instances:',
    ...instance('web', 51, ['chk']),
  ]);
  const { runner, results, logs } = l.runner(config);
  runner.start();
  await until(() => readings(results, 'chk').length >= 2);
  const ran = l.ran().length;
  t.true(ran >= 2 && readings(results, 'chk').every((ok) => ok === false), 'runs, and fails (exit 1)');
  chmodSync(chk, 0o777);
  const before = results.length;
  runner.recheck(config);
  t.deepEqual(readings(results.slice(before), 'chk'), ['disabled'], 'reported disabled at once');
  await sleep(120);
  t.true(l.ran().length <= ran + 1, 'not spawned after the reload (one run may have been under way)');
  t.deepEqual(readings(results.slice(before), 'chk'), ['disabled'], 'and nothing more');
  t.is(
    logs.filter((line) => line.includes(`vrrp_script chk refused: script ${chk} is world-writable`)).length,
    1,
  );
  chmodSync(chk, 0o755);
  runner.recheck(config);
  t.true(logs.some((line) => line.includes(`vrrp_script chk accepted: ${chk}`)));
  const fixed = l.ran().length;
  await until(() => l.ran().length >= fixed + 2 && readings(results, 'chk').at(-1) === false);
  runner.stop();
  t.true(l.ran().length >= fixed + 2, 'runs again');
  t.is(readings(results, 'chk').at(-1), false, 'and reports its own result again');
});

test('a run under way when its script is refused reports nothing', async (t) => {
  const l = lab(t);
  const path = join(l.dir, 'slow.sh');
  writeFileSync(path, '#!/bin/sh\nsleep 0.2\nexit 1\n');
  chmodSync(path, 0o755);
  const config = l.config([
    'vrrp_scripts:',
    `  slow: { command: ["${path}"], interval: 5s, weight: -20 }`,
    'vrrp_instances:',
    ...instance('web', 51, ['slow']),
  ]);
  const { runner, results } = l.runner(config);
  runner.start();
  chmodSync(path, 0o777);
  runner.recheck(config);
  await sleep(400);
  runner.stop();
  t.deepEqual(readings(results, 'slow'), ['disabled'], 'disabled only, not the run that exited 1');
});

test('the checked program runs under the name it was given (argv[0])', async (t) => {
  const l = lab(t);
  const probe = join(l.dir, 'argv0-probe');
  symlinkSync(process.execPath, probe);
  const config = l.config([
    'vrrp_scripts:',
    `  probe: { command: ["${probe}", "-e", "process.exit(process.argv0 === '${probe}' ? 0 : 1)"], interval: 10s }`,
    'vrrp_instances:',
    ...instance('web', 51, ['probe']),
  ]);
  const { runner, results } = l.runner(config);
  runner.start();
  const deadline = Date.now() + 5000;
  while (results.length === 0 && Date.now() < deadline) await sleep(20);
  runner.stop();
  t.deepEqual(readings(results, 'probe'), [true]);
});

// Node 20, asked to kill a child whose spawn failed (before its 'error' event), signals whatever pid
// its memory held, seen here as 0: the caller's whole process group. So this runs in a process group
// of its own, with as little loaded as possible: a regression kills only that process.
test('stop right after a spawn that failed signals no one else', async (t) => {
  const l = lab(t);
  // Checked and accepted, but execve fails (ENOENT, emitted a tick later): its interpreter is missing.
  const path = join(l.dir, 'orphan.sh');
  writeFileSync(path, '#!/nonexistent-lvsd/sh\n');
  chmodSync(path, 0o755);
  const runner = new URL('../../../src/daemon/tracker-runner.js', import.meta.url).href;
  const main = join(l.dir, 'main.mjs');
  writeFileSync(
    main,
    [
      `import { TrackerRunner } from '${runner}';`,
      `const script = { command: ['${path}'], interval: 1000, timeout: 1000, rise: 1, fall: 1, weight: 0 };`,
      'const config = {',
      '  global: {},',
      '  vrrp_scripts: { orphan: script },',
      '  vrrp_track_files: {},',
      "  vrrp_instances: { web: { track_scripts: [{ name: 'orphan', weight: 0 }], track_files: [] } },",
      '};',
      'const log = { info() {}, warn() {}, error() {} };',
      'const r = new TrackerRunner(config, () => {}, log);',
      'r.start();',
      'r.stop();',
      "setTimeout(() => console.log('survived'), 200);",
    ].join('\n'),
  );
  const child = spawn(process.execPath, [main], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  t.deepEqual({ code, signal, out: out.trim() }, { code: 0, signal: null, out: 'survived' });
});

test('a spawn that throws (E2BIG) is a failed run, not a crash', async (t) => {
  const l = lab(t);
  const config = l.config([
    'vrrp_scripts:',
    '  big: { command: ["/bin/true"], interval: 20ms }',
    'vrrp_instances:',
    ...instance('web', 51, ['big']),
  ]);
  // One argument over the kernel's 128 KiB limit: Node throws from spawn rather than emitting.
  config.vrrp_scripts.big!.command.push('x'.repeat(200_000));
  const { runner, results, logs } = l.runner(config);
  t.notThrows(() => runner.start());
  await until(() => readings(results, 'big').length >= 2);
  runner.stop();
  t.true(readings(results, 'big').length >= 2, 'and it runs again on its interval');
  t.true(readings(results, 'big').every((ok) => ok === false));
  t.regex(logs.join(''), /warn vrrp_script failed to run script=big error="spawn E2BIG"/);
});
