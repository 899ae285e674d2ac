// Every kind of service and destination created, edited and deleted through the adapter (driven by
// reconcile), with the kernel read back after each phase three ways: our dump, ipvsadm -Ln against
// our formatter, and ipvsadm's --thresholds and --tun-info views. Then the adapter's errors, timeouts,
// sync daemons and info.
import { readSnapshot, tableOf } from '../../../src/ipvs/kernel.js';
import {
  NO_TUNNEL,
  type Destination,
  type IpvsTable,
  type Service,
  type ServiceKey,
} from '../../../src/ipvs/model.js';
import { formatOp, type IpvsOp } from '../../../src/ipvs/ops.js';
import { Ownership } from '../../../src/ipvs/ownership.js';
import { reconcile } from '../../../src/ipvs/reconcile.js';
import { formatStatus } from '../../../src/ipvs/status.js';
import { table } from '../../unit/ipvs/tables.js';
import { ipvsadm, openKernel, plainTable } from './util.js';

const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'mh', 'fo', 'ovf'];
const addr = (
  family: 'ipv4' | 'ipv6',
  protocol: 'tcp' | 'udp' | 'sctp',
  address: string,
  port: number,
): ServiceKey => ({
  kind: 'address',
  family,
  protocol,
  address,
  port,
});
const svc = (
  key: ServiceKey,
  scheduler: string,
  flags = 0,
  timeoutS = 0,
  netmask?: number,
  peName = '',
): Service => ({
  key,
  scheduler,
  flags,
  timeoutS,
  netmask: netmask ?? (key.family === 'ipv6' ? 128 : 0xffffffff),
  peName,
});
const d = (address: string, port: number, extra: Partial<Destination> = {}): Destination => ({
  family: address.includes(':') ? 'ipv6' : 'ipv4',
  address,
  port,
  forwarding: 'nat',
  weight: 1,
  upperThreshold: 0,
  lowerThreshold: 0,
  tunnel: NO_TUNNEL,
  ...extra,
});

/** Phase 1: every kind. */
function created(): IpvsTable {
  const entries: [Service, Destination[]][] = SCHEDULERS.map((s, i) => {
    const flags = s === 'sh' ? 0x18 : s === 'mh' ? 0x10 : 0;
    return [
      svc(addr('ipv4', 'tcp', '192.0.2.1', 8000 + i), s, flags),
      [d('10.0.1.1', 80, { weight: i + 1 })],
    ];
  });
  entries[0]?.[1].push(
    d('10.0.0.2', 8000, { forwarding: 'dr', weight: 2 }),
    d('10.0.0.3', 8000, { forwarding: 'tun', weight: 3 }),
    d('10.0.0.4', 8000, { forwarding: 'tun', tunnel: { type: 'gue', port: 6080, flags: 1 } }),
    d('10.0.0.5', 8000, { forwarding: 'tun', tunnel: { type: 'gue', port: 6081, flags: 2 } }),
    d('10.0.0.6', 8000, { forwarding: 'tun', tunnel: { type: 'gre', port: 0, flags: 1 } }),
    d('10.0.0.7', 8000, { upperThreshold: 100, lowerThreshold: 10 }),
    d('10.0.0.8', 8000, { weight: 0 }),
    d('10.0.0.9', 8000, { weight: 65535 }),
  );
  entries.push(
    [
      svc(addr('ipv4', 'udp', '192.0.2.2', 53), 'wlc', 0x5, 60, 0xffff0000),
      [d('10.0.2.1', 53), d('10.0.2.2', 5353, { forwarding: 'dr' })],
    ],
    [svc(addr('ipv4', 'sctp', '192.0.2.3', 9), 'lc', 0x1, 360), [d('10.0.3.1', 9)]],
    [svc(addr('ipv4', 'udp', '192.0.2.4', 5060), 'rr', 0x1, 30, undefined, 'sip'), [d('10.0.4.1', 5060)]],
    [
      svc(addr('ipv6', 'tcp', '2001:db8::1', 443), 'wrr', 0x1, 600, 64),
      [d('2001:db8::10', 443), d('10.0.6.1', 443, { forwarding: 'tun' })],
    ],
    [
      svc(addr('ipv6', 'udp', '2001:db8::2', 53), 'sh', 0x8),
      [d('2001:db8::20', 53, { forwarding: 'dr', weight: 7 })],
    ],
    [svc(addr('ipv6', 'sctp', '2001:db8::3', 9), 'rr'), [d('2001:db8::30', 9)]],
    [
      svc({ kind: 'fwmark', family: 'ipv4', fwmark: 1 }, 'wlc', 0x1, 300, 0xffffff00),
      [d('10.0.5.1', 0, { forwarding: 'dr' })],
    ],
    [
      svc({ kind: 'fwmark', family: 'ipv6', fwmark: 2 }, 'mh', 0x8),
      [d('2001:db8::40', 0, { forwarding: 'tun' })],
    ],
  );
  return table(...entries);
}

