// Two lvsd directors and a client on one bridge, VRRP v3 at 50 ms: election, takeover after SIGTERM
// (priority 0) and after a crash (SIGKILL of the process group plus link down), preemption by the
// returning higher priority; the client reaches the VIP after every takeover; a capture on the bridge
// checks the wire rules (TTL 255, TOS 0xc0, checksum, gratuitous ARP count and timing).
import test from 'ava';
import { advertsIn, garpsIn, waitPing } from './helpers/checks.js';
import { scratch, writeLvsdConfig } from './helpers/configs.js';
import { startCapture } from './helpers/capture.js';
import { createLab, hasAddress, SUBNET4 } from './helpers/lab.js';
import { crash, startLvsd, stop } from './helpers/procs.js';
import { holds, sleep, waitFor } from './helpers/wait.js';

const VIP = `${SUBNET4}.100`;

test('election, SIGTERM and crash takeovers, preemption, client reachability, wire rules', async (t) => {
  const lab = createLab(['a', 'b', 'c']);
  t.teardown(() => lab.destroy());
  const files = scratch();
  t.teardown(files.cleanup);
  const capture = await startCapture(lab, files.dir);
  const cfgA = writeLvsdConfig(files.dir, 'a', { web: { priority: 150, vips: [`${VIP}/24`] } });
  const cfgB = writeLvsdConfig(files.dir, 'b', { web: { priority: 100, vips: [`${VIP}/24`] } });
  const b = startLvsd(lab.ns('b'), 'lvsd-b', cfgB);
  await b.waitOutput(/web: INIT -> BACKUP/);
  const a = startLvsd(lab.ns('a'), 'lvsd-a', cfgA);
  await b.waitOutput(/web: BACKUP -> MASTER \(master down timer\)/, 3000);
  // a starts as BACKUP, hears b's lower priority and preempts once its own down timer fires.
  await a.waitOutput(/web: BACKUP -> MASTER/, 3000);
  await b.waitOutput(/web: MASTER -> BACKUP \(higher priority 150/, 3000);
  await waitFor('the VIP to leave b', () => !hasAddress(lab, 'b', VIP), 2000);
  t.true(hasAddress(lab, 'a', VIP));
  await holds('b to stay backup', () => b.output().split('BACKUP -> MASTER').length === 2, 600);
  await waitPing(lab, 'c', VIP);
  await sleep(1200); // a's second GARP burst, master_delay 1s after it became MASTER

  const frames = await capture.stop();
  const adverts = advertsIn(frames);
  t.true(adverts.length > 20, `adverts captured: ${adverts.length}`);
  for (const ad of adverts) {
    t.is(ad.ttl, 255);
    t.is(ad.tos, 0xc0);
    t.not(typeof ad.decoded, 'string', `an advert did not decode: ${String(ad.decoded)}`);
  }
  const aMac = lab.exec('a', ['cat', '/sys/class/net/eth0/address']).trim();
  const fromA = adverts.filter((ad) => ad.sourceMac === aMac && typeof ad.decoded !== 'string');
  t.true(fromA.every((ad) => typeof ad.decoded !== 'string' && ad.decoded.advert.priority === 150));
  t.true(fromA.every((ad) => typeof ad.decoded !== 'string' && ad.decoded.advert.advertIntervalCs === 5));
  const garps = garpsIn(frames).filter((g) => g.sourceMac === aMac);
  t.is(garps.length, 10, 'two bursts of master_repeat (5) gratuitous ARPs');
  t.true(garps.every((g) => g.wellFormed && g.address === VIP));
  const firstAdvertUs = fromA[0]?.timeUs ?? 0n;
  const first = garps.slice(0, 5);
  const second = garps.slice(5);
  t.true((first[0]?.timeUs ?? 0n) >= firstAdvertUs, 'the advert goes out before the first GARP');
  t.true(Number((first[4]?.timeUs ?? 0n) - (first[0]?.timeUs ?? 0n)) < 20_000, 'the first burst at once');
  const gapMs = Number((second[0]?.timeUs ?? 0n) - (first[0]?.timeUs ?? 0n)) / 1000;
  t.true(gapMs > 950 && gapMs < 1150, `second burst after master_delay: ${gapMs} ms`);
  t.log(`adverts ${adverts.length}, GARPs from a ${garps.length}, second burst after ${gapMs.toFixed(1)} ms`);

  // SIGTERM: a sends priority 0 and removes its VIP; b takes over after its skew time.
  let t0 = Date.now();
  const stopped = stop(a);
  await waitFor('b to take the VIP', () => hasAddress(lab, 'b', VIP), 2000);
  const termMs = Date.now() - t0;
  t.is(await stopped, 0);
  t.regex(a.output(), /web: MASTER -> INIT \(shutdown\)/);
  t.false(hasAddress(lab, 'a', VIP), 'a removed its VIP on SIGTERM');
  const termPingMs = await waitPing(lab, 'c', VIP);
  t.log(`SIGTERM: VIP on b after ${termMs} ms (client reply ${termPingMs} ms after that)`);
  t.true(termMs < 1000);

  // a returns and preempts.
  const a2 = startLvsd(lab.ns('a'), 'lvsd-a2', cfgA);
  await a2.waitOutput(/web: BACKUP -> MASTER/, 3000);
  await waitFor('b to drop the VIP', () => !hasAddress(lab, 'b', VIP), 2000);
  await waitPing(lab, 'c', VIP);

  // Crash: SIGKILL of a's process group and its link down.
  t0 = Date.now();
  await crash(a2);
  lab.cable('a', false);
  await waitFor('b to take the VIP after the crash', () => hasAddress(lab, 'b', VIP), 3000);
  const crashMs = Date.now() - t0;
  const crashPingMs = await waitPing(lab, 'c', VIP);
  t.log(`crash: VIP on b after ${crashMs} ms (client reply ${crashPingMs} ms after that)`);
  t.true(crashMs < 1500);
  t.regex(
    b.output(),
    /web: BACKUP -> MASTER \(master down timer\)[^]*web: BACKUP -> MASTER \(master down timer\)/,
  );
  t.is(await stop(b), 0);
  t.false(hasAddress(lab, 'b', VIP), 'b removed its VIP on SIGTERM');
});
