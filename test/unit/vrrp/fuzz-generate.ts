// Input generation for the codec fuzz: valid adverts, mutations of them (some with the checksum repaired,
// so that they reach the deeper rules), random bytes and broken IP facts, each with an instance to
// validate against. Used by fuzz.ts (npm run fuzz and the unit test).
import { formatIp, parseIp, type IpFamily } from '../../../src/lib/ip.js';
import type { Random } from '../../../src/lib/random.js';
import {
  encodeAdvert,
  VRRP_MULTICAST_IPV4,
  VRRP_MULTICAST_IPV6,
  type ChecksumCoverage,
  type ReceivedIpFacts,
  type ReceiverExpectations,
  type V2Authentication,
  type VrrpAdvert,
} from '../../../src/vrrp/codec/index.js';
import { pseudoHeaderBytes, referenceChecksum } from './reference-checksum.js';

export type CaseKind = 'valid' | 'mutated' | 'random' | 'facts';

export interface FuzzCase {
  readonly kind: CaseKind;
  readonly bytes: Uint8Array;
  readonly facts: ReceivedIpFacts;
  readonly expect: ReceiverExpectations;
  /** For 'valid': the advert the bytes were encoded from, and the coverage used. */
  readonly advert: VrrpAdvert | null;
  readonly coverage: ChecksumCoverage;
  /** The expectations were derived from the advert and the facts unchanged: validation must accept. */
  readonly mustAccept: boolean;
}

export function generateCase(rng: Random): FuzzCase {
  const roll = rng.float();
  if (roll < 0.3) return validCase(rng);
  if (roll < 0.8) return mutatedCase(rng);
  if (roll < 0.95) return randomCase(rng);
  return factsCase(rng);
}

function validCase(rng: Random): FuzzCase {
  const advert = randomAdvert(rng);
  const facts = consistentFacts(rng, advert.family);
  const coverage: ChecksumCoverage = rng.chance(0.3) ? 'message-only' : 'pseudo-header';
  const bytes = encodeAdvert(advert, facts, { checksumCoverage: coverage });
  const clean = rng.chance(0.5);
  const expect = clean
    ? expectationsFor(advert, facts, coverage)
    : perturb(rng, expectationsFor(advert, facts, coverage));
  // Encodable but never acceptable: a v3 interval of 0, and v2 authentication types other than none/pass.
  const acceptable = advert.version === 2 ? advert.authType <= 1 : advert.advertIntervalCs !== 0;
  return { kind: 'valid', bytes, facts, expect, advert, coverage, mustAccept: clean && acceptable };
}

function mutatedCase(rng: Random): FuzzCase {
  const base = validCase(rng);
  let bytes = base.bytes;
  for (let n = rng.int(1, 3); n > 0; n--) bytes = mutate(rng, bytes);
  if (rng.chance(0.6)) bytes = repairChecksum(bytes, base.facts, base.coverage);
  const expect = rng.chance(0.5) ? base.expect : perturb(rng, base.expect);
  const facts = rng.chance(0.1)
    ? { ...base.facts, ttl: rng.chance(0.2) ? null : rng.int(0, 255) }
    : base.facts;
  return { ...base, kind: 'mutated', bytes, facts, expect, advert: null, mustAccept: false };
}

function randomCase(rng: Random): FuzzCase {
  const bytes = Uint8Array.from({ length: rng.int(0, 72) }, () => rng.int(0, 255));
  if (bytes.length > 0 && rng.chance(0.8)) bytes[0] = rng.pick([0x21, 0x31, 0x31, 0x20, 0x32, 0x11]);
  if (bytes.length > 3 && rng.chance(0.7)) bytes[3] = rng.int(0, 4);
  const family = rng.pick<IpFamily>(['ipv4', 'ipv6']);
  const facts = consistentFacts(rng, family);
  const coverage: ChecksumCoverage = rng.chance(0.3) ? 'message-only' : 'pseudo-header';
  const repaired = rng.chance(0.5) ? repairChecksum(bytes, facts, coverage) : bytes;
  const advert = randomAdvert(rng);
  const expect = perturb(rng, expectationsFor(advert, facts, coverage));
  return { kind: 'random', bytes: repaired, facts, expect, advert: null, coverage, mustAccept: false };
}

