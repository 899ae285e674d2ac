// Two lvsd directors and a client: stale-VIP cleanup after kill -9, a tracked link going down,
// nopreempt, unicast peers over raw sockets and over UDP, an IPv6 VIP, a VIP deleted by hand, and
// excluded VIPs and virtual routes following the VIPs. VRRP v3 at 50 ms throughout.
import test, { type ExecutionContext } from 'ava';
import { startCapture } from './helpers/capture.js';
import { advertsIn, garpsIn, waitPing } from './helpers/checks.js';
import { scratch, writeLvsdConfig, type InstanceOptions } from './helpers/configs.js';
import { createLab, hasAddress, SUBNET4, SUBNET6, type Lab } from './helpers/lab.js';
import { crash, startLvsd, stop, type Proc } from './helpers/procs.js';
import { holds, waitFor } from './helpers/wait.js';

const VIP = `${SUBNET4}.100`;
const EXCLUDED = `${SUBNET4}.101`;

interface Pair {
  lab: Lab;
  dir: string;
  config(host: string, web: InstanceOptions): string;
  start(host: string, config: string): Proc;
}

function pair(t: ExecutionContext): Pair {
  const lab = createLab(['a', 'b', 'c']);
  t.teardown(() => lab.destroy());
  const files = scratch();
  t.teardown(files.cleanup);
  let runs = 0;
  return {
    lab,
    dir: files.dir,
    config: (host, web) => writeLvsdConfig(files.dir, host, { web }),
    start: (host, config) => startLvsd(lab.ns(host), `lvsd-${host}-${runs++}`, config),
  };
}

const MASTER = /web: BACKUP -> MASTER/;

test('kill -9 leaves the VIP; the next start removes configured and recorded VIPs', async (t) => {
  const p = pair(t);
  const { lab } = p;
  const a = p.start('a', p.config('a', { priority: 150, vips: [`${VIP}/24`], excluded: [`${EXCLUDED}/32`] }));
  await a.waitOutput(MASTER, 3000);
  await waitFor('the VIPs on a', () => hasAddress(lab, 'a', VIP) && hasAddress(lab, 'a', EXCLUDED), 2000);
  const b = p.start('b', p.config('b', { priority: 100, vips: [`${VIP}/24`] }));
  await b.waitOutput(/web: INIT -> BACKUP/);
  await crash(a); // processes only: the link stays up, as after a kill -9
  await b.waitOutput(MASTER, 3000);
  t.true(hasAddress(lab, 'a', VIP), 'the killed process left its VIP (both answer ARP now)');
  t.true(hasAddress(lab, 'a', EXCLUDED));
  // a restarts with a lower priority, without the excluded VIP: both leftovers go at start.
  const a2 = p.start('a', p.config('a', { priority: 50, vips: [`${VIP}/24`] }));
  await a2.waitOutput(/removed a VIP left by a previous run address=198\.18\.0\.100\/24/);
  await a2.waitOutput(/removed a VIP left by a previous run address=198\.18\.0\.101\/32/);
  await a2.waitOutput(/web: INIT -> BACKUP/);
  t.false(hasAddress(lab, 'a', VIP));
  t.false(hasAddress(lab, 'a', EXCLUDED));
  await holds('b to stay master', () => hasAddress(lab, 'b', VIP) && !hasAddress(lab, 'a', VIP), 500);
  await waitPing(lab, 'c', VIP);
  await stop(a2);
  await stop(b);
});

