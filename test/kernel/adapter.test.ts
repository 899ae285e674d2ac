// Every kind of service and destination created, edited and deleted through the adapter in the
// guest, with `ipvsadm` as the oracle: our dump equals what was sent, `ipvsadm -Ln` equals our
// formatter's text, and ipvsadm's threshold and tunnel views agree. Then errors, timeouts, daemons.
import test from 'ava';
import type { Destination, Service } from '../../src/ipvs/model.js';
import { scenario } from './harness/session.js';

interface Phase {
  name: string;
  ops: string[];
  opKinds: Record<string, number>;
  failures: string[];
  intended: { id: string; service: Service; destinations: Destination[] }[];
  decoded: { id: string; service: Service; destinations: Destination[] }[];
  formatted: string;
  ipvsadmLn: string;
  thresholds: string;
  tunInfo: string;
}
interface Adapter {
  phases: Phase[];
  errors: { op: string; result: 'ok' | { name: string; code: string; errno: number; message: string } }[];
  timeouts: { before: unknown; after: { ok: boolean; value: unknown }; ipvsadm: string };
  daemons: { start: string[]; dump: unknown; ipvsadm: string; stop: string[]; afterStop: unknown };
  info: unknown;
}

let result: Adapter;
test.before(async (t) => {
  t.timeout(15 * 60_000);
  result = await scenario<Adapter>('adapter');
});

/** "TCP 192.0.2.1:8000" / "FWM 1": the first two words of an ipvsadm service line. */
function serviceWords(s: Service): string {
  const k = s.key;
  if (k.kind === 'fwmark') return `FWM ${k.fwmark}`;
  return `${k.protocol.toUpperCase()} ${k.family === 'ipv6' ? `[${k.address}]` : k.address}:${k.port}`;
}

function destName(d: Destination): string {
  return d.family === 'ipv6' ? `[${d.address}]:${d.port}` : `${d.address}:${d.port}`;
}

/** Per destination, the words after the name in an ipvsadm listing: "service dest word word". */
function listing(text: string, words: number): string[] {
  const out: string[] = [];
  let service = '';
  for (const line of text.split('\n').slice(3)) {
    if (line.trim() === '') continue;
    const parts = line.trim().split(/\s+/);
    if (!line.startsWith('  ->')) service = parts.slice(0, 2).join(' ');
    else out.push([service, ...parts.slice(1, 2 + words)].join(' '));
  }
  return out.sort();
}

/** ipvsadm's TunnelInfo column: ipip, gue:PORT:[r](+c|-c), gre:(+c|-c), n/a. */
function tunnelWord(d: Destination): string {
  if (d.forwarding !== 'tun') return 'n/a';
  const t = d.tunnel;
  const csum = `${t.flags & 2 ? 'r' : ''}${t.flags & 3 ? '+c' : '-c'}`;
  return t.type === 'ipip' ? 'ipip' : t.type === 'gue' ? `gue:${t.port}:${csum}` : `gre:${csum}`;
}

const PHASES = ['create every kind', 'edit every field', 'delete half', 'delete everything'];

test('the four phases ran and covered every kind of operation', (t) => {
  t.deepEqual(
    result.phases.map((p) => p.name),
    PHASES,
  );
  const [create, edit, half, all] = result.phases;
  t.deepEqual(create?.opKinds, { 'add-service': 21, 'add-dest': 31 });
  t.deepEqual(edit?.opKinds, { 'edit-service': 21, 'edit-dest': 31 });
  t.true((half?.opKinds['delete-service'] ?? 0) > 0 && (half?.opKinds['delete-dest'] ?? 0) > 0);
  t.deepEqual(all?.decoded, []);
  const schedulers = new Set(create?.intended.map((e) => e.service.scheduler));
  t.deepEqual([...schedulers].sort(), [
    'dh',
    'fo',
    'lblc',
    'lblcr',
    'lc',
    'mh',
    'nq',
    'ovf',
    'rr',
    'sed',
    'sh',
    'wlc',
    'wrr',
  ]);
});

