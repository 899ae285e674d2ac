// The IPVS manager on the recording fake kernel: start programs the configuration, a reload applies
// only the diff from the cached view, foreign entries survive, a restart adopts and cleans up,
// lvs_flush / lvs_flush_on_stop / lvs_timeouts, start-up warnings, partial failures, no IPVS at all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { FakeIpvsKernel } from '../../../src/ipvs/fake-kernel.js';
import { IpvsManager, type LogSink } from '../../../src/ipvs/manager.js';
import { formatOp } from '../../../src/ipvs/ops.js';
import { FileStateStore, MemoryStateStore, type IpvsStateStore } from '../../../src/ipvs/state-store.js';
import type { SysctlReader } from '../../../src/ipvs/sysctl.js';
import type { Config } from '../../../src/config/types.js';
import { configOf } from '../../helpers/config-files.js';
import { dest, service, table, tcp } from './tables.js';

class Log implements LogSink {
  lines: string[] = [];
  info(m: string) {
    this.lines.push(`info ${m}`);
  }
  warn(m: string) {
    this.lines.push(`warn ${m}`);
  }
  error(m: string) {
    this.lines.push(`error ${m}`);
  }
  get warnings() {
    return this.lines.filter((l) => l.startsWith('warn '));
  }
}

function config(vsLines: string[], globalLines: string[] = [], extra: string[] = []): Config {
  return configOf({
    'lvsd.yaml': ['global:', '  router_id: test', ...globalLines, 'virtual_servers:', ...vsLines, ...extra],
  });
}

const WEB = [
  '  - address: 192.0.2.10',
  '    port: 80',
  '    real_servers:',
  '      - { address: 10.0.0.1, weight: 1 }',
  '      - { address: 10.0.0.2, weight: 1 }',
];
const webWith = (w1: number, w2 = 1) =>
  WEB.map((l) =>
    l
      .replace('10.0.0.1, weight: 1', `10.0.0.1, weight: ${w1}`)
      .replace('10.0.0.2, weight: 1', `10.0.0.2, weight: ${w2}`),
  );

function setup(
  options: { kernel?: FakeIpvsKernel; store?: IpvsStateStore; sysctl?: Record<string, string> } = {},
) {
  const kernel = options.kernel ?? new FakeIpvsKernel();
  const store = options.store ?? new MemoryStateStore();
  const log = new Log();
  const values = options.sysctl ?? {
    'net.ipv4.ip_forward': '1',
    'net.ipv4.vs.expire_quiescent_template': '1',
  };
  const sysctl: SysctlReader = (name) => values[name] ?? null;
  const manager = new IpvsManager({
    openKernel: async () => {
      const info = await kernel.info();
      return info.ok ? { ok: true, value: kernel } : info;
    },
    store,
    log,
    sysctl,
    now: () => new Date('2030-01-01T00:00:00Z'),
  });
  return { kernel, store, log, manager };
}

const tableLines = (k: FakeIpvsKernel) =>
  [...k.table.values()].flatMap((e) => [
    `${e.service.key.kind === 'address' ? e.service.key.address : 'fwm'} ${e.service.scheduler}`,
    ...[...e.destinations.values()].map((d) => `  ${d.address}:${d.port} ${d.forwarding} w${d.weight}`),
  ]);

test('start programs every configured service and real server at its weight', async (t) => {
  const { kernel, manager, store } = setup();
  const plan = await manager.start(config(webWith(3)));
  t.deepEqual(tableLines(kernel), ['192.0.2.10 wlc', '  10.0.0.1:80 nat w3', '  10.0.0.2:80 nat w1']);
  t.is(plan?.reason, 'start');
  t.is(plan?.steps.length, 3);
  t.true(plan?.steps.every((s) => s.ok));
  t.is(manager.state, 'running');
  t.deepEqual([...(store as MemoryStateStore).owned].sort(), [
    'tcp 192.0.2.10:80',
    'tcp 192.0.2.10:80 -> 10.0.0.1:80',
    'tcp 192.0.2.10:80 -> 10.0.0.2:80',
  ]);
});

