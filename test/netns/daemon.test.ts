// The process model on real directors (VRRP v3 at 50 ms): the single-instance lock, a vrrp child
// killed alone (the spare resumes MASTER: no VIP lost, no takeover by the peer, a gap in adverts well
// under the peer's Master_Down_Interval on the wire), and the supervisor killed alone (its children
// stop as on SIGTERM: priority 0, VIP removed, the peer takes over; the next start takes the stale
// pid file and socket over).
import test, { type ExecutionContext } from 'ava';
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCapture } from './helpers/capture.js';
import { advertsIn, waitPing } from './helpers/checks.js';
import { scratch, writeLvsdConfig } from './helpers/configs.js';
import { createLab, hasAddress, SUBNET4, type Lab } from './helpers/lab.js';
import { alive, daemonPids } from './helpers/lvsctl.js';
import { spawnIn, startLvsd, stop, type Proc } from './helpers/procs.js';
import { holds, sleep, waitFor } from './helpers/wait.js';
import { lvsdBin } from '../helpers/paths.js';

const VIP = `${SUBNET4}.100`;
const MASTER = /web: BACKUP -> MASTER/;

interface Pair {
  lab: Lab;
  dir: string;
  a: Proc;
  b: Proc;
  cfgA: string;
}

/** a (150) MASTER and b (100) BACKUP, the client reaching the VIP. */
async function pair(t: ExecutionContext): Promise<Pair> {
  const lab = createLab(['a', 'b', 'c']);
  t.teardown(() => lab.destroy());
  const files = scratch();
  t.teardown(files.cleanup);
  const cfgA = writeLvsdConfig(files.dir, 'a', { web: { priority: 150, vips: [`${VIP}/24`] } });
  const cfgB = writeLvsdConfig(files.dir, 'b', { web: { priority: 100, vips: [`${VIP}/24`] } });
  const a = startLvsd(lab.ns('a'), 'lvsd-a', cfgA);
  await a.waitOutput(MASTER, 5000);
  const b = startLvsd(lab.ns('b'), 'lvsd-b', cfgB);
  await b.waitOutput(/web: INIT -> BACKUP/, 5000);
  await waitPing(lab, 'c', VIP);
  return { lab, dir: files.dir, a, b, cfgA };
}

/** The longest gap between adverts from a MAC with a priority above 0, in ms. */
function longestGapMs(frames: Parameters<typeof advertsIn>[0], mac: string): number {
  const times = advertsIn(frames)
    .filter((ad) => ad.sourceMac === mac && typeof ad.decoded !== 'string' && ad.decoded.advert.priority > 0)
    .map((ad) => Number(ad.timeUs) / 1000);
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, (times[i] as number) - (times[i - 1] as number));
  return gap;
}

test('a second lvsd with the same pid file or control socket refuses to start', async (t) => {
  const { lab, dir, a, b, cfgA } = await pair(t);
  const pids = await daemonPids(join(dir, 'a.sock'));
  t.is(readFileSync(join(dir, 'a.pid'), 'utf8').trim(), String(pids.supervisor));
  t.is(statSync(join(dir, 'a.sock')).mode & 0o777, 0o600, 'the control socket is 0600');
  const same = spawnIn(lab.ns('a'), 'lvsd-a-again', [process.execPath, lvsdBin, '-f', cfgA]);
  t.is(await same.exited, 1);
  t.regex(
    same.output(),
    new RegExp(`lvsd is already running \\(pid ${pids.supervisor}, pid file .*a\\.pid\\)`),
  );
  const otherPid = spawnIn(lab.ns('a'), 'lvsd-a-socket', [
    ...[process.execPath, lvsdBin, '-f', cfgA],
    ...['--pid-file', join(dir, 'other.pid')],
  ]);
  t.is(await otherPid.exited, 1);
  t.regex(otherPid.output(), /another lvsd answers on the control socket .*a\.sock/);
  t.false(/BACKUP -> MASTER|MASTER -> /.test(a.output().split(MASTER)[1] ?? ''), 'a was not disturbed');
  t.true(hasAddress(lab, 'a', VIP));
  t.is(await stop(a), 0);
  t.is(await stop(b), 0);
});

