// The single-instance lock: the pid file of a live lvsd refuses, a stale one is taken over; a socket
// someone answers on refuses, a stale socket file is removed.
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock } from '../../../src/daemon/pid-lock.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'lvsd-lock-'));
}

test('takes a free lock, writes its pid, and releases it', async (t) => {
  const d = dir();
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  const lock = await acquireLock(join(d, 'run/lvsd.pid'), join(d, 'lvsd.sock'));
  t.true(lock.ok);
  t.is(readFileSync(join(d, 'run/lvsd.pid'), 'utf8'), `${process.pid}\n`);
  if (lock.ok) lock.release();
  t.false(existsSync(join(d, 'run/lvsd.pid')));
});

test('a pid file naming a live lvsd refuses; one naming a dead process is stale', async (t) => {
  const d = dir();
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  // A live process whose command line says lvsd.
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)', 'lvsd']);
  t.teardown(() => other.kill('SIGKILL'));
  writeFileSync(join(d, 'lvsd.pid'), `${other.pid}\n`);
  const refused = await acquireLock(join(d, 'lvsd.pid'), join(d, 'lvsd.sock'));
  t.deepEqual(refused, {
    ok: false,
    error: `lvsd is already running (pid ${other.pid}, pid file ${join(d, 'lvsd.pid')}); stop it first or use another --pid-file`,
  });
  other.kill('SIGKILL');
  await new Promise((r) => other.on('exit', r));
  const taken = await acquireLock(join(d, 'lvsd.pid'), join(d, 'lvsd.sock'));
  t.true(taken.ok, 'the stale pid file is taken over');
  if (taken.ok) taken.release();
});

test('a control socket someone answers on refuses; a stale socket file is removed', async (t) => {
  const d = dir();
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  const socket = join(d, 'lvsd.sock');
  const server = createServer((c) => c.end());
  await new Promise<void>((r) => server.listen(socket, r));
  const refused = await acquireLock(join(d, 'lvsd.pid'), socket);
  t.false(refused.ok);
  if (!refused.ok) t.regex(refused.error, /another lvsd answers on the control socket .*lvsd\.sock/);
  t.false(existsSync(join(d, 'lvsd.pid')), 'the pid file is given back');
  // A socket file nobody listens on any more.
  await new Promise((r) => server.close(r));
  writeFileSync(socket, '');
  const stale = await acquireLock(join(d, 'lvsd.pid'), socket);
  t.true(stale.ok || (!stale.ok && /ECONNREFUSED|cannot use/.test(stale.error)));
  if (stale.ok) stale.release();
});
