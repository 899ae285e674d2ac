// Notify scripts and the notify FIFO on a real director: every transition (BACKUP, MASTER, FAULT on a
// tracked link, BACKUP and MASTER again, STOP) runs its script and the generic one as script_user, and
// writes keepalived's FIFO line; a world-writable script and one owned by another user are refused.
import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratch, writeLvsdConfig } from './helpers/configs.js';
import { createLab } from './helpers/lab.js';
import { startLvsd, stop } from './helpers/procs.js';
import { waitFor } from './helpers/wait.js';

const VIP = '198.18.0.100/24';
const NOBODY = 65534;

/** A script that appends its uid and arguments to `log`. */
function script(path: string, log: string, mode = 0o755): string {
  writeFileSync(path, `#!/bin/sh\necho "$(id -u) $*" >> ${log}\n`);
  chmodSync(path, mode);
  return path;
}

test('every transition runs its notify scripts as script_user and writes its FIFO line', async (t) => {
  const lab = createLab(['a']);
  t.teardown(() => lab.destroy());
  const files = scratch();
  t.teardown(files.cleanup);
  chmodSync(files.dir, 0o755); // script_user must reach the scripts
  const bin = join(files.dir, 'bin');
  const out = join(files.dir, 'out');
  mkdirSync(bin, { mode: 0o755 });
  mkdirSync(out);
  chmodSync(out, 0o777);
  const log = join(out, 'notify.log');
  const notifySh = script(join(bin, 'notify.sh'), log);
  const fifo = join(files.dir, 'notify.fifo');
  spawnSync('mkfifo', [fifo]);
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.teardown(() => reader.kill('SIGKILL'));
  let lines = '';
  reader.stdout.on('data', (d: Buffer) => (lines += d.toString()));
  const readerDone = new Promise((resolve) => reader.on('exit', resolve));
  lab.exec('a', ['ip', 'link', 'add', 'trk0', 'type', 'veth', 'peer', 'name', 'trk1']);
  lab.exec('a', ['ip', 'link', 'set', 'trk0', 'up']);
  lab.exec('a', ['ip', 'link', 'set', 'trk1', 'up']);
  const states = ['master', 'backup', 'fault', 'stop'];
  const cfg = writeLvsdConfig(
    files.dir,
    'a',
    { web: { priority: 150, vips: [VIP], trackInterfaces: [{ name: 'trk0', weight: 0 }] } },
    {
      global: { notify_fifo: fifo, script_user: 'nobody' },
      notify: {
        web: {
          ...Object.fromEntries(states.map((s) => [s, [notifySh, s]])),
          any: [notifySh, 'any'],
        },
      },
    },
  );
  const a = startLvsd(lab.ns('a'), 'lvsd-a', cfg);
  await a.waitOutput(/web: BACKUP -> MASTER/, 5000);
  lab.exec('a', ['ip', 'link', 'set', 'trk1', 'down']);
  await a.waitOutput(/web: MASTER -> FAULT/, 3000);
  lab.exec('a', ['ip', 'link', 'set', 'trk1', 'up']);
  await a.waitOutput(/web: FAULT -> BACKUP[^]*web: BACKUP -> MASTER/, 3000);
  t.is(await stop(a), 0);
  await readerDone;
  const expected = ['BACKUP', 'MASTER', 'FAULT', 'BACKUP', 'MASTER', 'STOP'];
  t.deepEqual(
    lines.trimEnd().split('\n'),
    expected.map((s) => `INSTANCE "web" ${s} 150`),
    'keepalived FIFO lines, in order',
  );
  await waitFor(
    'the STOP scripts',
    () => existsSync(log) && readFileSync(log, 'utf8').includes('any INSTANCE web STOP'),
    3000,
  );
  const runs = readFileSync(log, 'utf8').trimEnd().split('\n');
  t.true(
    runs.every((r) => r.startsWith(`${NOBODY} `)),
    `every script ran as nobody:\n${runs.join('\n')}`,
  );
  const count = (text: string) => runs.filter((r) => r === `${NOBODY} ${text}`).length;
  t.deepEqual(
    [count('backup'), count('master'), count('fault'), count('stop')],
    [2, 2, 1, 1],
    'the state scripts, one per transition',
  );
  for (const s of expected) t.true(count(`any INSTANCE web ${s} 150`) >= 1, `generic notify for ${s}`);
  t.is(runs.length, 12);
});

test('a world-writable notify script and one owned by another user are refused', async (t) => {
  const lab = createLab(['a']);
  t.teardown(() => lab.destroy());
  const files = scratch();
  t.teardown(files.cleanup);
  const log = join(files.dir, 'ran.log');
  const open = script(join(files.dir, 'open.sh'), log, 0o777);
  const foreign = script(join(files.dir, 'foreign.sh'), log);
  chownSync(foreign, 1234, 1234);
  const cfg = writeLvsdConfig(
    files.dir,
    'a',
    { web: { priority: 150, vips: [VIP] } },
    { notify: { web: { backup: [open], master: [foreign] } } },
  );
  const a = startLvsd(lab.ns('a'), 'lvsd-a', cfg);
  await a.waitOutput(/web: BACKUP -> MASTER/, 5000);
  await a.waitOutput(/notify script refused .*open\.sh.*world-writable/, 2000);
  await a.waitOutput(/notify script refused .*foreign\.sh.*owned by uid 1234/, 2000);
  t.regex(a.output(), /global\.script_user is not set: notify scripts and vrrp_scripts run as root/);
  t.is(await stop(a), 0);
  t.false(existsSync(log), 'neither script ran');
});
