// keepalived's script security: the script and its directories writable only by root or the script
// user; sticky world-writable directories accepted; bare names found through PATH.
import test from 'ava';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkScript } from '../../../src/daemon/script-security.js';

const asRoot = process.getuid?.() === 0;

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'lvsd-sec-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function script(path: string, mode = 0o755): string {
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, mode);
  return path;
}

test('a script owned by this user in a private directory is accepted, world-writable refused', (t) => {
  withDir((dir) => {
    const uid = process.getuid?.() ?? 0;
    const ok = checkScript(script(join(dir, 'ok.sh')), uid);
    t.deepEqual(ok, { ok: true, path: join(dir, 'ok.sh') });
    t.deepEqual(checkScript(script(join(dir, 'ww.sh'), 0o777), uid), {
      ok: false,
      reason: `script ${join(dir, 'ww.sh')} is world-writable`,
    });
    t.deepEqual(checkScript(script(join(dir, 'noexec.sh'), 0o644), uid), {
      ok: false,
      reason: `${join(dir, 'noexec.sh')} is not executable`,
    });
    t.deepEqual(checkScript(join(dir, 'missing.sh'), uid), {
      ok: false,
      reason: `${join(dir, 'missing.sh')}: ENOENT`,
    });
  });
});

test('a world-writable directory without the sticky bit makes its scripts unsafe', (t) => {
  withDir((dir) => {
    const uid = process.getuid?.() ?? 0;
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    t.deepEqual(checkScript(script(join(open, 'x.sh')), uid), {
      ok: false,
      reason: `directory ${open} is world-writable`,
    });
    chmodSync(open, 0o1777);
    t.is(
      checkScript(join(open, 'x.sh'), uid).ok,
      process.getuid?.() === 0,
      'sticky and owned by root: accepted',
    );
  });
});

test('a script owned by another non-root user is refused unless that user is the script user', (t) => {
  if (!asRoot) return t.pass('chown needs root; the netns suite covers this as root');
  withDir((dir) => {
    const path = script(join(dir, 'foreign.sh'));
    chownSync(path, 1234, 1234);
    t.deepEqual(checkScript(path, 0), {
      ok: false,
      reason: `script ${path} is owned by uid 1234, neither root nor the script user`,
    });
    t.true(checkScript(path, 1234).ok);
  });
});

test('a bare name is found through PATH', (t) => {
  withDir((dir) => {
    const uid = process.getuid?.() ?? 0;
    script(join(dir, 'notify-me'));
    t.deepEqual(checkScript('notify-me', uid, `/nonexistent:${dir}`), {
      ok: true,
      path: join(dir, 'notify-me'),
    });
    t.deepEqual(checkScript('notify-me', uid, '/nonexistent'), { ok: false, reason: 'notify-me not found' });
  });
});
