// The VRRP runtime over fake kernel adapters: what it does at start (stale VIPs), how it carries out
// the engine's actions in order (advert, VIPs, routes, GARPs), how received packets become events or
// counted drops, how link notifications feed the interface trackers, a VIP deleted by hand, and stop.
import test from 'ava';
import { join } from 'node:path';
import { withFiles } from '../../helpers/config-files.js';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { createLogger } from '../../../src/lib/logger.js';
import { MemoryAddressRecord } from '../../../src/daemon/address-state.js';
import { VrrpRuntime } from '../../../src/daemon/vrrp-runtime.js';
import { decodeAdvert, encodeAdvert } from '../../../src/vrrp/codec/index.js';
import { Writable } from 'node:stream';
import { FakeFrames, FakeKernelNet, fakeTransports } from './fakes.js';

function config(lines: string[]): Config {
  return withFiles({ 'lvsd.yaml': lines }, (dir) => {
    const r = loadConfig(join(dir, 'lvsd.yaml'), { hostname: 'test' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.config;
  });
}

const BASE = [
  'vrrp_instances:',
  '  web:',
  '    interface: eth0',
  '    virtual_router_id: 51',
  '    priority: 150',
  '    advert_interval: 20ms',
  '    virtual_ipaddresses: ["192.0.2.10/24", { address: 192.0.2.11/24, label: "eth0:vip" }]',
  '    virtual_ipaddresses_excluded: ["2001:db8::10/64"]',
  '    virtual_routes: [{ to: 198.51.100.0/24, via: 10.0.0.254 }]',
  '    track_interfaces: [{ name: eth1, weight: 0 }]',
  '    garp: { master_delay: 0s, master_repeat: 2 }',
];

function harness(lines = BASE) {
  const net = new FakeKernelNet();
  net.link(2, 'eth0');
  net.link(3, 'eth1');
  net.address(2, '10.0.0.1', 24);
  net.address(2, '192.0.2.10', 24); // left by a crashed run
  const record = new MemoryAddressRecord();
  record.saved = [{ address: '192.0.2.99', prefixLength: 32, dev: 'eth0' }];
  net.address(2, '192.0.2.99', 32);
  const { factory, opened } = fakeTransports();
  const frames = new FakeFrames();
  let logText = '';
  const stream = new Writable({ write: (chunk, _enc, cb) => ((logText += String(chunk)), cb()) });
  const log = createLogger({ level: 'debug', format: 'text', stream });
  const runtime = new VrrpRuntime(config(lines), {
    net,
    openTransport: factory,
    frames,
    record,
    nowMs: () => performance.now(),
    log,
    runCommand: () => undefined,
    writeFifo: () => undefined,
  });
  return { runtime, net, opened, frames, record, log: () => logText };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('start removes stale VIPs; MASTER sends adverts, adds VIPs, routes, GARPs; stop sends priority 0 and removes', async (t) => {
  const h = harness();
  await h.runtime.start();
  t.deepEqual(h.net.calls.slice(0, 2), ['del 192.0.2.10/24 if2', 'del 192.0.2.99/32 if2']);
  t.is(h.opened.length, 1);
  const transport = h.opened[0]!;
  t.is(transport.options.localAddress, '10.0.0.1', 'the primary address, not a VIP');
  t.deepEqual(transport.destinations, ['224.0.0.18']);
  await sleep(200); // master down: 3 × 20 ms + skew
  t.is(h.runtime.info()[0]?.state, 'MASTER');
  const first = decodeAdvert(transport.sent[0]!.bytes, { source: '10.0.0.1', destination: '224.0.0.18' });
  t.true(first.ok);
  if (first.ok) {
    t.is(first.advert.priority, 150);
    t.deepEqual(first.advert.addresses, ['192.0.2.10', '192.0.2.11'], 'excluded VIPs are not advertised');
  }
  t.true(transport.sent.length >= 2, 'adverts keep going');
  await sleep(10);
  t.deepEqual(h.net.calls.slice(2), [
    'add 192.0.2.10/24 if2',
    'add 192.0.2.11/24 if2 label eth0:vip',
    'add 2001:db8::10/64 if2 nodad',
    'add route 198.51.100.0/24 via 10.0.0.254 if2',
  ]);
  t.is(h.frames.sent.length, 6, '2 GARPs for each of 2 VIPs and 2 NAs for the excluded IPv6 one');
  t.deepEqual(
    h.record.saved.map((r) => r.address),
    ['192.0.2.10', '192.0.2.11', '2001:db8::10'],
  );

  const before = transport.sent.length;
  await h.runtime.stop();
  const last = decodeAdvert(transport.sent[before]!.bytes, { source: '10.0.0.1', destination: '224.0.0.18' });
  t.true(last.ok && last.advert.priority === 0, 'priority 0 on stop');
  t.deepEqual(h.net.calls.slice(-4), [
    'del route 198.51.100.0/24',
    'del 192.0.2.10/24 if2',
    'del 192.0.2.11/24 if2',
    'del 2001:db8::10/64 if2',
  ]);
  t.deepEqual(h.record.saved, []);
  t.true(transport.closed && h.net.closed);
});

test('received packets: other VRIDs ignored, bad TTL and checksum counted, a higher priority takes over', async (t) => {
  const h = harness();
  await h.runtime.start();
  await sleep(200);
  const transport = h.opened[0]!;
  const advert = (vrid: number, priority: number) =>
    encodeAdvert(
      { version: 3, family: 'ipv4', vrid, priority, advertIntervalCs: 2, addresses: ['192.0.2.10'] },
      { source: '10.0.0.2', destination: '224.0.0.18' },
    );
  const facts = (ttl: number) => ({
    source: '10.0.0.2',
    destination: '224.0.0.18',
    ttl,
    path: 'multicast' as const,
  });
  transport.options.onPacket({ message: advert(52, 200), facts: facts(255) });
  transport.options.onPacket({ message: advert(51, 200), facts: facts(64) });
  const broken = advert(51, 200);
  broken[7] = (broken[7] ?? 0) ^ 0xff;
  transport.options.onPacket({ message: broken, facts: facts(255) });
  t.deepEqual(h.runtime.info()[0]?.codecDrops, { 'bad-ttl': 1, 'bad-checksum': 1 });
  t.is(h.runtime.info()[0]?.state, 'MASTER');
  transport.options.onPacket({ message: advert(51, 200), facts: facts(255) });
  t.is(h.runtime.info()[0]?.state, 'BACKUP');
  t.regex(h.log(), /web: MASTER -> BACKUP \(higher priority 200 from 10\.0\.0\.2\)/);
  await h.runtime.stop();
});

test('a tracked link going down is a FAULT; a VIP deleted by hand is put back', async (t) => {
  const h = harness();
  await h.runtime.start();
  await sleep(200);
  await sleep(10);
  h.net.addressList = h.net.addressList.filter((a) => a.address !== '192.0.2.11');
  h.net.notify({ kind: 'address' });
  await sleep(10);
  t.is(h.net.calls.filter((c) => c.startsWith('add 192.0.2.11/24')).length, 2);
  t.regex(
    h.log(),
    /a held VIP was deleted from outside lvsd; putting it back instance=web address=192\.0\.2\.11\/24/,
  );
  h.net.linkList[1]!.running = false;
  h.net.notify({ kind: 'link' });
  await sleep(10);
  t.is(h.runtime.info()[0]?.state, 'FAULT');
  t.regex(h.log(), /interface eth1 is down/);
  h.net.linkList[1]!.running = true;
  h.net.notify({ kind: 'link' });
  await sleep(10);
  t.is(h.runtime.info()[0]?.state, 'BACKUP');
  await h.runtime.stop();
});

test('an instance whose interface is missing is reported and the others run', async (t) => {
  const h = harness([
    ...BASE,
    '  other:',
    '    interface: eth9',
    '    virtual_router_id: 52',
    '    virtual_ipaddresses: ["192.0.2.20/24"]',
  ]);
  await h.runtime.start();
  t.is(h.runtime.running, 1);
  t.regex(h.log(), /vrrp instance not started instance=other error="no interface eth9"/);
  await h.runtime.stop();
});