test('a tracked link going down hands over (FAULT) and back; excluded VIPs and routes follow', async (t) => {
  const p = pair(t);
  const { lab } = p;
  lab.exec('a', ['ip', 'link', 'add', 'trk0', 'type', 'veth', 'peer', 'name', 'trk1']);
  lab.exec('a', ['ip', 'link', 'set', 'trk0', 'up']);
  lab.exec('a', ['ip', 'link', 'set', 'trk1', 'up']);
  const route = { to: '203.0.113.0/24', via: `${SUBNET4}.3` };
  const web = (priority: number): InstanceOptions => ({
    priority,
    vips: [`${VIP}/24`],
    excluded: [`${EXCLUDED}/32`],
    routes: [route],
    trackInterfaces: [{ name: priority === 150 ? 'trk0' : 'eth0', weight: 0 }],
  });
  const a = p.start('a', p.config('a', web(150)));
  await a.waitOutput(MASTER, 3000);
  const b = p.start('b', p.config('b', web(100)));
  await b.waitOutput(/web: INIT -> BACKUP/);
  const routeOn = (host: string) => lab.exec(host, ['ip', 'route', 'show', '203.0.113.0/24']).includes('via');
  await waitFor('the VIPs and the route on a', () => hasAddress(lab, 'a', EXCLUDED) && routeOn('a'), 2000);
  t.false(routeOn('b'));
  await waitPing(lab, 'c', VIP);

  const t0 = Date.now();
  lab.exec('a', ['ip', 'link', 'set', 'trk1', 'down']); // trk0 loses its carrier
  await a.waitOutput(/web: MASTER -> FAULT \(tracker in fault\)/, 2000);
  await waitFor('b to take over', () => hasAddress(lab, 'b', VIP) && hasAddress(lab, 'b', EXCLUDED), 2000);
  t.log(`tracked link down: VIP on b after ${Date.now() - t0} ms`);
  await waitFor('the route to move', () => routeOn('b') && !routeOn('a'), 2000);
  t.false(hasAddress(lab, 'a', VIP));
  t.false(hasAddress(lab, 'a', EXCLUDED));
  await waitPing(lab, 'c', VIP);

  lab.exec('a', ['ip', 'link', 'set', 'trk1', 'up']);
  await a.waitOutput(/web: FAULT -> BACKUP \(fault cleared\)/, 2000);
  await waitFor('a to preempt', () => hasAddress(lab, 'a', VIP) && !hasAddress(lab, 'b', VIP), 2000);
  await waitPing(lab, 'c', VIP);
  await stop(a);
  await stop(b);
});

test('nopreempt: a higher priority that starts late stays backup', async (t) => {
  const p = pair(t);
  const { lab } = p;
  const b = p.start('b', p.config('b', { priority: 100, vips: [`${VIP}/24`] }));
  await b.waitOutput(MASTER, 3000);
  const a = p.start('a', p.config('a', { priority: 150, preempt: false, vips: [`${VIP}/24`] }));
  await a.waitOutput(/web: INIT -> BACKUP/);
  await holds('a to stay backup', () => !MASTER.test(a.output()) && hasAddress(lab, 'b', VIP), 1000);
  const stopped = stop(b);
  await a.waitOutput(MASTER, 2000);
  await stopped;
  await waitPing(lab, 'c', VIP);
  t.is(await stop(a), 0);
});

for (const transport of ['raw', 'udp'] as const) {
  test(`unicast peers over ${transport}: election, SIGTERM and crash takeovers`, async (t) => {
    const p = pair(t);
    const { lab } = p;
    const capture = await startCapture(lab, p.dir);
    const web = (self: string, peer: string, priority: number): InstanceOptions => ({
      priority,
      vips: [`${VIP}/24`],
      source: lab.ipv4(self),
      peers: [lab.ipv4(peer)],
      transport,
    });
    const b = p.start('b', p.config('b', web('b', 'a', 100)));
    await b.waitOutput(MASTER, 3000);
    const a = p.start('a', p.config('a', web('a', 'b', 150)));
    await a.waitOutput(MASTER, 3000);
    await waitFor('b to hand over', () => !hasAddress(lab, 'b', VIP), 2000);
    await holds('b to stay backup', () => b.output().split('BACKUP -> MASTER').length === 2, 600);
    await waitPing(lab, 'c', VIP);
    const frames = await capture.stop();
    // Unicast frames go from port to port, not to the bridge: only the GARPs (broadcast) show here.
    t.true(garpsIn(frames).length >= 5);
    // Unknown-unicast flooding can show a few adverts: none of them multicast, all with TTL 255.
    for (const ad of advertsIn(frames)) {
      t.is(ad.ttl, 255);
      t.not(typeof ad.decoded, 'string');
      if (typeof ad.decoded !== 'string') t.false(ad.decoded.destination.startsWith('224.'));
    }
    t.notRegex(b.output(), /advert dropped/);

    const stopped = stop(a);
    await waitFor('b to take over after SIGTERM', () => hasAddress(lab, 'b', VIP), 2000);
    await stopped;
    await waitPing(lab, 'c', VIP);
    const a2 = p.start('a', p.config('a', web('a', 'b', 150)));
    await a2.waitOutput(MASTER, 3000);
    await crash(a2);
    lab.cable('a', false);
    await waitFor('b to take over after a crash', () => hasAddress(lab, 'b', VIP), 2000);
    await waitPing(lab, 'c', VIP);
    await stop(b);
  });
}

