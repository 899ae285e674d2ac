// The status formatter prints exactly what `ipvsadm -Ln` and `ipvsadm -Ln --stats --exact` print
// (the expected text is ipvsadm 1.31's output in the QEMU guest for the same table), and JSON.
import test from 'ava';
import type { KernelSnapshot } from '../../../src/ipvs/kernel.js';
import { ZERO_STATS, type KernelDestination, type KernelService } from '../../../src/ipvs/model.js';
import { formatStatus, statusJson } from '../../../src/ipvs/status.js';
import { dest, service, tcp } from './tables.js';

const info = { version: '1.2.1', connTableSize: 4096 };
const svc = (s: ReturnType<typeof service>): KernelService => ({ ...s, stats: { ...ZERO_STATS } });
const dst = (d: ReturnType<typeof dest>, extra: Partial<KernelDestination> = {}): KernelDestination => ({
  ...d,
  activeConns: 0,
  inactiveConns: 0,
  persistentConns: 0,
  stats: { ...ZERO_STATS },
  ...extra,
});

// Deliberately out of order: the formatter sorts as ipvsadm does.
const snapshot: KernelSnapshot = {
  services: [
    {
      service: svc(
        service(
          { kind: 'fwmark', family: 'ipv6', fwmark: 8 },
          { scheduler: 'rr', flags: 1, timeoutS: 60, netmask: 64 },
        ),
      ),
      destinations: [],
    },
    {
      service: svc(service({ kind: 'fwmark', family: 'ipv4', fwmark: 7 }, { scheduler: 'mh', flags: 0x10 })),
      destinations: [dst(dest('10.0.0.9', 0, { forwarding: 'dr' }))],
    },
    {
      service: svc(
        service(
          { kind: 'address', family: 'ipv6', protocol: 'udp', address: '2001:db8::10', port: 53 },
          { scheduler: 'sh', flags: 0x1c },
        ),
      ),
      destinations: [dst(dest('2001:db8::1', 53, { weight: 5 }))],
    },
    {
      service: svc(
        service(
          { kind: 'address', family: 'ipv4', protocol: 'sctp', address: '192.0.2.11', port: 9 },
          { scheduler: 'lc', flags: 1, timeoutS: 360 },
        ),
      ),
      destinations: [],
    },
    {
      service: svc(
        service(
          { kind: 'address', family: 'ipv4', protocol: 'udp', address: '192.0.2.12', port: 5060 },
          { scheduler: 'nq', flags: 1, timeoutS: 10, peName: 'sip' },
        ),
      ),
      destinations: [],
    },
    {
      service: svc(service(tcp('192.0.2.12', 0), { scheduler: 'nq', flags: 1, timeoutS: 10, peName: 'sip' })),
      destinations: [],
    },
    {
      service: svc(
        service(tcp('192.0.2.10', 80), { scheduler: 'wrr', flags: 1, timeoutS: 300, netmask: 0xffffff00 }),
      ),
      destinations: [
        dst(dest('10.0.0.5', 80, { forwarding: 'tun', weight: 2 })),
        dst(
          dest('10.0.0.3', 80, {
            forwarding: 'tun',
            weight: 2,
            tunnel: { type: 'gue', port: 6080, flags: 0 },
          }),
        ),
        dst(dest('10.0.0.1', 8080, { weight: 3, upperThreshold: 100, lowerThreshold: 10 })),
        dst(
          dest('10.0.0.4', 80, { forwarding: 'tun', weight: 2, tunnel: { type: 'gre', port: 0, flags: 1 } }),
        ),
      ],
    },
  ],
};

const IPVSADM_LN = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.0.2.10:80 wrr persistent 300 mask 255.255.255.0
  -> 10.0.0.1:8080                Masq    3      0          0         
  -> 10.0.0.3:80                  Tunnel  2      0          0         
  -> 10.0.0.4:80                  Tunnel  2      0          0         
  -> 10.0.0.5:80                  Tunnel  2      0          0         