for (const name of PHASES) {
  test(`${name}: every op succeeded and the kernel holds exactly what was sent`, (t) => {
    const phase = result.phases.find((p) => p.name === name);
    if (phase === undefined) return t.fail();
    t.deepEqual(phase.failures, []);
    t.deepEqual(phase.decoded, phase.intended);
  });

  test(`${name}: ipvsadm -Ln reads exactly as lvsd's status formatter`, (t) => {
    const phase = result.phases.find((p) => p.name === name);
    t.is(phase?.formatted, phase?.ipvsadmLn);
  });

  test(`${name}: ipvsadm shows the thresholds and tunnels that were sent`, (t) => {
    const phase = result.phases.find((p) => p.name === name);
    if (phase === undefined) return t.fail();
    const thresholds = phase.intended.flatMap((e) =>
      e.destinations.map(
        (d) => `${serviceWords(e.service)} ${destName(d)} ${d.upperThreshold} ${d.lowerThreshold}`,
      ),
    );
    t.deepEqual(listing(phase.thresholds, 2), thresholds.sort());
    const tunnels = phase.intended.flatMap((e) =>
      e.destinations.map(
        (d) =>
          `${serviceWords(e.service)} ${destName(d)} ${d.forwarding === 'nat' ? 'Masq' : d.forwarding === 'dr' ? 'Route' : 'Tunnel'} ${tunnelWord(d)}`,
      ),
    );
    t.deepEqual(listing(phase.tunInfo, 2), tunnels.sort());
  });
}

test('kernel refusals are named errors with errno and object', (t) => {
  t.deepEqual(
    result.errors.map((e) => (e.result === 'ok' ? 'ok' : `${e.result.name} ${e.result.code}`)),
    [
      'ok',
      'IpvsExistsError EEXIST',
      'IpvsNotFoundError ESRCH',
      'IpvsNotFoundError ENOENT',
      'IpvsInvalidError ERANGE',
      'IpvsInvalidError EINVAL',
      'IpvsInvalidError EINVAL',
      'IpvsNotFoundError ENOENT',
      'IpvsNotFoundError ENOENT',
      'ok',
      'IpvsNotFoundError ESRCH',
    ],
  );
  const exists = result.errors[1]?.result;
  t.like(exists, { errno: 17, message: 'add-service tcp 192.0.2.99:80: EEXIST' });
});

test('timeouts: set (0 keeps a value) and read back, as ipvsadm sees them', (t) => {
  t.deepEqual(result.timeouts.after, { ok: true, value: { tcpS: 1000, tcpFinS: 121, udpS: 33 } });
  t.is(result.timeouts.ipvsadm.trim(), 'Timeout (tcp tcpfin udp): 1000 121 33');
});

test('sync daemons: started with options, dumped, a second backup refused, stopped', (t) => {
  t.deepEqual(result.daemons.start, ['ok', 'ok', 'EEXIST']);
  t.deepEqual(result.daemons.dump, [
    { state: 'master', interface: 'lo', syncId: 51, maxLen: 1400, group: '239.1.2.3', port: 9000, ttl: 3 },
    { state: 'backup', interface: 'lo', syncId: 52, maxLen: 65507, group: '224.0.0.81', port: 8848, ttl: 1 },
  ]);
  t.regex(
    result.daemons.ipvsadm,
    /master sync daemon \(mcast=lo, syncid=51, maxlen=1400, group=239\.1\.2\.3, port=9000, ttl=3\)/,
  );
  t.deepEqual(result.daemons.stop, ['ok', 'ok']);
  t.deepEqual(result.daemons.afterStop, []);
});

test('info: IPVS version and connection table size', (t) => {
  t.deepEqual(result.info, { version: '1.2.1', connTableSize: 4096 });
});