test('a reload changing one weight edits only that entry, from the cached view (no dump)', async (t) => {
  const { kernel, manager } = setup();
  await manager.start(config(webWith(1)));
  const callsBefore = kernel.calls.length;
  const plan = await manager.reload(config(webWith(5)));
  t.deepEqual(
    plan?.steps.map((s) => s.op),
    ['edit-dest tcp 192.0.2.10:80 -> 10.0.0.1:80 nat weight 5 thresholds 0-0'],
  );
  const calls = kernel.calls.slice(callsBefore);
  t.deepEqual(
    calls.map((c) => c.call),
    ['apply'],
  );
  t.deepEqual(tableLines(kernel), ['192.0.2.10 wlc', '  10.0.0.1:80 nat w5', '  10.0.0.2:80 nat w1']);
  t.is(manager.plans.last(), plan ?? undefined);
});

test('a reload told which virtual servers changed rebuilds those only and ends where a whole reload ends', async (t) => {
  const other = (address: string, w: number) => [
    `  - address: ${address}`,
    '    port: 80',
    `    real_servers: [{ address: 10.0.0.1, weight: ${w} }]`,
  ];
  const before = config([...WEB, ...other('192.0.2.11', 1), ...other('192.0.2.12', 1)]);
  const after = config([...webWith(1), ...other('192.0.2.11', 4), ...other('192.0.2.13', 1)]);
  const partial = setup();
  const whole = setup();
  await partial.manager.start(before);
  await whole.manager.start(before);
  const plan = await partial.manager.reload(after, {
    upserted: [
      { at: 1, name: '192.0.2.11:80:tcp' },
      { at: 2, name: '192.0.2.13:80:tcp' },
    ],
    removed: [{ at: 2, name: '192.0.2.12:80:tcp' }],
  });
  const wholePlan = await whole.manager.reload(after);
  t.deepEqual(plan?.steps.map((s) => s.op).sort(), wholePlan?.steps.map((s) => s.op).sort());
  t.deepEqual(plan?.steps.map((s) => s.op.split(' ')[0]).sort(), [
    'add-dest',
    'add-service',
    'delete-service',
    'edit-dest',
  ]);
  t.deepEqual(tableLines(partial.kernel), tableLines(whole.kernel));
  t.deepEqual([plan?.compared, wholePlan?.compared], [3, 'all']);
  t.deepEqual((partial.store as MemoryStateStore).owned, (whole.store as MemoryStateStore).owned);
  // the delta is trusted: a service outside it is not compared (its weight changed, the delta says not)
  const nine = config([...webWith(9), ...other('192.0.2.11', 4), ...other('192.0.2.13', 1)]);
  t.deepEqual((await partial.manager.reload(nine, { upserted: [], removed: [] }))?.steps, []);
  const fallback = await partial.manager.reload(nine, {
    upserted: [{ at: 1, name: '192.0.2.10:80:tcp' }],
    removed: [],
  });
  t.deepEqual(
    fallback?.steps.map((s) => s.op),
    ['edit-dest tcp 192.0.2.10:80 -> 10.0.0.1:80 nat weight 9 thresholds 0-0'],
    'a delta that does not fit the configuration: every service is compared',
  );
});

test('a reload that throws (state_dir not writable) leaves the next reload comparing everything', async (t) => {
  class FailingStore extends MemoryStateStore {
    fail = false;
    override async saveOwned(owned: ReadonlySet<string>) {
      if (this.fail) throw new Error('EACCES: state_dir');
      return super.saveOwned(owned);
    }
  }
  const store = new FailingStore();
  const { kernel, manager } = setup({ store });
  const extra = ['  - address: 192.0.2.11', '    port: 80', '    real_servers: [{ address: 10.0.0.1 }]'];
  await manager.start(config(WEB));
  store.fail = true;
  const added = config([...WEB, ...extra]);
  await t.throwsAsync(
    manager.reload(added, { upserted: [{ at: 1, name: '192.0.2.11:80:tcp' }], removed: [] }),
    {
      message: /EACCES/,
    },
  );
  store.fail = false;
  const retry = await manager.reload(added, { upserted: [], removed: [] });
  t.is(retry?.compared, 'all');
  t.deepEqual(tableLines(kernel), [
    '192.0.2.10 wlc',
    '  10.0.0.1:80 nat w1',
    '  10.0.0.2:80 nat w1',
    '192.0.2.11 wlc',
    '  10.0.0.1:80 nat w1',
  ]);
});

