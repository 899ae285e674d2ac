// Decoding the kernel's own replies (captured from Debian 12's kernel in the QEMU guest): services,
// destinations, daemons, info, timeouts, errors; and every truncation is a NetlinkDecodeError.
import test from 'ava';
import { NetlinkDecodeError } from '../../../src/ipvs/codec/bytes.js';
import {
  decodeDaemon,
  decodeDestination,
  decodeInfo,
  decodeService,
  decodeTimeouts,
} from '../../../src/ipvs/codec/decode.js';
import {
  NLMSG_DONE,
  NLMSG_ERROR,
  decodeFamilyId,
  parseDone,
  parseError,
  splitMessages,
  type NetlinkMessage,
} from '../../../src/ipvs/codec/netlink.js';
import { capture, replies } from './fixtures.js';

function messages(name: string): NetlinkMessage[] {
  return replies(name).flatMap((d) => splitMessages(d));
}

function dataOf(name: string): NetlinkMessage[] {
  const all = messages(name);
  const last = all.at(-1);
  if (last?.type !== NLMSG_DONE) throw new Error(`${name}: no NLMSG_DONE at the end`);
  return all.slice(0, -1);
}

const ZERO = {
  conns: 0,
  inPkts: 0,
  outPkts: 0,
  inBytes: 0,
  outBytes: 0,
  cps: 0,
  inPps: 0,
  outPps: 0,
  inBps: 0,
  outBps: 0,
};

test('the family id comes from the controller reply', (t) => {
  const [reply] = messages('get-family');
  if (reply === undefined) return t.fail();
  t.is(decodeFamilyId(reply), capture.familyId);
  t.is(capture.familyId, 32);
});

test('a service dump decodes every kind of service the guest had', (t) => {
  const services = dataOf('services').map(decodeService);
  const byName = new Map(services.map((s) => [JSON.stringify(s.key), s]));
  t.is(services.length, 5);
  t.deepEqual(
    byName.get(
      JSON.stringify({ kind: 'address', family: 'ipv4', protocol: 'tcp', address: '192.0.2.10', port: 80 }),
    ),
    {
      key: { kind: 'address', family: 'ipv4', protocol: 'tcp', address: '192.0.2.10', port: 80 },
      scheduler: 'wrr',
      flags: 0x1,
      timeoutS: 300,
      netmask: 0xffffff00,
      peName: '',
      stats: ZERO,
    },
  );
  const v6 = services.find((s) => s.key.family === 'ipv6');
  t.like(v6, { scheduler: 'sh', flags: 0x1c, timeoutS: 0, netmask: 128 });
  t.deepEqual(v6?.key, {
    kind: 'address',
    family: 'ipv6',
    protocol: 'udp',
    address: '2001:db8::10',
    port: 53,
  });
  const fwmark = services.find((s) => s.key.kind === 'fwmark');
  t.deepEqual(fwmark?.key, { kind: 'fwmark', family: 'ipv4', fwmark: 7 });
  t.like(fwmark, { scheduler: 'mh', flags: 0x10, netmask: 0xffffffff });
  const sip = services.find((s) => s.peName !== '');
  t.like(sip, { peName: 'sip', scheduler: 'nq', timeoutS: 10, flags: 0x1 });
  const busy = services.find((s) => s.key.kind === 'address' && s.key.address === '127.0.0.5');
  t.like(busy?.stats, { conns: 3, inPkts: 8, outPkts: 7, inBytes: 446, outBytes: 354 });
});

test('destinations decode forwarding, weights, thresholds and tunnels', (t) => {
  const dests = dataOf('destinations tcp 192.0.2.10:80').map((m) => decodeDestination(m, 'ipv4'));
  t.deepEqual(
    dests.map(({ stats: _s, ...d }) => d),
    [
      {
        family: 'ipv4',
        address: '10.0.0.3',
        port: 80,
        forwarding: 'tun',
        weight: 2,
        upperThreshold: 0,
        lowerThreshold: 0,
        tunnel: { type: 'gue', port: 6080, flags: 1 },
        activeConns: 0,
        inactiveConns: 0,
        persistentConns: 0,
      },
      {
        family: 'ipv4',
        address: '10.0.0.1',
        port: 8080,
        forwarding: 'nat',
        weight: 3,
        upperThreshold: 100,
        lowerThreshold: 10,
        tunnel: { type: 'ipip', port: 0, flags: 0 },
        activeConns: 0,
        inactiveConns: 0,
        persistentConns: 0,
      },
    ],
  );
  const [v6] = dataOf('destinations udp [2001:db8::10]:53').map((m) => decodeDestination(m, 'ipv6'));
  t.like(v6, { family: 'ipv6', address: '2001:db8::1', port: 53, forwarding: 'nat', weight: 5 });
  const [busy] = dataOf('destinations tcp 127.0.0.5:80').map((m) => decodeDestination(m, 'ipv4'));
  t.like(busy?.stats, { conns: 3, inPkts: 8, outPkts: 7, inBytes: 446, outBytes: 354 });
});