function factsCase(rng: Random): FuzzCase {
  const base = validCase(rng);
  const junk = [
    '',
    'eth0',
    '1.2.3',
    '::g',
    'fe80::1%eth0',
    '10.0.0.256',
    ' 10.0.0.1',
    '1::2::3',
    '2001:db8::1',
    '10.0.0.1',
  ];
  const facts = rng.chance(0.5)
    ? { ...base.facts, source: rng.pick(junk) }
    : { ...base.facts, destination: rng.pick(junk) };
  return { ...base, kind: 'facts', facts, advert: null, mustAccept: false };
}

const PEERS_V4 = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];
const PEERS_V6 = ['fe80::1', 'fe80::2', '2001:db8::3'];

export function randomAdvert(rng: Random): VrrpAdvert {
  const version = rng.chance(0.35) ? 2 : 3;
  const family: IpFamily = version === 2 || rng.chance(0.6) ? 'ipv4' : 'ipv6';
  const count = rng.chance(0.01) ? 255 : rng.chance(0.1) ? rng.int(5, 20) : rng.int(0, 4);
  const addresses = Array.from({ length: count }, () => randomAddress(rng, family));
  const vrid = rng.int(1, 255);
  const priority = rng.pick([0, 1, 100, 150, 254, 255, rng.int(0, 255)]);
  if (version === 3) {
    const advertIntervalCs = rng.pick([100, 5, 1, 0, 4095, rng.int(0, 4095)]);
    const reservedBits = rng.chance(0.1) ? rng.int(1, 15) : undefined;
    return {
      version,
      family,
      vrid,
      priority,
      addresses,
      advertIntervalCs,
      ...(reservedBits ? { reservedBits } : {}),
    };
  }
  const advertIntervalCs = rng.pick([100, 100, 200, 0, 25500, rng.int(0, 255) * 100]);
  const authType = rng.pick([0, 0, 1, 1, 2, rng.int(0, 255)]);
  const authData = rng.chance(0.5)
    ? new Uint8Array(8)
    : Uint8Array.from({ length: 8 }, () => rng.int(0, 255));
  return { version, family: 'ipv4', vrid, priority, addresses, advertIntervalCs, authType, authData };
}

/** Mostly canonical text, sometimes another spelling of an address (upper case, zeros written out). */
function randomAddress(rng: Random, family: IpFamily): string {
  const bytes = new Uint8Array(family === 'ipv4' ? 4 : 16);
  for (let i = 0; i < bytes.length; i++) if (rng.chance(0.6)) bytes[i] = rng.int(0, 255);
  return formatIp(bytes);
}

function spelling(rng: Random, canonical: string): string {
  if (!canonical.includes(':') || rng.chance(0.8)) return canonical;
  const bytes = parseIp(canonical) ?? new Uint8Array(16);
  const words = Array.from({ length: 8 }, (_, i) =>
    (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16),
  );
  return rng.chance(0.5) ? canonical.toUpperCase() : words.map((w) => w.padStart(4, '0')).join(':');
}

/** Facts as a working transport would report them: multicast with TTL 255, or unicast between peers. */
function consistentFacts(rng: Random, family: IpFamily): ReceivedIpFacts {
  const peers = family === 'ipv4' ? PEERS_V4 : PEERS_V6;
  const source = spelling(rng, rng.chance(0.8) ? rng.pick(peers.slice(1)) : randomAddress(rng, family));
  if (rng.chance(0.6)) {
    const group = family === 'ipv4' ? VRRP_MULTICAST_IPV4 : VRRP_MULTICAST_IPV6;
    return { source, destination: spelling(rng, group), ttl: 255, path: 'multicast' };
  }
  const ttl = rng.chance(0.2) ? null : rng.int(0, 255);
  return { source, destination: spelling(rng, peers[0] ?? ''), ttl, path: 'unicast' };
}

function expectationsFor(
  advert: VrrpAdvert,
  facts: ReceivedIpFacts,
  coverage: ChecksumCoverage,
): ReceiverExpectations {
  const canonical = (text: string): string => formatIp(parseIp(text) ?? new Uint8Array(4));
  const base: ReceiverExpectations = {
    version: advert.version,
    family: advert.family,
    vrid: advert.vrid,
    advertIntervalCs: advert.advertIntervalCs,
    v3ChecksumAsV2: coverage === 'message-only',
    addresses: [...advert.addresses].reverse(),
    authentication:
      advert.version === 2 && advert.authType === 1
        ? { type: 'pass', authData: advert.authData }
        : { type: 'none' },
  };
  if (facts.path === 'multicast') return base;
  return { ...base, unicastPeers: [canonical(facts.source)], localAddress: canonical(facts.destination) };
}