test('a reload that throws before its ops (a kernel dump fails) leaves the next one comparing everything', async (t) => {
  const { kernel, manager } = setup();
  const two = (w1: number, w2: number, sync: string[] = []) =>
    config(
      [
        '  - address: 192.0.2.10',
        '    port: 80',
        `    real_servers: [{ address: 10.0.0.1, weight: ${w1} }]`,
        '  - address: 192.0.2.11',
        '    port: 80',
        `    real_servers: [{ address: 10.0.0.2, weight: ${w2} }]`,
      ],
      [],
      sync,
    );
  await manager.start(two(1, 1));
  const daemons = kernel.daemons.bind(kernel);
  kernel.daemons = () => Promise.reject(new TypeError('a decoder bug'));
  const sync = ['connection_sync: { interface: lo, sync_id: 7 }'];
  const first = { upserted: [{ at: 0, name: '192.0.2.10:80:tcp', realServers: [0] }], removed: [] };
  await t.throwsAsync(manager.reload(two(5, 1, sync), first), { message: /decoder bug/ });
  kernel.daemons = daemons;
  const second = { upserted: [{ at: 1, name: '192.0.2.11:80:tcp', realServers: [0] }], removed: [] };
  const plan = await manager.reload(two(5, 9, sync), second);
  t.is(plan?.compared, 'all');
  t.deepEqual(tableLines(kernel), [
    '192.0.2.10 wlc',
    '  10.0.0.1:80 nat w5',
    '192.0.2.11 wlc',
    '  10.0.0.2:80 nat w9',
  ]);
});

test('ownership that cannot be recorded after the ops is logged, and kept in memory', async (t) => {
  class LateFailingStore extends MemoryStateStore {
    saves = 0;
    failAt = -1;
    override async saveOwned(owned: ReadonlySet<string>) {
      if (++this.saves === this.failAt) throw new Error('ENOSPC: state_dir');
      return super.saveOwned(owned);
    }
  }
  const store = new LateFailingStore();
  const { kernel, manager, log } = setup({ store });
  const extra = ['  - address: 192.0.2.11', '    port: 80', '    real_servers: [{ address: 10.0.0.1 }]'];
  store.failAt = 2; // the start records its intent (1), applies, then records the result (2)
  const plan = await manager.start(config([...WEB, ...extra]));
  t.true(plan?.steps.every((s) => s.ok));
  t.true(log.lines.some((l) => l.startsWith('error cannot record the IPVS entries lvsd owns')));
  t.true(store.owned.has('tcp 192.0.2.11:80'), 'the file keeps the intent recorded before the ops');
  const removed = await manager.reload(config(WEB));
  t.deepEqual(
    removed?.steps.map((s) => s.op),
    ['delete-service tcp 192.0.2.11:80'],
    'lvsd still knows it owns the service',
  );
  t.deepEqual(tableLines(kernel), ['192.0.2.10 wlc', '  10.0.0.1:80 nat w1', '  10.0.0.2:80 nat w1']);
});

test('a reload with no change applies nothing', async (t) => {
  const { kernel, manager } = setup();
  await manager.start(config(WEB));
  const plan = await manager.reload(config(WEB));
  t.deepEqual(plan?.steps, []);
  t.deepEqual(kernel.appliedOps().length, 3);
});