test('the vrrp child killed alone: the spare resumes MASTER, no VIP lost, no takeover', async (t) => {
  const { lab, dir, a, b } = await pair(t);
  await sleep(1200); // the spare is loaded a second after the start
  const before = await daemonPids(join(dir, 'a.sock'));
  t.not(before.vrrp_spare, null, 'a spare vrrp process waits');
  const capture = await startCapture(lab, dir);
  await sleep(300);
  process.kill(before.vrrp, 'SIGKILL');
  const resumed = await a.waitOutput(/web: INIT -> MASTER \(resumed previous state\)/, 3000);
  t.truthy(resumed);
  await holds(
    'a to keep the VIP and b to stay backup',
    () => hasAddress(lab, 'a', VIP) && !hasAddress(lab, 'b', VIP),
    1000,
  );
  const frames = await capture.stop();
  const aMac = lab.exec('a', ['cat', '/sys/class/net/eth0/address']).trim();
  const gapMs = longestGapMs(frames, aMac);
  t.log(
    `longest gap in a's adverts around the kill: ${gapMs.toFixed(1)} ms (b's Master_Down_Interval 180 ms)`,
  );
  t.true(gapMs < 180, `gap ${gapMs} ms`);
  t.false(MASTER.test(b.output()), 'b never became MASTER');
  t.regex(a.output(), /the vrrp process died; restarting it/);
  const after = await daemonPids(join(dir, 'a.sock'));
  t.is(after.vrrp, before.vrrp_spare as number, 'the spare took over');
  t.is(after.supervisor, before.supervisor);
  await sleep(1500);
  const spare = (await daemonPids(join(dir, 'a.sock'))).vrrp_spare;
  t.true(spare !== null && spare !== before.vrrp_spare, 'a new spare is loaded');
  await waitPing(lab, 'c', VIP);
  t.is(await stop(a), 0);
  t.is(await stop(b), 0);
});

test('the supervisor killed alone: its children stop as on SIGTERM; the peer takes over; a restart takes the stale lock over', async (t) => {
  const { lab, dir, a, b, cfgA } = await pair(t);
  await sleep(1200);
  const pids = await daemonPids(join(dir, 'a.sock'));
  const capture = await startCapture(lab, dir);
  await sleep(200);
  process.kill(pids.supervisor, 'SIGKILL');
  await b.waitOutput(MASTER, 2000);
  await waitFor('a to drop the VIP', () => !hasAddress(lab, 'a', VIP), 2000);
  await waitFor(
    'every process of a to end',
    () => !Object.values(pids).some((p) => p !== null && alive(p)),
    5000,
  );
  t.regex(a.output(), /stopping reason="the supervisor is gone"/);
  t.regex(a.output(), /web: MASTER -> INIT \(shutdown\)/);
  const frames = await capture.stop();
  const aMac = lab.exec('a', ['cat', '/sys/class/net/eth0/address']).trim();
  const zero = advertsIn(frames).filter(
    (ad) => ad.sourceMac === aMac && typeof ad.decoded !== 'string' && ad.decoded.advert.priority === 0,
  );
  t.is(zero.length, 1, 'one priority-0 advert');
  await waitPing(lab, 'c', VIP);
  // The pid file and socket of the killed supervisor are left; the next start takes them over.
  const a2 = startLvsd(lab.ns('a'), 'lvsd-a2', cfgA);
  await a2.waitOutput(MASTER, 5000);
  await waitFor('a to preempt', () => hasAddress(lab, 'a', VIP) && !hasAddress(lab, 'b', VIP), 2000);
  t.is(await stop(a2), 0);
  t.is(await stop(b), 0);
  void a;
});