test('IPv6: two lvsd elect and fail over an IPv6 VIP; unsolicited NAs; the client reaches it', async (t) => {
  const p = pair(t);
  const { lab } = p;
  const vip6 = `${SUBNET6}100`;
  const capture = await startCapture(lab, p.dir);
  // No second NA burst during the test: exactly master_repeat NAs from a.
  const web = (priority: number): InstanceOptions => ({ priority, vips: [`${vip6}/64`], masterDelay: '30s' });
  const a = p.start('a', p.config('a', web(150)));
  await a.waitOutput(MASTER, 3000);
  const b = p.start('b', p.config('b', web(100)));
  await b.waitOutput(/web: INIT -> BACKUP/);
  await waitPing(lab, 'c', vip6);
  await holds('b to stay backup', () => !MASTER.test(b.output()), 500);
  const frames = await capture.stop();
  const adverts = advertsIn(frames);
  t.true(adverts.length > 5);
  for (const ad of adverts) {
    t.is(ad.ttl, 255, 'hop limit');
    t.is(ad.tos, 0xc0, 'traffic class');
    t.not(typeof ad.decoded, 'string');
    if (typeof ad.decoded !== 'string') t.regex(ad.decoded.source, /^fe80:/, 'link-local source');
  }
  const aMac = lab.exec('a', ['cat', '/sys/class/net/eth0/address']).trim();
  const nas = garpsIn(frames).filter((n) => n.sourceMac === aMac);
  t.is(nas.length, 5);
  t.true(nas.every((n) => n.wellFormed && n.address === vip6));

  const stopped = stop(a);
  await waitFor('b to take over after SIGTERM', () => hasAddress(lab, 'b', vip6), 2000);
  await stopped;
  t.false(hasAddress(lab, 'a', vip6));
  await waitPing(lab, 'c', vip6);
  const a2 = p.start('a', p.config('a', web(150)));
  await a2.waitOutput(MASTER, 3000);
  await waitFor('b to hand back', () => !hasAddress(lab, 'b', vip6), 2000);
  await crash(a2);
  lab.cable('a', false);
  await waitFor('b to take over after a crash', () => hasAddress(lab, 'b', vip6), 2000);
  await waitPing(lab, 'c', vip6);
  await stop(b);
});

test('a VIP deleted by hand while MASTER is put back and logged', async (t) => {
  const p = pair(t);
  const { lab } = p;
  const a = p.start('a', p.config('a', { priority: 150, vips: [`${VIP}/24`] }));
  await a.waitOutput(MASTER, 3000);
  await waitFor('the VIP on a', () => hasAddress(lab, 'a', VIP), 2000);
  lab.exec('a', ['ip', 'addr', 'del', `${VIP}/24`, 'dev', 'eth0']);
  await a.waitOutput(/a held VIP was deleted from outside lvsd; putting it back/, 2000);
  await waitFor('the VIP back on a', () => hasAddress(lab, 'a', VIP), 2000);
  await waitPing(lab, 'c', VIP);
  t.is(await stop(a), 0);
  t.false(hasAddress(lab, 'a', VIP));
});