test('foreign entries survive start, reload and stop; a colliding one is adopted with a warning', async (t) => {
  const foreign = table(
    [service(tcp('198.51.100.1', 53)), [dest('10.9.9.9', 53)]],
    [service(tcp('192.0.2.10', 80), { scheduler: 'rr' }), [dest('10.0.0.1')]],
  );
  const { kernel, manager, log } = setup({ kernel: new FakeIpvsKernel({ table: foreign }) });
  const plan = await manager.start(config(WEB, ['  lvs_flush_on_stop: true']));
  t.deepEqual(plan?.adopted, ['tcp 192.0.2.10:80', 'tcp 192.0.2.10:80 -> 10.0.0.1:80']);
  t.deepEqual(plan?.foreign, ['tcp 198.51.100.1:53']);
  t.true(log.warnings.some((w) => w.includes('adopting IPVS entry tcp 192.0.2.10:80')));
  t.deepEqual(
    plan?.steps.map((s) => s.op.split(' ')[0]),
    ['edit-service', 'add-dest'],
  );
  await manager.reload(config(webWith(2), ['  lvs_flush_on_stop: true']));
  await manager.stop();
  t.deepEqual(tableLines(kernel), ['198.51.100.1 wlc', '  10.9.9.9:53 nat w1']);
});

test('lvs_flush removes foreign entries at start only', async (t) => {
  const kernel = new FakeIpvsKernel({ table: table([service(tcp('198.51.100.1', 53)), []]) });
  const { manager } = setup({ kernel });
  const plan = await manager.start(config(WEB, ['  lvs_flush: true']));
  t.is(plan?.steps[0]?.op, 'delete-service tcp 198.51.100.1:53');
  kernel.table.set('tcp 198.51.100.2:53', {
    service: service(tcp('198.51.100.2', 53)),
    destinations: new Map(),
  });
  await manager.reload(config(webWith(2), ['  lvs_flush: true']));
  t.true(kernel.table.has('tcp 198.51.100.2:53'), 'a reload does not flush');
});

test('a restart adopts the configured entries silently and removes recorded ones no longer configured', async (t) => {
  const kernel = new FakeIpvsKernel();
  const store = new MemoryStateStore();
  const first = setup({ kernel, store });
  await first.manager.start(
    config([...WEB, '  - address: 192.0.2.20', '    port: 80', '    real_servers: [{ address: 10.0.0.5 }]']),
  );
  await first.manager.stop();
  t.is(kernel.table.size, 2, 'without lvs_flush_on_stop the entries stay');
  kernel.table.set('tcp 198.51.100.1:53', {
    service: service(tcp('198.51.100.1', 53)),
    destinations: new Map(),
  });
  const second = setup({ kernel, store });
  const plan = await second.manager.start(config(webWith(1, 4)));
  t.deepEqual(
    plan?.steps.map((s) => s.op),
    [
      'delete-service tcp 192.0.2.20:80',
      'edit-dest tcp 192.0.2.10:80 -> 10.0.0.2:80 nat weight 4 thresholds 0-0',
    ],
  );
  t.deepEqual(plan?.adopted, []);
  t.false(second.log.warnings.some((w) => w.includes('adopting')));
  t.true(kernel.table.has('tcp 198.51.100.1:53'), 'the foreign service stays');
});

test('lvs_flush_on_stop removes what lvsd owns and forgets it', async (t) => {
  const { kernel, manager, store } = setup();
  await manager.start(config(WEB, ['  lvs_flush_on_stop: true']));
  const plan = await manager.stop();
  t.deepEqual(
    plan?.steps.map((s) => s.op),
    ['delete-service tcp 192.0.2.10:80'],
  );
  t.is(kernel.table.size, 0);
  t.is((store as MemoryStateStore).owned.size, 0);
  t.is(manager.state, 'stopped');
  t.true(kernel.calls.some((c) => c.call === 'close'));
});

test('lvs_timeouts are set at start, and again on reload only when they change', async (t) => {
  const { kernel, manager } = setup();
  await manager.start(config(WEB, ['  lvs_timeouts: { tcp: 1000s, udp: 30s }']));
  t.deepEqual(kernel.timeoutValues, { tcpS: 1000, tcpFinS: 120, udpS: 30 });
  const same = await manager.reload(config(WEB, ['  lvs_timeouts: { tcp: 1000s, udp: 30s }']));
  t.false(same?.steps.some((s) => s.op.startsWith('set-timeouts')));
  const changed = await manager.reload(config(WEB, ['  lvs_timeouts: { tcp_fin: 60s }']));
  t.deepEqual(
    changed?.steps.map((s) => s.op),
    ['set-timeouts timeouts tcp 0s tcp_fin 60s udp 0s'],
  );
  t.deepEqual(kernel.timeoutValues, { tcpS: 1000, tcpFinS: 60, udpS: 30 });
});