/** Changes one or two things the instance expects. */
function perturb(rng: Random, expect: ReceiverExpectations): ReceiverExpectations {
  let out = expect;
  for (let n = rng.int(1, 2); n > 0; n--) {
    const change = rng.int(0, 10);
    if (change === 0) out = { ...out, version: out.version === 2 ? 3 : 2 };
    else if (change === 1) out = { ...out, family: out.family === 'ipv4' ? 'ipv6' : 'ipv4' };
    else if (change === 2) out = { ...out, vrid: rng.int(1, 255) };
    else if (change === 3) out = { ...out, advertIntervalCs: rng.int(1, 40) * 100 };
    else if (change === 4) out = { ...out, v3ChecksumAsV2: !out.v3ChecksumAsV2 };
    else if (change === 5)
      out = {
        ...out,
        authentication: rng.pick<V2Authentication>([
          { type: 'none' },
          { type: 'pass', authData: new Uint8Array(8) },
        ]),
      };
    else if (change === 6) out = { ...out, unicastPeers: out.unicastPeers ? undefined : ['10.0.0.9'] };
    else if (change === 7) out = { ...out, localAddress: '10.0.0.8', multicastGroup: '224.0.0.19' };
    else if (change === 8) out = { ...out, addresses: rng.chance(0.5) ? undefined : ['192.0.2.1'] };
    else if (change === 9) out = { ...out, localIsOwner: true };
    else out = { ...out, unicastPeers: ['10.0.0.2', 'fe80::2'] };
  }
  return out;
}

function mutate(rng: Random, bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const at = rng.int(0, Math.max(0, out.length - 1));
  switch (rng.int(0, 8)) {
    case 0:
      if (out.length > 0) out[at] = (out[at] ?? 0) ^ (1 << rng.int(0, 7));
      return out;
    case 1:
      if (out.length > 0) out[at] = rng.pick([0, 0xff, 0x21, 0x31, 1, rng.int(0, 255)]);
      return out;
    case 2:
      return out.subarray(0, rng.int(0, out.length));
    case 3:
      return Uint8Array.from([...out, ...Array.from({ length: rng.int(1, 30) }, () => rng.int(0, 255))]);
    case 4:
      return Uint8Array.from([...out.subarray(0, at), rng.int(0, 255), ...out.subarray(at)]);
    case 5:
      return Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1)]);
    case 6:
      if (out.length > 3) out[3] = rng.chance(0.5) ? (out[3] ?? 0) + rng.pick([-1, 1]) : rng.int(0, 255);
      return out;
    case 7:
      if (out.length > 5) out[rng.int(4, 5)] = rng.int(0, 255);
      return out;
    default:
      if (out.length > 0) out[0] = (rng.int(0, 15) << 4) | rng.pick([1, 1, 1, rng.int(0, 15)]);
      return out;
  }
}

/** Writes the checksum the decoder would expect for the message the bytes claim to hold, if they hold one. */
function repairChecksum(bytes: Uint8Array, facts: ReceivedIpFacts, coverage: ChecksumCoverage): Uint8Array {
  const source = parseIp(facts.source);
  const destination = parseIp(facts.destination);
  if (bytes.length < 8 || source === null || destination === null) return bytes;
  const version = (bytes[0] ?? 0) >>> 4;
  const length = 8 + (bytes[3] ?? 0) * source.length + (version === 2 ? 8 : 0);
  if (length > bytes.length) return bytes;
  const message = bytes.slice(0, length);
  message.fill(0, 6, 8);
  const pseudo = version === 3 && (source.length === 16 || coverage === 'pseudo-header');
  const covered = pseudo
    ? Uint8Array.from([...pseudoHeaderBytes(source, destination, length), ...message])
    : message;
  const checksum = referenceChecksum(covered);
  const out = bytes.slice();
  out[6] = checksum >>> 8;
  out[7] = checksum & 0xff;
  return out;
}
