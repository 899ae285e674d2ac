// VRRP codec throughput: decode, decode + validate (the receive path) and encode, in packets per second,
// medians of several runs, for the advert shapes lvsd meets. npm run bench -- vrrp-codec
import {
  authDataFromPassword,
  decodeAdvert,
  encodeAdvert,
  validateAdvert,
  type ReceivedIpFacts,
  type ReceiverExpectations,
  type VrrpAdvert,
} from '../src/vrrp/codec/index.js';
import { median, printTable, timeRuns } from './lib/stats.js';

const PACKETS_PER_RUN = 200_000;
const RUNS = 7;

interface Shape {
  readonly name: string;
  readonly advert: VrrpAdvert;
  readonly facts: ReceivedIpFacts;
}

const V4: ReceivedIpFacts = { source: '10.200.0.1', destination: '224.0.0.18', ttl: 255, path: 'multicast' };
const V6: ReceivedIpFacts = {
  source: 'fe80::200:aff:fec8:1',
  destination: 'ff02::12',
  ttl: 255,
  path: 'multicast',
};
const vips = (n: number): string[] => Array.from({ length: n }, (_, i) => `192.0.2.${i + 10}`);

const SHAPES: Shape[] = [
  {
    name: 'v2 IPv4, 1 VIP, password',
    facts: V4,
    advert: {
      version: 2,
      family: 'ipv4',
      vrid: 51,
      priority: 150,
      advertIntervalCs: 100,
      addresses: vips(1),
      authType: 1,
      authData: authDataFromPassword('s3cret'),
    },
  },
  {
    name: 'v3 IPv4, 1 VIP',
    facts: V4,
    advert: { version: 3, family: 'ipv4', vrid: 51, priority: 150, advertIntervalCs: 5, addresses: vips(1) },
  },
  {
    name: 'v3 IPv4, 16 VIPs',
    facts: V4,
    advert: { version: 3, family: 'ipv4', vrid: 51, priority: 150, advertIntervalCs: 5, addresses: vips(16) },
  },
  {
    name: 'v3 IPv6, 2 VIPs',
    facts: V6,
    advert: {
      version: 3,
      family: 'ipv6',
      vrid: 51,
      priority: 150,
      advertIntervalCs: 5,
      addresses: ['fe80::1:10', '2001:db8:0:51::10'],
    },
  },
];

function expectationsOf(shape: Shape): ReceiverExpectations {
  const { advert } = shape;
  return {
    version: advert.version,
    family: advert.family,
    vrid: advert.vrid,
    advertIntervalCs: advert.advertIntervalCs,
    addresses: advert.addresses,
    authentication: advert.version === 2 ? { type: 'pass', authData: advert.authData } : { type: 'none' },
  };
}

/** Packets per second from the median run time of `fn`, which handles PACKETS_PER_RUN packets. */
function rate(fn: () => void): number {
  const ms = median(timeRuns(RUNS, fn, 2));
  return PACKETS_PER_RUN / (ms / 1000);
}

let sink = 0;
const rows: (string | number)[][] = [
  ['advert', 'bytes', 'decode pkt/s', 'decode+validate pkt/s', 'encode pkt/s'],
];
for (const shape of SHAPES) {
  const bytes = encodeAdvert(shape.advert, shape.facts);
  const expect = expectationsOf(shape);
  const decode = rate(() => {
    for (let i = 0; i < PACKETS_PER_RUN; i++) if (decodeAdvert(bytes, shape.facts).ok) sink++;
  });
  const receive = rate(() => {
    for (let i = 0; i < PACKETS_PER_RUN; i++) {
      const decoded = decodeAdvert(bytes, shape.facts);
      if (decoded.ok && validateAdvert(decoded, shape.facts, expect).ok) sink++;
    }
  });
  const encode = rate(() => {
    for (let i = 0; i < PACKETS_PER_RUN; i++) sink += encodeAdvert(shape.advert, shape.facts).length;
  });
  rows.push([shape.name, String(bytes.length), decode, receive, encode]);
}
printTable(
  `VRRP codec, ${PACKETS_PER_RUN.toLocaleString('en-US')} packets a run, median of ${RUNS} runs (Node ${process.version})`,
  rows,
);
if (sink === 0) process.exitCode = 1;
