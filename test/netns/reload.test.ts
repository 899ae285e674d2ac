// Reload on real directors (VRRP v3 at 50 ms), watched on the bridge: a reload with no change moves
// no state and leaves no gap and no extra advert on the wire; a reload adding a VIP adds and announces
// that address alone, one removing a VIP removes it alone, neither moves a state; a broken file is
// rejected by SIGHUP and by `lvsctl reload` (exit 1, the errors with file:line:column), nothing changes.
import test, { type ExecutionContext } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCapture } from './helpers/capture.js';
import { advertsIn, garpsIn, waitPing } from './helpers/checks.js';
import { scratch, writeLvsdConfig } from './helpers/configs.js';
import { createLab, hasAddress, SUBNET4, type Lab } from './helpers/lab.js';
import { lvsctl } from './helpers/lvsctl.js';
import { startLvsd, stop, type Proc } from './helpers/procs.js';
import { sleep, waitFor } from './helpers/wait.js';

const VIP = `${SUBNET4}.100`;
const VIP2 = `${SUBNET4}.102`;
const TRANSITION = / -> /g;

interface Pair {
  lab: Lab;
  dir: string;
  a: Proc;
  b: Proc;
  /** Rewrites both directors' files with these VIPs. */
  write(vips: string[]): void;
  socket(host: string): string;
}

async function pair(t: ExecutionContext): Promise<Pair> {
  const lab = createLab(['a', 'b', 'c']);
  t.teardown(() => lab.destroy());
  const files = scratch();
  t.teardown(files.cleanup);
  const write = (vips: string[]) => {
    writeLvsdConfig(files.dir, 'a', { web: { priority: 150, vips } });
    writeLvsdConfig(files.dir, 'b', { web: { priority: 100, vips } });
  };
  write([`${VIP}/24`]);
  const a = startLvsd(lab.ns('a'), 'lvsd-a', join(files.dir, 'a.yaml'));
  await a.waitOutput(/web: BACKUP -> MASTER/, 5000);
  const b = startLvsd(lab.ns('b'), 'lvsd-b', join(files.dir, 'b.yaml'));
  await b.waitOutput(/web: INIT -> BACKUP/, 5000);
  await waitPing(lab, 'c', VIP);
  await sleep(1200); // a's second GARP burst (master_delay 1s) is over
  return { lab, dir: files.dir, a, b, write, socket: (host) => join(files.dir, `${host}.sock`) };
}

const transitions = (p: Proc) => p.output().match(TRANSITION)?.length ?? 0;
const macOf = (lab: Lab, host: string) => lab.exec(host, ['cat', '/sys/class/net/eth0/address']).trim();

test('a reload with no change: no state change on either director, no gap and no extra advert', async (t) => {
  const p = await pair(t);
  const { lab, a, b } = p;
  const before = [transitions(a), transitions(b)];
  const capture = await startCapture(lab, p.dir);
  await sleep(300);
  for (let i = 0; i < 3; i++) {
    const r = await lvsctl(p.socket('a'), ['reload']);
    t.is(r.code, 0, r.stderr);
    b.signal('SIGHUP');
    await sleep(150);
  }
  await b.waitOutput(/configuration reloaded .*unchanged=web/, 2000);
  await sleep(300);
  const frames = await capture.stop();
  t.deepEqual([transitions(a), transitions(b)], before, 'no transition on either director');
  t.regex(a.output(), /configuration reloaded .*source=lvsctl unchanged=web changed=- added=- removed=-/);
  const fromA = advertsIn(frames)
    .filter((ad) => ad.sourceMac === macOf(lab, 'a'))
    .map((ad) => Number(ad.timeUs) / 1000);
  const gaps = fromA.slice(1).map((ms, i) => ms - (fromA[i] as number));
  const [min, max] = [Math.min(...gaps), Math.max(...gaps)];
  t.log(`${fromA.length} adverts from a; spacing ${min.toFixed(1)}..${max.toFixed(1)} ms across 6 reloads`);
  t.true(fromA.length >= 15);
  t.true(max < 75, `no gap: the longest spacing is ${max} ms`);
  t.true(min > 35, `no extra advert: the shortest spacing is ${min} ms`);
  t.is(advertsIn(frames).filter((ad) => ad.sourceMac === macOf(lab, 'b')).length, 0, 'b stays silent');
  t.is(garpsIn(frames).length, 0, 'no gratuitous ARP');
  t.is(await stop(a), 0);
  t.is(await stop(b), 0);
});

