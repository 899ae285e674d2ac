// lvsctl against a socket that answers like the daemon will, and against no daemon at all.
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lvsctlBin } from '../../helpers/paths.js';

function lvsctl(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [lvsctlBin, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function withServer(
  reply: (request: string) => string,
  fn: (socket: string, seen: string[]) => Promise<void>,
) {
  const dir = mkdtempSync(join(tmpdir(), 'lvsctl-'));
  const socket = join(dir, 'lvsd.sock');
  const seen: string[] = [];
  const server = createServer((conn) => {
    conn.on('data', (d) => {
      seen.push(d.toString().trim());
      conn.end(`${reply(d.toString())}\n`);
    });
  });
  await new Promise<void>((r) => server.listen(socket, r));
  try {
    await fn(socket, seen);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('status sends the command and prints the reply; --json prints JSON', async (t) => {
  await withServer(
    () => JSON.stringify({ ok: true, result: { instances: { web: 'MASTER' } } }),
    async (socket, seen) => {
      const r = await lvsctl(['--socket', socket, 'status', '--json']);
      t.is(r.code, 0);
      t.deepEqual(JSON.parse(r.stdout), { instances: { web: 'MASTER' } });
      t.deepEqual(seen, ['{"command":"status"}']);
    },
  );
});

test('a rejected reload exits 1 and prints the errors', async (t) => {
  await withServer(
    () =>
      JSON.stringify({ ok: false, error: 'reload rejected', details: ['/etc/lvsd/lvsd.yaml:3:5: x: bad'] }),
    async (socket) => {
      const r = await lvsctl(['--socket', socket, 'reload']);
      t.is(r.code, 1);
      t.is(r.stderr, 'lvsctl: reload rejected\n/etc/lvsd/lvsd.yaml:3:5: x: bad\n');
    },
  );
});

test('no daemon at the socket exits 3 with the reason', async (t) => {
  const r = await lvsctl(['--socket', '/nonexistent/lvsd.sock', 'status']);
  t.is(r.code, 3);
  t.is(r.stderr, 'lvsctl: cannot reach lvsd at /nonexistent/lvsd.sock: ENOENT\n');
});

test('usage errors exit 64', async (t) => {
  t.is((await lvsctl(['frobnicate'])).code, 64);
  t.is((await lvsctl([])).code, 64);
  t.is((await lvsctl(['status', 'extra'])).code, 64);
});