TCP  192.0.2.12:0 nq persistent 10 pe sip
UDP  192.0.2.12:5060 nq persistent 10 pe sip
SCTP 192.0.2.11:9 lc persistent 360
UDP  [2001:db8::10]:53 sh (sh-fallback,sh-port) ops
  -> [2001:db8::1]:53             Masq    5      0          0         
FWM  7 mh (mh-port)
  -> 10.0.0.9:0                   Route   1      0          0         
FWM  8 IPv6 rr persistent 60 mask 64
`;

const IPVSADM_STATS = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
  -> RemoteAddress:Port
TCP  192.0.2.10:80                       0        0        0        0        0
  -> 10.0.0.1:8080                       0        0        0        0        0
  -> 10.0.0.3:80                         0        0        0        0        0
  -> 10.0.0.4:80                         0        0        0        0        0
  -> 10.0.0.5:80                         0        0        0        0        0
TCP  192.0.2.12:0                        0        0        0        0        0
UDP  192.0.2.12:5060                     0        0        0        0        0
SCTP 192.0.2.11:9                        0        0        0        0        0
UDP  [2001:db8::10]:53                   0        0        0        0        0
  -> [2001:db8::1]:53                    0        0        0        0        0
FWM  7                                   0        0        0        0        0
  -> 10.0.0.9:0                          0        0        0        0        0
FWM  8 IPv6                              0        0        0        0        0
`;

test('the table reads exactly as ipvsadm -Ln prints it', (t) => {
  t.is(formatStatus(info, snapshot), IPVSADM_LN);
});

test('--stats reads exactly as ipvsadm -Ln --stats --exact prints it', (t) => {
  t.is(formatStatus(info, snapshot, { stats: true }), IPVSADM_STATS);
});

test('counters and connections appear in their columns', (t) => {
  const busy: KernelSnapshot = {
    services: [
      {
        service: {
          ...svc(service(tcp('127.0.0.5', 80), { scheduler: 'rr' })),
          stats: { ...ZERO_STATS, conns: 3, inPkts: 8, outPkts: 7, inBytes: 446, outBytes: 354 },
        },
        destinations: [
          dst(dest('127.0.0.1', 7), {
            activeConns: 12,
            inactiveConns: 345,
            stats: { ...ZERO_STATS, conns: 123456789 },
          }),
        ],
      },
    ],
  };
  const text = formatStatus(info, busy).split('\n');
  t.is(text[4], '  -> 127.0.0.1:7                  Masq    1      12         345       ');
  const stats = formatStatus(info, busy, { stats: true }).split('\n');
  t.is(stats[3], 'TCP  127.0.0.5:80                        3        8        7      446      354');
  t.is(stats[4], '  -> 127.0.0.1:7                  123456789        0        0        0        0');
});

test('an empty table is the three header lines', (t) => {
  t.is(formatStatus(info, { services: [] }).split('\n').length, 4);
});

test('JSON names every field, sorted like the text', (t) => {
  const json = statusJson(info, snapshot);
  t.is(json.version, '1.2.1');
  t.deepEqual(
    json.services.map((s) => s.id),
    [
      'tcp 192.0.2.10:80',
      'tcp 192.0.2.12:0',
      'udp 192.0.2.12:5060',
      'sctp 192.0.2.11:9',
      'udp [2001:db8::10]:53',
      'fwmark 7 ipv4',
      'fwmark 8 ipv6',
    ],
  );
  const web = json.services[0];
  t.deepEqual(web?.persistence, { timeoutS: 300, netmask: '255.255.255.0' });
  t.deepEqual(
    web?.destinations.map((d) => [d.address, d.forwarding, d.tunnel?.type ?? null]),
    [
      ['10.0.0.1', 'nat', null],
      ['10.0.0.3', 'tun', 'gue'],
      ['10.0.0.4', 'tun', 'gre'],
      ['10.0.0.5', 'tun', 'ipip'],
    ],
  );
  t.deepEqual(json.services[4]?.schedulerFlags, ['sh-fallback', 'sh-port']);
  t.true(json.services[4]?.onePacket);
  t.deepEqual(json.services[6]?.persistence, { timeoutS: 60, prefixLength: 64 });
  t.is(json.services[1]?.pe, 'sip');
  t.notThrows(() => JSON.stringify(json));
});