test('no IPVS in the kernel: said once, clearly; reload and stop do nothing', async (t) => {
  const { manager, log, kernel } = setup({ kernel: new FakeIpvsKernel({ unavailable: true }) });
  t.is(await manager.start(config(WEB)), null);
  t.is(manager.state, 'unavailable');
  t.is(await manager.reload(config(webWith(2))), null);
  t.is(await manager.stop(), null);
  t.deepEqual(log.warnings.length, 1);
  t.regex(log.warnings[0] ?? '', /no IPVS in this kernel .*VRRP runs on/);
  t.deepEqual(kernel.appliedOps(), []);
});

test('start-up warnings: NAT with ip_forward 0, inhibit_on_failure with persistence and expire_quiescent_template 0', async (t) => {
  const vs = [
    '  - address: 192.0.2.10',
    '    port: 80',
    '    persistence: { timeout: 60s }',
    '    real_servers: [{ address: 10.0.0.1, inhibit_on_failure: true }]',
  ];
  const bad = setup({ sysctl: { 'net.ipv4.ip_forward': '0', 'net.ipv4.vs.expire_quiescent_template': '0' } });
  await bad.manager.start(config(vs));
  t.is(bad.log.warnings.length, 2);
  t.regex(bad.log.warnings[0] ?? '', /net\.ipv4\.ip_forward is 0/);
  t.regex(bad.log.warnings[1] ?? '', /expire_quiescent_template is 0/);
  const good = setup();
  await good.manager.start(config(vs));
  t.deepEqual(good.log.warnings, []);
  const dr = setup({ sysctl: { 'net.ipv4.ip_forward': '0' } });
  await dr.manager.start(config(WEB.map((l) => l.replace('port: 80', 'port: 80\n    forwarding: dr'))));
  t.deepEqual(dr.log.warnings, [], 'DR needs no forwarding');
});

test('after a partial failure lvsd re-reads the kernel and reconciles again', async (t) => {
  const { kernel, manager } = setup();
  kernel.failNext((op) => op.op === 'add-dest' && op.dest.address === '10.0.0.2', 12);
  const plan = await manager.start(config(WEB));
  t.is(plan?.passes, 2);
  t.deepEqual(
    plan?.steps.filter((s) => !s.ok).map((s) => s.error?.code),
    ['ENOMEM'],
  );
  t.deepEqual(tableLines(kernel), ['192.0.2.10 wlc', '  10.0.0.1:80 nat w1', '  10.0.0.2:80 nat w1']);
  t.deepEqual(kernel.calls.filter((c) => c.call === 'services').length, 2, 'read at start, re-read once');
});

test('a persistent failure is reported after the second pass, and the rest is programmed', async (t) => {
  const { kernel, manager, log } = setup();
  kernel.failNext((op) => op.op === 'add-dest' && op.dest.address === '10.0.0.2', 22, 2);
  const plan = await manager.start(config(WEB));
  t.is(plan?.passes, 2);
  t.deepEqual(plan?.steps.filter((s) => !s.ok).length, 2);
  t.deepEqual(tableLines(kernel), ['192.0.2.10 wlc', '  10.0.0.1:80 nat w1']);
  t.true(
    log.lines.some(
      (l) => l.startsWith('error ipvs add-dest tcp 192.0.2.10:80 -> 10.0.0.2:80') && l.endsWith('EINVAL'),
    ),
  );
  const retry = await manager.reload(config(WEB), { upserted: [], removed: [] });
  t.deepEqual(
    retry?.steps.map((s) => `${s.ok} ${s.op.split(' ')[0]}`),
    ['true add-dest'],
    'the next reload tries again, comparing every service even when told nothing changed',
  );
  t.deepEqual(tableLines(kernel), ['192.0.2.10 wlc', '  10.0.0.1:80 nat w1', '  10.0.0.2:80 nat w1']);
});

