// vrrp_scripts on a real director are vetted like notify scripts: a world-writable one and a missing
// one are refused (one log line each), never run, and ignored by the instance (no penalty, no FAULT:
// keepalived drops a disabled track script from its instances). Fixed, a reload runs it, and its
// result counts.
import test from 'ava';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratch, writeLvsdConfig } from './helpers/configs.js';
import { createLab, SUBNET4 } from './helpers/lab.js';
import { lvsctl } from './helpers/lvsctl.js';
import { startLvsd, stop } from './helpers/procs.js';
import { sleep, waitFor } from './helpers/wait.js';

const VIP = `${SUBNET4}.100/24`;

interface WebStatus {
  state: string;
  priority: number;
  trackers: { scripts: Record<string, boolean | 'disabled'> };
}

async function web(socket: string): Promise<WebStatus> {
  const r = await lvsctl(socket, ['status', '--json']);
  if (r.code !== 0) throw new Error(`lvsctl status failed (${r.code}): ${r.stderr}`);
  const vrrp = (JSON.parse(r.stdout) as { vrrp: (WebStatus & { name: string })[] }).vrrp;
  const found = vrrp.find((i) => i.name === 'web');
  if (found === undefined) throw new Error('no instance web');
  return found;
}

test('an unsafe or missing vrrp_script is refused and ignored; fixed and reloaded, it runs', async (t) => {
  const lab = createLab(['a']);
  t.teardown(() => lab.destroy());
  const files = scratch();
  t.teardown(files.cleanup);
  const ran = join(files.dir, 'ran.log');
  const chk = join(files.dir, 'chk.sh');
  writeFileSync(chk, `#!/bin/sh\necho ran >> ${ran}\nexit 1\n`);
  chmodSync(chk, 0o777);
  const gone = join(files.dir, 'gone.sh');
  const path = writeLvsdConfig(files.dir, 'a', { web: { priority: 150, vips: [VIP] } });
  const config = JSON.parse(readFileSync(path, 'utf8')) as {
    vrrp_scripts?: unknown;
    vrrp_instances: { web: Record<string, unknown> };
  };
  config.vrrp_scripts = {
    chk: { command: [chk], interval: '100ms', weight: -50 },
    gone: { command: [gone], interval: '100ms', weight: 0 },
  };
  config.vrrp_instances.web.track_scripts = ['chk', 'gone'];
  writeFileSync(path, JSON.stringify(config));
  const socket = join(files.dir, 'a.sock');

  const a = startLvsd(lab.ns('a'), 'lvsd-a', path);
  await a.waitOutput(/web: BACKUP -> MASTER/, 5000);
  await a.waitOutput(new RegExp(`vrrp_script chk refused: script ${chk} is world-writable`), 2000);
  await a.waitOutput(new RegExp(`vrrp_script gone refused: ${gone}: ENOENT`), 2000);
  await sleep(500);
  let status = await web(socket);
  t.deepEqual([status.state, status.priority], ['MASTER', 150], 'no penalty from chk, no FAULT from gone');
  t.deepEqual(status.trackers.scripts, { chk: 'disabled', gone: 'disabled' }, 'lvsctl status says so');
  t.false(existsSync(ran), 'chk never ran');
  t.is(a.output().match(/vrrp_script chk refused/g)?.length, 1, 'one line, not one per interval');

  chmodSync(chk, 0o755);
  const r = await lvsctl(socket, ['reload']);
  t.is(r.code, 0, r.stderr);
  await a.waitOutput(new RegExp(`vrrp_script chk accepted: ${chk}`), 2000);
  await waitFor('chk to run', () => existsSync(ran), 2000);
  const deadline = Date.now() + 3000;
  while ((status = await web(socket)).priority !== 100 && Date.now() < deadline) await sleep(50);
  t.deepEqual([status.priority, status.trackers.scripts.chk], [100, false], 'chk (exit 1) costs its weight');
  t.is(a.output().match(/vrrp_script gone refused/g)?.length, 2, 'gone refused again at the reload');
  t.is(await stop(a), 0);
});