test('the destinations of a missing service are an empty dump, not an error', (t) => {
  const all = messages('destinations of a missing service');
  t.is(all.length, 1);
  t.is(all[0]?.type, NLMSG_DONE);
  t.is(parseDone(all[0] as NetlinkMessage), 0);
});

test('both sync daemons decode with the kernel defaults filled in', (t) => {
  t.deepEqual(dataOf('daemons').map(decodeDaemon), [
    { state: 'master', interface: 'lo', syncId: 51, maxLen: 1472, group: '224.0.0.81', port: 8848, ttl: 1 },
    { state: 'backup', interface: 'lo', syncId: 52, maxLen: 65507, group: '224.0.0.81', port: 8848, ttl: 1 },
  ]);
});

test('info and timeouts', (t) => {
  const [info] = messages('info');
  const [timeouts] = messages('timeouts');
  if (info === undefined || timeouts === undefined) return t.fail();
  t.deepEqual(decodeInfo(info), { version: '1.2.1', connTableSize: 4096 });
  t.deepEqual(decodeTimeouts(timeouts), { tcpS: 901, tcpFinS: 121, udpS: 301 });
});

test('a batch is answered by its failures and one ack, each naming its sequence number', (t) => {
  const all = messages('batch: add an existing service, then a good one (errors only, one ack)');
  t.deepEqual(
    all.map((m) => (m.type === NLMSG_ERROR ? parseError(m) : null)),
    [
      { errno: 17, seq: 18 },
      { errno: 0, seq: 19 },
    ],
  );
  const [missing] = messages('delete a missing service');
  t.deepEqual(parseError(missing as NetlinkMessage), { errno: 3, seq: 20 });
});

test('every truncation of a datagram is a NetlinkDecodeError', (t) => {
  for (const name of ['services', 'destinations tcp 192.0.2.10:80', 'daemons']) {
    const [datagram] = replies(name);
    if (datagram === undefined) return t.fail();
    const boundaries = new Set<number>([0]);
    let at = 0;
    for (const m of splitMessages(datagram)) boundaries.add((at += m.payload.length + 16));
    for (let n = 1; n < datagram.length; n++) {
      if (boundaries.has(n)) continue;
      t.throws(
        () => splitMessages(datagram.subarray(0, n)),
        { instanceOf: NetlinkDecodeError },
        `${name} cut at ${n}`,
      );
    }
  }
});

test('every truncation of a message payload is a NetlinkDecodeError', (t) => {
  const cases: [string, (m: NetlinkMessage) => unknown][] = [
    ['services', decodeService],
    ['destinations tcp 192.0.2.10:80', (m) => decodeDestination(m, 'ipv4')],
    ['destinations udp [2001:db8::10]:53', (m) => decodeDestination(m, 'ipv6')],
    ['daemons', decodeDaemon],
  ];
  let checked = 0;
  for (const [name, decode] of cases) {
    for (const m of dataOf(name)) {
      t.notThrows(() => decode(m));
      for (let n = 0; n < m.payload.length; n++) {
        const cut = { ...m, payload: m.payload.subarray(0, n) };
        t.throws(() => decode(cut), { instanceOf: NetlinkDecodeError });
        checked++;
      }
    }
  }
  t.true(checked > 2000);
});

test('flipped bytes give a value or a NetlinkDecodeError, never another exception', (t) => {
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const sources = dataOf('services');
  for (let i = 0; i < 3000; i++) {
    const m = sources[i % sources.length] as NetlinkMessage;
    const payload = m.payload.slice();
    const at = Math.floor(random() * payload.length);
    payload[at] = Math.floor(random() * 256);
    try {
      decodeService({ ...m, payload });
    } catch (e) {
      if (!(e instanceof NetlinkDecodeError)) return t.fail(`byte ${at}: ${String(e)}`);
    }
  }
  t.pass();
});