/** Phase 2: every field edited in place. */
function edited(from: IpvsTable): IpvsTable {
  const next: [Service, Destination[]][] = [];
  let i = 0;
  for (const e of from.values()) {
    const s = e.service;
    const scheduler = SCHEDULERS[(SCHEDULERS.indexOf(s.scheduler) + 3) % SCHEDULERS.length] as string;
    const persistent = (s.flags & 1) === 0;
    const service: Service = {
      ...s,
      scheduler,
      flags: persistent ? 0x1 : 0,
      timeoutS: persistent ? 120 + i : 0,
      netmask: s.key.family === 'ipv6' ? (persistent ? 48 : 128) : persistent ? 0xffffff00 : 0xffffffff,
      peName: '',
    };
    const dests = [...e.destinations.values()].map((x, j): Destination => {
      if (x.forwarding === 'tun' && x.tunnel.type === 'gue')
        return { ...x, tunnel: { ...x.tunnel, port: x.tunnel.port + 100 } };
      if (x.forwarding === 'tun' && x.tunnel.type === 'gre')
        return { ...x, tunnel: { type: 'ipip', port: 0, flags: 0 } };
      if (x.family !== s.key.family) return { ...x, weight: x.weight + 5 };
      if (x.forwarding === 'nat' && j % 2 === 0) return { ...x, forwarding: 'dr', weight: x.weight + 1 };
      return {
        ...x,
        weight: (x.weight + 1) % 65536,
        upperThreshold: x.upperThreshold + 50,
        lowerThreshold: x.lowerThreshold + 5,
      };
    });
    next.push([service, dests]);
    i++;
  }
  return table(...next);
}

/** Phase 3: half the services and one destination of each remaining service deleted. */
function halved(from: IpvsTable): IpvsTable {
  const kept = [...from.values()].filter((_, i) => i % 2 === 0);
  return table(
    ...kept.map((e): [Service, Destination[]] => [e.service, [...e.destinations.values()].slice(1)]),
  );
}

export async function adapter() {
  ipvsadm('-C');
  const kernel = await openKernel();
  const phases: Record<string, unknown>[] = [];
  let current: IpvsTable = new Map();
  let owned = new Ownership();
  const plan = [
    ['create every kind', created()],
    ['edit every field', undefined],
    ['delete half', undefined],
    ['delete everything', new Map()],
  ] as const;
  for (const [name, given] of plan) {
    const desired = given ?? (name === 'edit every field' ? edited(current) : halved(current));
    const r = reconcile({ desired, kernel: current, owned, flushForeign: true });
    const results = await kernel.apply(r.ops);
    owned = owned.union(r.owned);
    const snapshot = await readSnapshot(kernel);
    if (!snapshot.ok) throw snapshot.error;
    current = tableOf(snapshot.value);
    const info = await kernel.info();
    phases.push({
      name,
      ops: r.ops.map(formatOp),
      opKinds: countKinds(r.ops),
      failures: results.flatMap((x, i) =>
        x.ok ? [] : [`${formatOp(r.ops[i] as IpvsOp)}: ${x.error.message}`],
      ),
      intended: plainTable(desired),
      decoded: plainTable(current),
      formatted: info.ok ? formatStatus(info.value, snapshot.value) : '',
      ipvsadmLn: ipvsadm('-Ln'),
      thresholds: ipvsadm('-Ln', '--thresholds'),
      tunInfo: ipvsadm('-Ln', '--tun-info'),
    });
  }
  const errors = await errorCases(kernel);
  const extras = await timeoutsAndDaemons(kernel);
  kernel.close();
  return { phases, errors, ...extras };
}

