// The VRRP runtime's reload over fake kernel adapters: an unchanged instance keeps its socket and sends
// nothing; an added VIP is added and announced alone; a MASTER swaps changed routes alone; a renamed instance keeps its socket, state and
// VIPs; a new VRID under the same name stops the old router (priority 0 on the old socket, VIPs and
// routes removed) before the new one starts on a new socket; a new unicast peer gets a new socket; a
// sync group that cannot start refuses the reload and leaves everything running.
import test from 'ava';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { withFiles } from '../../helpers/config-files.js';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { createLogger } from '../../../src/lib/logger.js';
import { MemoryAddressRecord } from '../../../src/daemon/address-state.js';
import { VrrpRuntime } from '../../../src/daemon/vrrp-runtime.js';
import { decodeAdvert } from '../../../src/vrrp/codec/index.js';
import { FakeFrames, FakeKernelNet, fakeTransports, type FakeTransport } from '../net/fakes.js';

function config(instances: string[], extra: string[] = []): Config {
  return withFiles({ 'lvsd.yaml': ['vrrp_instances:', ...instances, ...extra] }, (dir) => {
    const r = loadConfig(join(dir, 'lvsd.yaml'), { hostname: 'test' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.config;
  });
}

const ROUTE = '{ to: 198.51.100.0/24, via: 10.0.0.254 }';
const web = (name = 'web', vrid = 51, vips = '["192.0.2.10/24"]', more = '', routes = [ROUTE]) =>
  `  ${name}: { interface: eth0, virtual_router_id: ${vrid}, priority: 150, advert_interval: 20ms, virtual_ipaddresses: ${vips}, virtual_routes: [${routes.join(', ')}], garp: { master_delay: 0s, master_repeat: 2 }${more} }`;

async function running(first: Config) {
  const net = new FakeKernelNet();
  net.link(2, 'eth0');
  net.address(2, '10.0.0.1', 24);
  const { factory, opened } = fakeTransports();
  const frames = new FakeFrames();
  let logText = '';
  const stream = new Writable({ write: (chunk, _e, cb) => ((logText += String(chunk)), cb()) });
  const runtime = new VrrpRuntime(first, {
    net,
    openTransport: factory,
    frames,
    record: new MemoryAddressRecord(),
    nowMs: () => performance.now(),
    log: createLogger({ level: 'debug', format: 'text', stream }),
    runCommand: () => undefined,
    writeFifo: () => undefined,
  });
  await runtime.start();
  await sleep(150);
  return { runtime, net, opened, frames, log: () => logText };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const priorities = (t: FakeTransport) =>
  t.sent.map((s) => {
    const d = decodeAdvert(s.bytes, { source: '10.0.0.1', destination: '224.0.0.18' });
    return d.ok ? d.advert.priority : -1;
  });

test('unchanged: same socket, no extra advert; an added VIP is added and announced alone', async (t) => {
  const h = await running(config([web()]));
  t.is(h.runtime.info()[0]?.state, 'MASTER');
  const sock = h.opened[0] as FakeTransport;
  const sentBefore = sock.sent.length;
  const same = await h.runtime.reload(config([web()]));
  t.like(same, { ok: true, unchanged: ['web'] });
  t.is(sock.sent.length, sentBefore, 'no advert on reload');
  const framesBefore = h.frames.sent.length;
  const callsBefore = h.net.calls.length;
  const grown = await h.runtime.reload(config([web('web', 51, '["192.0.2.10/24", "192.0.2.11/24"]')]));
  t.like(grown, { ok: true, changed: ['web'] });
  await h.runtime.holder.idle();
  t.deepEqual(h.net.calls.slice(callsBefore), [
    'add 192.0.2.11/24 if2',
    'add route 198.51.100.0/24 via 10.0.0.254 if2',
  ]);
  t.is(h.frames.sent.length - framesBefore, 2, 'master_repeat GARPs for the new address');
  t.is(h.opened.length, 1, 'the same socket');
  await h.runtime.stop();
});

test('changed routes: a MASTER deletes the removed one and adds the added one; a BACKUP and the rest touch nothing', async (t) => {
  const removed = '{ to: 203.0.113.0/24, via: 10.0.0.254 }';
  const added = '{ to: 100.64.0.0/24, via: 10.0.0.253, metric: 7 }';
  const vip = '["192.0.2.10/24"]';
  const api = (route: string) =>
    `  api: { interface: eth0, virtual_router_id: 52, advert_interval: 10s, virtual_ipaddresses: ["192.0.2.20/24"], virtual_routes: [${route}] }`;
  const h = await running(config([web('web', 51, vip, '', [ROUTE, removed]), api(removed)]));
  t.deepEqual(h.runtime.states(), { web: 'MASTER', api: 'BACKUP' });
  const [callsBefore, framesBefore] = [h.net.calls.length, h.frames.sent.length];
  const next = (more = '') => config([web('web', 51, vip, more, [ROUTE, added]), api(added)]);
  const r = await h.runtime.reload(next());
  t.like(r, { ok: true, changed: ['web', 'api'] });
  await h.runtime.holder.idle();
  t.deepEqual(h.net.calls.slice(callsBefore), [
    'del route 203.0.113.0/24',
    'add route 100.64.0.0/24 via 10.0.0.253 if2',
  ]);
  t.is(h.frames.sent.length, framesBefore, 'no GARP for a route');
  t.deepEqual(h.runtime.states(), { web: 'MASTER', api: 'BACKUP' });

  const callsAfter = h.net.calls.length;
  t.like(await h.runtime.reload(next()), { ok: true, unchanged: ['web', 'api'] });
  t.like(await h.runtime.reload(next(', preempt_delay: 1s')), { ok: true, changed: ['web'] });
  await h.runtime.holder.idle();
  t.deepEqual(h.net.calls.slice(callsAfter), [], 'routes that did not change are left alone');
  await h.runtime.stop();
  t.deepEqual(
    h.net.calls.slice(callsAfter),
    ['del route 198.51.100.0/24', 'del route 100.64.0.0/24', 'del 192.0.2.10/24 if2'],
    'leaving MASTER removes the routes it holds now',
  );
});

test('renamed: same socket, state and VIPs; nothing removed', async (t) => {
  const h = await running(config([web()]));
  const callsBefore = h.net.calls.length;
  const r = await h.runtime.reload(config([web('www')]));
  t.like(r, { ok: true, changed: ['www'] });
  t.deepEqual(Object.keys(h.runtime.states()), ['www']);
  t.is(h.runtime.states().www, 'MASTER');
  t.true(h.runtime.info()[0]?.vipsHeld);
  await h.runtime.holder.idle();
  t.deepEqual(h.net.calls.slice(callsBefore), []);
  t.is(h.opened.length, 1);
  await h.runtime.stop();
  t.true(h.net.calls.includes('del 192.0.2.10/24 if2'), 'the renamed instance gives its VIP back at stop');
});

test('a new VRID under the same name: the old router stops on its socket, the new one starts on a new one', async (t) => {
  const h = await running(config([web()]));
  const old = h.opened[0] as FakeTransport;
  const callsBefore = h.net.calls.length;
  const r = await h.runtime.reload(config([web('web', 52)]));
  t.like(r, { ok: true, added: ['web'], removed: ['web'] });
  t.is(priorities(old).at(-1), 0, 'priority 0 from the old router');
  t.true(old.closed);
  t.is(h.opened.length, 2);
  t.is(h.runtime.states().web, 'BACKUP');
  await h.runtime.holder.idle();
  t.deepEqual(h.net.calls.slice(callsBefore), ['del route 198.51.100.0/24', 'del 192.0.2.10/24 if2']);
  await h.runtime.stop();
});

test('a new unicast peer gets a new socket; the state stays', async (t) => {
  const h = await running(config([web('web', 51, '["192.0.2.10/24"]', ', unicast_peers: [10.0.0.2]')]));
  const r = await h.runtime.reload(
    config([web('web', 51, '["192.0.2.10/24"]', ', unicast_peers: [10.0.0.3]')]),
  );
  t.like(r, { ok: true, changed: ['web'] });
  t.is(h.opened.length, 2);
  t.true((h.opened[0] as FakeTransport).closed);
  t.deepEqual((h.opened[1] as FakeTransport).destinations, ['10.0.0.3']);
  t.is(h.runtime.states().web, 'MASTER');
  await h.runtime.stop();
});

test('a sync group with an instance that cannot start refuses the reload; nothing changes', async (t) => {
  const h = await running(config([web()]));
  const next = config(
    [web(), '  api: { interface: eth9, virtual_router_id: 52, virtual_ipaddresses: ["192.0.2.20/24"] }'],
    ['vrrp_sync_groups:', '  g: { instances: [web, api] }'],
  );
  const r = await h.runtime.reload(next);
  t.deepEqual(r, { ok: false, error: 'sync group g has instances that could not start' });
  t.is(h.runtime.states().web, 'MASTER');
  t.is(h.opened.length, 1);
  t.regex(h.log(), /vrrp instance not started instance=api error="no interface eth9"/);
  await h.runtime.stop();
});
