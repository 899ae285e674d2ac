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
    chmodSync(dir, 0o755); // searchable by the script user
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

test('a script user other than root must be able to run it: execute on the file, search on its directories', (t) => {
  if (!asRoot) return t.pass('files owned by root and a foreign script user need root; CI runs this as root');
  withDir((dir) => {
    const nobody = 65534;
    chmodSync(dir, 0o755);
    const rootOnly = script(join(dir, 'root-only.sh'), 0o744);
    t.deepEqual(checkScript(rootOnly, 0).ok, true, 'root runs it');
    t.deepEqual(checkScript(rootOnly, nobody, '', nobody), {
      ok: false,
      reason: `${rootOnly} is not executable by uid ${nobody} gid ${nobody}`,
    });
    t.true(checkScript(script(join(dir, 'all.sh'), 0o755), nobody, '', nobody).ok);
    const group = script(join(dir, 'group.sh'), 0o754);
    t.true(checkScript(group, nobody, '', 0).ok, 'by its group (root, gid 0)');
    t.false(checkScript(group, nobody, '', nobody).ok, 'not by others');
    const closed = join(dir, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    const inside = script(join(closed, 'inside.sh'), 0o755);
    t.deepEqual(checkScript(inside, nobody, '', nobody), {
      ok: false,
      reason: `directory ${closed} cannot be searched by uid ${nobody} gid ${nobody}`,
    });
    t.true(checkScript(inside, 0).ok, 'root searches any directory');
  });
});
