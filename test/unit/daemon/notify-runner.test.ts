// The notify runner's process handling: the checked program runs under the name it was given
// (argv[0]; some programs act on their name), and a spawn that throws is a failed notify, not a crash.
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import test from 'ava';
import { NotifyRunner } from '../../../src/daemon/notify-runner.js';
import { createLogger } from '../../../src/lib/logger.js';

function setup(t: { teardown(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'lvsd-notify-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const logs: string[] = [];
  const stream = new Writable({ write: (c: Buffer, _e, cb) => (logs.push(c.toString()), cb()) });
  const runner = new NotifyRunner(createLogger({ level: 'info', format: 'text', stream }), {});
  t.teardown(() => runner.close());
  return { dir, logs, runner };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the checked program runs under the name it was given (argv[0])', async (t) => {
  const { dir, runner } = setup(t);
  const probe = join(dir, 'argv0-probe');
  const out = join(dir, 'argv0');
  symlinkSync(process.execPath, probe);
  runner.run([probe, '-e', `require('fs').writeFileSync(${JSON.stringify(out)}, process.argv0)`]);
  const deadline = Date.now() + 5000;
  while (!existsSync(out) && Date.now() < deadline) await sleep(20);
  t.is(existsSync(out) ? readFileSync(out, 'utf8') : 'did not run', probe);
});

test('a spawn that throws (E2BIG) is logged as a failed notify, not thrown', (t) => {
  const { logs, runner } = setup(t);
  t.notThrows(() => runner.run(['/bin/true', 'x'.repeat(200_000)]));
  t.regex(logs.join(''), /warn notify script failed to run command=\/bin\/true error="spawn E2BIG"/);
});