function countKinds(ops: IpvsOp[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const op of ops) out[op.op] = (out[op.op] ?? 0) + 1;
  return out;
}

async function errorCases(kernel: Awaited<ReturnType<typeof openKernel>>) {
  const key = addr('ipv4', 'tcp', '192.0.2.99', 80);
  const ops: IpvsOp[] = [
    { op: 'add-service', service: svc(key, 'rr') },
    { op: 'add-service', service: svc(key, 'rr') },
    { op: 'edit-service', service: svc(addr('ipv4', 'tcp', '192.0.2.98', 80), 'rr') },
    { op: 'add-service', service: svc(addr('ipv4', 'tcp', '192.0.2.97', 80), 'twos') },
    { op: 'add-dest', service: key, dest: d('10.0.9.1', 80, { upperThreshold: 1, lowerThreshold: 2 }) },
    {
      op: 'add-dest',
      service: key,
      dest: d('10.0.9.2', 80, { forwarding: 'tun', tunnel: { type: 'gue', port: 0, flags: 0 } }),
    },
    { op: 'add-dest', service: key, dest: d('2001:db8::99', 80) },
    { op: 'edit-dest', service: key, dest: d('10.0.9.3', 80) },
    { op: 'delete-dest', service: key, dest: d('10.0.9.4', 80) },
    { op: 'delete-service', key },
    { op: 'delete-service', key },
  ];
  const results = await kernel.apply(ops);
  return results.map((r, i) => ({
    op: formatOp(ops[i] as IpvsOp),
    result: r.ok
      ? 'ok'
      : { name: r.error.name, code: r.error.code, errno: r.error.errno, message: r.error.message },
  }));
}

async function timeoutsAndDaemons(kernel: Awaited<ReturnType<typeof openKernel>>) {
  const before = await kernel.timeouts();
  await kernel.apply([{ op: 'set-timeouts', timeouts: { tcpS: 1000, tcpFinS: 0, udpS: 33 } }]);
  const after = await kernel.timeouts();
  const ipvsadmTimeouts = ipvsadm('-L', '--timeout');
  const start = await kernel.apply([
    {
      op: 'start-daemon',
      daemon: {
        state: 'master',
        interface: 'lo',
        syncId: 51,
        maxLen: 1400,
        group: '239.1.2.3',
        port: 9000,
        ttl: 3,
      },
    },
    {
      op: 'start-daemon',
      daemon: { state: 'backup', interface: 'lo', syncId: 52, maxLen: 0, group: '', port: 0, ttl: 0 },
    },
    {
      op: 'start-daemon',
      daemon: { state: 'backup', interface: 'lo', syncId: 53, maxLen: 0, group: '', port: 0, ttl: 0 },
    },
  ]);
  const daemons = await kernel.daemons();
  const ipvsadmDaemons = ipvsadm('-L', '--daemon');
  const stop = await kernel.apply([
    { op: 'stop-daemon', state: 'master' },
    { op: 'stop-daemon', state: 'backup' },
  ]);
  const afterStop = await kernel.daemons();
  const info = await kernel.info();
  return {
    timeouts: { before, after, ipvsadm: ipvsadmTimeouts },
    daemons: {
      start: start.map((r) => (r.ok ? 'ok' : r.error.code)),
      dump: daemons.ok ? daemons.value : daemons.error.message,
      ipvsadm: ipvsadmDaemons,
      stop: stop.map((r) => (r.ok ? 'ok' : r.error.code)),
      afterStop: afterStop.ok ? afterStop.value : afterStop.error.message,
    },
    info: info.ok ? info.value : info.error.message,
  };
}