test('a reload adding a VIP adds and announces it alone; one removing a VIP removes it alone', async (t) => {
  const p = await pair(t);
  const { lab, a, b } = p;
  const before = [transitions(a), transitions(b)];
  let capture = await startCapture(lab, p.dir);
  p.write([`${VIP}/24`, `${VIP2}/24`]);
  t.is((await lvsctl(p.socket('a'), ['reload'])).code, 0);
  t.is((await lvsctl(p.socket('b'), ['reload'])).code, 0);
  await waitFor('the new VIP on a', () => hasAddress(lab, 'a', VIP2), 2000);
  await waitPing(lab, 'c', VIP2);
  await sleep(300);
  let frames = await capture.stop();
  t.regex(a.output(), /changed=web\(virtual_ipaddresses\)/);
  t.false(hasAddress(lab, 'b', VIP2), 'the backup holds nothing');
  const garps = garpsIn(frames);
  t.deepEqual([...new Set(garps.map((g) => g.address))], [VIP2], 'GARPs for the added address only');
  t.is(garps.length, 5, 'one burst of master_repeat');
  t.true(garps.every((g) => g.sourceMac === macOf(lab, 'a')));

  capture = await startCapture(lab, p.dir);
  p.write([`${VIP2}/24`]);
  t.is((await lvsctl(p.socket('a'), ['reload'])).code, 0);
  t.is((await lvsctl(p.socket('b'), ['reload'])).code, 0);
  await waitFor('the removed VIP to leave a', () => !hasAddress(lab, 'a', VIP), 2000);
  t.true(hasAddress(lab, 'a', VIP2));
  await waitPing(lab, 'c', VIP2);
  await sleep(300);
  frames = await capture.stop();
  t.is(garpsIn(frames).length, 0, 'no GARP for a removal');
  t.deepEqual([transitions(a), transitions(b)], before, 'no transition on either director');
  t.regex(a.output(), /VIP removed instance=web address=198\.18\.0\.100\/24/);
  t.is(await stop(a), 0);
  t.false(hasAddress(lab, 'a', VIP2), 'the VIP added by the reload goes at stop');
  t.is(await stop(b), 0);
});

test('a broken file is rejected by lvsctl reload (exit 1, errors) and by SIGHUP; nothing changes; SIGUSR1 dumps the state', async (t) => {
  const p = await pair(t);
  const { lab, a, b } = p;
  const before = transitions(a);
  writeFileSync(
    join(p.dir, 'a.yaml'),
    'vrrp_instances:\n  web: { interface: eth0, virtual_router_id: 999 }\n',
  );
  const r = await lvsctl(p.socket('a'), ['reload']);
  t.is(r.code, 1);
  t.regex(r.stderr, /^lvsctl: reload rejected; the running configuration is unchanged\n/);
  t.regex(r.stderr, /a\.yaml:2:\d+: vrrp_instances\.web\.virtual_router_id: expected at most 255, got 999/);
  a.signal('SIGHUP');
  await waitFor('the second rejection', () => a.output().split('reload rejected').length === 3, 2000);
  t.regex(a.output(), /error \[supervisor\] .*a\.yaml:2:\d+: vrrp_instances\.web\.virtual_router_id/);
  await sleep(300);
  t.is(transitions(a), before);
  t.true(a.isRunning());
  t.true(hasAddress(lab, 'a', VIP));
  const status = await lvsctl(p.socket('a'), ['status']);
  t.is(status.code, 0);
  t.regex(status.stdout, /web\s+51\s+MASTER\s+150\s+198\.18\.0\.1 \(150\)\s+held/);
  a.signal('SIGUSR1');
  await a.waitOutput(/state dump: vrrp instance name=web vrid=51 state=MASTER priority=150/, 2000);
  await a.waitOutput(/state dump: processes supervisor=\d+ vrrp=\d+/, 2000);
  t.is(await stop(a), 0);
  t.is(await stop(b), 0);
});