test('an entry deleted behind lvsd’s back is repaired when a reload hits it', async (t) => {
  const { kernel, manager } = setup();
  await manager.start(config(WEB));
  kernel.table.clear();
  const plan = await manager.reload(config(webWith(2)));
  t.is(plan?.passes, 2);
  t.deepEqual(
    plan?.steps.map((s) => `${s.ok ? 'ok' : s.error?.code} ${s.op.split(' ')[0]}`),
    ['ESRCH edit-dest', 'ok add-service', 'ok add-dest', 'ok add-dest'],
  );
  t.deepEqual(tableLines(kernel), ['192.0.2.10 wlc', '  10.0.0.1:80 nat w2', '  10.0.0.2:80 nat w1']);
});

const SYNC = ['connection_sync:', '  interface: eth1', '  sync_id: 9'];
const INSTANCE = [
  'vrrp_instances:',
  '  web:',
  '    interface: eth0',
  '    virtual_router_id: 51',
  '    priority: 100',
  '    virtual_ipaddresses: [192.0.2.10/24]',
];

test('connection sync: both daemons without follow_instance; they stop with lvsd', async (t) => {
  const { kernel, manager } = setup();
  await manager.start(config(WEB, [], SYNC));
  t.deepEqual(
    kernel.daemonList.map((d) => `${d.state} ${d.interface} ${d.syncId}`),
    ['master eth1 9', 'backup eth1 9'],
  );
  const plan = await manager.stop();
  t.deepEqual(
    plan?.steps.map((s) => s.op),
    ['stop-daemon sync daemon master', 'stop-daemon sync daemon backup'],
  );
  t.deepEqual(kernel.daemonList, []);
});

test('connection sync following an instance: backup first, master while MASTER', async (t) => {
  const { kernel, manager } = setup();
  await manager.start(config(WEB, [], [...SYNC, '  follow_instance: web', ...INSTANCE]));
  t.deepEqual(
    kernel.daemonList.map((d) => d.state),
    ['backup'],
  );
  const plan = await manager.setSyncRole('master');
  t.deepEqual(
    plan?.steps.map((s) => s.op),
    ['stop-daemon sync daemon backup', 'start-daemon sync daemon master on eth1 id 9'],
  );
  t.deepEqual(
    kernel.daemonList.map((d) => d.state),
    ['master'],
  );
  t.is(await manager.setSyncRole('master'), null, 'no change, no plan');
});

test('the file store records ownership and the last plan in state_dir', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lvsd-ipvs-'));
  try {
    const store = new FileStateStore(join(dir, 'state'));
    const { manager } = setup({ store });
    await manager.start(config(WEB));
    const owned = JSON.parse(readFileSync(join(dir, 'state/ipvs-owned.json'), 'utf8')) as { owned: string[] };
    t.deepEqual(owned.owned, [
      'tcp 192.0.2.10:80',
      'tcp 192.0.2.10:80 -> 10.0.0.1:80',
      'tcp 192.0.2.10:80 -> 10.0.0.2:80',
    ]);
    await manager.reload(config(webWith(7)));
    const plan = JSON.parse(readFileSync(join(dir, 'state/ipvs-last-plan.json'), 'utf8')) as {
      reason: string;
      steps: { op: string }[];
    };
    t.is(plan.reason, 'reload');
    t.deepEqual(
      plan.steps.map((s) => s.op),
      ['edit-dest tcp 192.0.2.10:80 -> 10.0.0.1:80 nat weight 7 thresholds 0-0'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('getInfo reports state, counts and the last plan', async (t) => {
  const { manager } = setup();
  await manager.start(config(WEB));
  t.like(manager.getInfo(), {
    state: 'running',
    services: 1,
    owned: 3,
    ipvs: { version: '1.2.1', connTableSize: 4096 },
  });
  t.is(manager.getInfo().lastPlan?.reason, 'start');
  t.true(formatOp({ op: 'flush' }).startsWith('flush'));
});
