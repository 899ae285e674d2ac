// Golden generic-netlink messages of the IPVS family, written out by hand from the uapi header
// (linux/ip_vs.h) and netlink's framing, one per command. The unit tests check that the encoder
// produces them byte for byte; the kernel suite sends these very bytes to the guest's kernel in this
// order and reads the result back with `ipvsadm -S -n` (the family id in bytes 4-5 is patched to the
// guest's). Integers are little-endian (x86-64); ports and IPv4 netmasks big-endian.
import type { IpvsQuery } from '../../../src/ipvs/codec/encode.js';
import { NO_TUNNEL, type Destination, type Service, type ServiceKey } from '../../../src/ipvs/model.js';
import type { IpvsOp } from '../../../src/ipvs/ops.js';

export const GOLDEN_FAMILY_ID = 0x20;

/** Hex with spaces, newlines and "#" comments. */
export function hex(text: string): Uint8Array {
  const digits = text
    .split('\n')
    .map((line) => line.replace(/#.*/, ''))
    .join('')
    .replace(/\s+/g, '');
  if (digits.length % 2 !== 0 || /[^0-9a-f]/i.test(digits)) throw new Error(`bad hex: ${digits}`);
  return Uint8Array.from(digits.match(/../g) ?? [], (b) => parseInt(b, 16));
}

export interface GoldenOp {
  name: string;
  op: IpvsOp;
  bytes: Uint8Array;
  /** Lines `ipvsadm -S -n` must show after this message (and every one before it) was applied. */
  shows: string[];
  /** Lines it must no longer show. */
  hides: string[];
}

const tcp80: ServiceKey = {
  kind: 'address',
  family: 'ipv4',
  protocol: 'tcp',
  address: '192.0.2.10',
  port: 80,
};
const udp6: ServiceKey = {
  kind: 'address',
  family: 'ipv6',
  protocol: 'udp',
  address: '2001:db8::10',
  port: 53,
};
const svc = (key: ServiceKey, scheduler: string, flags = 0, timeoutS = 0, netmask = 0xffffffff): Service => ({
  key,
  scheduler,
  flags,
  timeoutS,
  netmask,
  peName: '',
});
const dest = (address: string, port: number, extra: Partial<Destination> = {}): Destination => ({
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

const SVC_TCP80 = `
  24 00 01 80                # IPVS_CMD_ATTR_SERVICE, nested, 36 bytes
  06 00 01 00 02 00 00 00    # AF = AF_INET
  06 00 02 00 06 00 00 00    # PROTOCOL = 6 (tcp)
  08 00 03 00 c0 00 02 0a    # ADDR = 192.0.2.10
  06 00 04 00 00 50 00 00    # PORT = 80, big-endian`;

export const GOLDEN_OPS: GoldenOp[] = [
  {
    name: 'add-service tcp 192.0.2.10:80 wlc',
    op: { op: 'add-service', service: svc(tcp80, 'wlc') },
    bytes: hex(`
      5c 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # nlmsghdr: len 92, IPVS, REQUEST|ACK, seq 1
      01 01 00 00                                           # genl: NEW_SERVICE, version 1
      48 00 01 80                                           # SERVICE, nested, 72 bytes
      06 00 01 00 02 00 00 00  06 00 02 00 06 00 00 00       # AF, PROTOCOL
      08 00 03 00 c0 00 02 0a  06 00 04 00 00 50 00 00       # ADDR, PORT
      08 00 06 00 77 6c 63 00                               # SCHED_NAME "wlc"
      0c 00 07 00 00 00 00 00 ff ff ff ff                   # FLAGS {flags 0, mask ~0}
      08 00 08 00 00 00 00 00                               # TIMEOUT 0
      08 00 09 00 ff ff ff ff                               # NETMASK 255.255.255.255`),
    shows: ['-A -t 192.0.2.10:80 -s wlc'],
    hides: [],
  },
  {
    name: 'add-service tcp 192.0.2.10:443 wrr persistent 300 mask 255.255.255.0',
    op: { op: 'add-service', service: svc({ ...tcp80, port: 443 }, 'wrr', 0x1, 300, 0xffffff00) },
    bytes: hex(`
      5c 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00
      01 01 00 00
      48 00 01 80
      06 00 01 00 02 00 00 00  06 00 02 00 06 00 00 00
      08 00 03 00 c0 00 02 0a  06 00 04 00 01 bb 00 00       # PORT 443
      08 00 06 00 77 72 72 00                               # "wrr"
      0c 00 07 00 01 00 00 00 ff ff ff ff                   # FLAGS persistent
      08 00 08 00 2c 01 00 00                               # TIMEOUT 300
      08 00 09 00 ff ff ff 00                               # NETMASK 255.255.255.0`),
    shows: ['-A -t 192.0.2.10:443 -s wrr -p 300 -M 255.255.255.0'],
    hides: [],
  },
  {
    name: 'add-service udp [2001:db8::10]:53 sh sh-fallback,sh-port ops',
    op: { op: 'add-service', service: svc(udp6, 'sh', 0x1c, 0, 128) },
    bytes: hex(`
      68 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # len 104
      01 01 00 00
      54 00 01 80                                           # SERVICE, 84 bytes
      06 00 01 00 0a 00 00 00                               # AF = AF_INET6
      06 00 02 00 11 00 00 00                               # PROTOCOL = 17 (udp)
      14 00 03 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 10   # ADDR 2001:db8::10
      06 00 04 00 00 35 00 00                               # PORT 53
      07 00 06 00 73 68 00 00                               # "sh" (7 bytes, padded)
      0c 00 07 00 1c 00 00 00 ff ff ff ff                   # FLAGS ops|sched1|sched2
      08 00 08 00 00 00 00 00                               # TIMEOUT 0
      08 00 09 00 80 00 00 00                               # NETMASK: prefix 128, host order`),
    shows: ['-A -u [2001:db8::10]:53 -s sh -o -b sh-fallback,sh-port'],
    hides: [],
  },
  {
    name: 'add-service fwmark 7 ipv4 mh mh-port',
    op: { op: 'add-service', service: svc({ kind: 'fwmark', family: 'ipv4', fwmark: 7 }, 'mh', 0x10) },
    bytes: hex(`
      4c 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # len 76
      01 01 00 00
      38 00 01 80                                           # SERVICE, 56 bytes
      06 00 01 00 02 00 00 00                               # AF
      08 00 05 00 07 00 00 00                               # FWMARK 7
      07 00 06 00 6d 68 00 00                               # "mh"
      0c 00 07 00 10 00 00 00 ff ff ff ff                   # FLAGS sched2
      08 00 08 00 00 00 00 00
      08 00 09 00 ff ff ff ff`),
    shows: ['-A -f 7 -s mh -b mh-port'],
    hides: [],
  },
  {
    name: 'add-dest 10.0.0.1:8080 nat weight 3 thresholds 10-100',
    op: {
      op: 'add-dest',
      service: tcp80,
      dest: dest('10.0.0.1', 8080, { weight: 3, upperThreshold: 100, lowerThreshold: 10 }),
    },
    bytes: hex(`
      74 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # len 116
      05 01 00 00                                           # NEW_DEST
      ${SVC_TCP80}
      3c 00 02 80                                           # DEST, nested, 60 bytes
      08 00 01 00 0a 00 00 01                               # ADDR 10.0.0.1
      06 00 02 00 1f 90 00 00                               # PORT 8080
      08 00 03 00 00 00 00 00                               # FWD_METHOD masq
      08 00 04 00 03 00 00 00                               # WEIGHT 3
      08 00 05 00 64 00 00 00                               # U_THRESH 100
      08 00 06 00 0a 00 00 00                               # L_THRESH 10
      06 00 0b 00 02 00 00 00                               # ADDR_FAMILY`),
    shows: ['-a -t 192.0.2.10:80 -r 10.0.0.1:8080 -m -w 3'],
    hides: [],
  },
  {
    name: 'add-dest 10.0.0.3:80 tun gue port 6080 csum weight 2',
    op: {
      op: 'add-dest',
      service: tcp80,
      dest: dest('10.0.0.3', 80, {
        forwarding: 'tun',
        weight: 2,
        tunnel: { type: 'gue', port: 6080, flags: 1 },
      }),
    },
    bytes: hex(`
      8c 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # len 140
      05 01 00 00
      ${SVC_TCP80}
      54 00 02 80                                           # DEST, 84 bytes
      08 00 01 00 0a 00 00 03  06 00 02 00 00 50 00 00       # ADDR, PORT 80
      08 00 03 00 02 00 00 00                               # FWD_METHOD tunnel
      08 00 04 00 02 00 00 00                               # WEIGHT 2
      05 00 0d 00 01 00 00 00                               # TUN_TYPE gue (u8)
      06 00 0e 00 17 c0 00 00                               # TUN_PORT 6080, big-endian
      06 00 0f 00 01 00 00 00                               # TUN_FLAGS csum
      08 00 05 00 00 00 00 00  08 00 06 00 00 00 00 00       # thresholds
      06 00 0b 00 02 00 00 00`),
    shows: ['-a -t 192.0.2.10:80 -r 10.0.0.3:80 -i -w 2 --tun-type gue --tun-port 6080 --tun-csum'],
    hides: [],
  },
  {
    name: 'add-dest [2001:db8::1]:53 nat weight 5 to the IPv6 service',
    op: { op: 'add-dest', service: udp6, dest: dest('2001:db8::1', 53, { weight: 5 }) },
    bytes: hex(`
      8c 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # len 140
      05 01 00 00
      30 00 01 80                                           # SERVICE, 48 bytes
      06 00 01 00 0a 00 00 00  06 00 02 00 11 00 00 00
      14 00 03 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 10
      06 00 04 00 00 35 00 00
      48 00 02 80                                           # DEST, 72 bytes
      14 00 01 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01
      06 00 02 00 00 35 00 00
      08 00 03 00 00 00 00 00  08 00 04 00 05 00 00 00
      08 00 05 00 00 00 00 00  08 00 06 00 00 00 00 00
      06 00 0b 00 0a 00 00 00                               # ADDR_FAMILY AF_INET6`),
    shows: ['-a -u [2001:db8::10]:53 -r [2001:db8::1]:53 -m -w 5'],
    hides: [],
  },
  {
    name: 'edit-dest 10.0.0.1:8080 to dr weight 0',
    op: { op: 'edit-dest', service: tcp80, dest: dest('10.0.0.1', 8080, { forwarding: 'dr', weight: 0 }) },
    bytes: hex(`
      74 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00
      06 01 00 00                                           # SET_DEST
      ${SVC_TCP80}
      3c 00 02 80
      08 00 01 00 0a 00 00 01  06 00 02 00 1f 90 00 00
      08 00 03 00 03 00 00 00                               # FWD_METHOD droute
      08 00 04 00 00 00 00 00                               # WEIGHT 0
      08 00 05 00 00 00 00 00  08 00 06 00 00 00 00 00
      06 00 0b 00 02 00 00 00`),
    shows: ['-a -t 192.0.2.10:80 -r 10.0.0.1:8080 -g -w 0'],
    hides: ['-a -t 192.0.2.10:80 -r 10.0.0.1:8080 -m -w 3'],
  },
  {
    name: 'edit-service tcp 192.0.2.10:80 to rr',
    op: { op: 'edit-service', service: svc(tcp80, 'rr') },
    bytes: hex(`
      5c 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00
      02 01 00 00                                           # SET_SERVICE
      48 00 01 80
      06 00 01 00 02 00 00 00  06 00 02 00 06 00 00 00
      08 00 03 00 c0 00 02 0a  06 00 04 00 00 50 00 00
      07 00 06 00 72 72 00 00                               # "rr"
      0c 00 07 00 00 00 00 00 ff ff ff ff
      08 00 08 00 00 00 00 00  08 00 09 00 ff ff ff ff`),
    shows: ['-A -t 192.0.2.10:80 -s rr'],
    hides: ['-A -t 192.0.2.10:80 -s wlc'],
  },
  {
    name: 'delete-dest 10.0.0.1:8080',
    op: { op: 'delete-dest', service: tcp80, dest: { family: 'ipv4', address: '10.0.0.1', port: 8080 } },
    bytes: hex(`
      54 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # len 84
      07 01 00 00                                           # DEL_DEST
      ${SVC_TCP80}
      1c 00 02 80                                           # DEST: identity only
      08 00 01 00 0a 00 00 01  06 00 02 00 1f 90 00 00
      06 00 0b 00 02 00 00 00`),
    shows: ['-a -t 192.0.2.10:80 -r 10.0.0.3:80 -i -w 2 --tun-type gue --tun-port 6080 --tun-csum'],
    hides: ['-a -t 192.0.2.10:80 -r 10.0.0.1:8080 -g -w 0'],
  },
  {
    name: 'delete-service tcp 192.0.2.10:80',
    op: { op: 'delete-service', key: tcp80 },
    bytes: hex(`
      38 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # len 56
      03 01 00 00                                           # DEL_SERVICE
      ${SVC_TCP80}`),
    shows: ['-A -t 192.0.2.10:443 -s wrr -p 300 -M 255.255.255.0'],
    hides: ['-A -t 192.0.2.10:80 -s rr'],
  },
  {
    name: 'set-timeouts 901 121 301',
    op: { op: 'set-timeouts', timeouts: { tcpS: 901, tcpFinS: 121, udpS: 301 } },
    bytes: hex(`
      2c 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # len 44
      0c 01 00 00                                           # SET_CONFIG
      08 00 04 00 85 03 00 00                               # TIMEOUT_TCP 901
      08 00 05 00 79 00 00 00                               # TIMEOUT_TCP_FIN 121
      08 00 06 00 2d 01 00 00                               # TIMEOUT_UDP 301`),
    shows: [],
    hides: [],
  },
  {
    name: 'start-daemon master on lo, sync id 51, 224.0.0.81:8848 ttl 1',
    op: {
      op: 'start-daemon',
      daemon: {
        state: 'master',
        interface: 'lo',
        syncId: 51,
        maxLen: 0,
        group: '224.0.0.81',
        port: 8848,
        ttl: 1,
      },
    },
    bytes: hex(`
      48 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # len 72
      09 01 00 00                                           # NEW_DAEMON
      34 00 03 80                                           # DAEMON, nested, 52 bytes
      08 00 01 00 01 00 00 00                               # STATE master
      07 00 02 00 6c 6f 00 00                               # MCAST_IFN "lo"
      08 00 03 00 33 00 00 00                               # SYNC_ID 51
      08 00 05 00 e0 00 00 51                               # MCAST_GROUP 224.0.0.81
      06 00 07 00 90 22 00 00                               # MCAST_PORT 8848 (host order)
      05 00 08 00 01 00 00 00                               # MCAST_TTL 1`),
    shows: [],
    hides: [],
  },
  {
    name: 'stop-daemon master',
    op: { op: 'stop-daemon', state: 'master' },
    bytes: hex(`
      20 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # len 32
      0a 01 00 00                                           # DEL_DAEMON
      0c 00 03 80  08 00 01 00 01 00 00 00`),
    shows: [],
    hides: [],
  },
  {
    name: 'zero all counters',
    op: { op: 'zero' },
    bytes: hex(`
      14 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00
      10 01 00 00                                           # ZERO`),
    shows: [],
    hides: [],
  },
  {
    name: 'flush',
    op: { op: 'flush' },
    bytes: hex(`
      14 00 00 00  20 00  05 00  01 00 00 00  00 00 00 00   # len 20
      11 01 00 00                                           # FLUSH`),
    shows: [],
    hides: ['-A -t 192.0.2.10:443 -s wrr -p 300 -M 255.255.255.0', '-A -f 7 -s mh -b mh-port'],
  },
];

export const GOLDEN_QUERIES: { name: string; query: IpvsQuery; bytes: Uint8Array }[] = [
  {
    name: 'dump services',
    query: { query: 'services' },
    bytes: hex('14 00 00 00 20 00 01 03 01 00 00 00 00 00 00 00  04 01 00 00  # REQUEST|DUMP, GET_SERVICE'),
  },
  {
    name: 'dump destinations of tcp 192.0.2.10:80',
    query: { query: 'destinations', service: tcp80 },
    bytes: hex(`38 00 00 00 20 00 01 03 01 00 00 00 00 00 00 00  08 01 00 00  ${SVC_TCP80}`),
  },
  {
    name: 'dump daemons',
    query: { query: 'daemons' },
    bytes: hex('14 00 00 00 20 00 01 03 01 00 00 00 00 00 00 00  0b 01 00 00'),
  },
  {
    name: 'get info',
    query: { query: 'info' },
    bytes: hex('14 00 00 00 20 00 01 00 01 00 00 00 00 00 00 00  0f 01 00 00  # REQUEST, GET_INFO'),
  },
  {
    name: 'get timeouts',
    query: { query: 'timeouts' },
    bytes: hex('14 00 00 00 20 00 01 00 01 00 00 00 00 00 00 00  0d 01 00 00  # GET_CONFIG'),
  },
];

export const GOLDEN_GET_FAMILY = hex(`
  20 00 00 00  10 00  01 00  01 00 00 00  00 00 00 00   # len 32, GENL_ID_CTRL, REQUEST, seq 1
  03 02 00 00                                           # CTRL_CMD_GETFAMILY, version 2
  09 00 02 00 49 50 56 53 00 00 00 00                   # CTRL_ATTR_FAMILY_NAME "IPVS"`);
