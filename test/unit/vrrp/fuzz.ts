// The codec fuzz, shared by `npm run fuzz` (fuzz-main.ts) and the unit test (codec-fuzz.test.ts). Every
// input must be either accepted and survive the canonical round trip (the re-encoded message equals the
// received one byte for byte, and decodes to the same result) or be rejected with a known reason and field;
// nothing may throw. Each case has its own seed, so one failing case replays alone.
import { seededRandom } from '../../../src/lib/random.js';
import {
  decodeAdvert,
  encodeAdvert,
  validateAdvert,
  DECODE_DROP_REASONS,
  VALIDATE_DROP_REASONS,
  type DecodedAdvert,
  type VrrpAdvert,
  type VrrpDrop,
  type VrrpField,
} from '../../../src/vrrp/codec/index.js';
import { generateCase, type FuzzCase } from './fuzz-generate.js';

const FIELDS: ReadonlySet<VrrpField> = new Set<VrrpField>([
  'version',
  'type',
  'vrid',
  'priority',
  'count',
  'authType',
  'advertInterval',
  'checksum',
  'addresses',
  'authData',
  'source',
  'destination',
  'ttl',
  'path',
  'family',
]);

export interface FuzzStats {
  /** Decode drops by reason, validation drops by reason, and 'accepted' for adverts that passed both. */
  readonly outcomes: Map<string, number>;
}

export interface FuzzFailure {
  readonly index: number;
  readonly problem: string;
  readonly description: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly count: number;
  readonly failures: readonly FuzzFailure[];
  readonly stats: FuzzStats;
  readonly elapsedMs: number;
}

/** The seed of case `index` of a run seeded with `seed` (murmur3's finalizer over both). */
export function caseSeed(seed: number, index: number): number {
  return mix32((seed ^ mix32((index + 0x9e3779b9) >>> 0)) >>> 0);
}

export function caseAt(seed: number, index: number): FuzzCase {
  return generateCase(seededRandom(caseSeed(seed, index)));
}

/** Runs `count` cases from `first`, stopping after maxFailures failures. */
export function runFuzz(seed: number, count: number, first = 0, maxFailures = 10): FuzzReport {
  const stats: FuzzStats = { outcomes: new Map() };
  const failures: FuzzFailure[] = [];
  const t0 = performance.now();
  for (let index = first; index < first + count && failures.length < maxFailures; index++) {
    const c = caseAt(seed, index);
    const problem = checkCase(c, stats);
    if (problem !== null) failures.push({ index, problem, description: describeCase(c) });
  }
  return { seed, count, failures, stats, elapsedMs: performance.now() - t0 };
}

/** The property a case violates, or null. Exceptions are violations too. */
export function checkCase(c: FuzzCase, stats?: FuzzStats): string | null {
  try {
    return checkDecode(c, stats);
  } catch (e) {
    return `threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  }
}

function checkDecode(c: FuzzCase, stats?: FuzzStats): string | null {
  const decoded = decodeAdvert(c.bytes, c.facts);
  if (!decoded.ok) {
    count(stats, `decode:${decoded.error.reason}`);
    if (c.advert !== null) return `a valid advert was refused: ${decoded.error.message}`;
    return dropProblem(decoded.error, DECODE_DROP_REASONS, c.bytes.length);
  }
  if (c.advert !== null && !sameAdvert(decoded.advert, c.advert))
    return 'decoded advert differs from the encoded one';
  const roundTrip = checkRoundTrip(c, decoded);
  if (roundTrip !== null) return roundTrip;
  return checkValidate(c, decoded, stats);
}

function checkRoundTrip(c: FuzzCase, decoded: DecodedAdvert): string | null {
  if (decoded.messageLength > c.bytes.length)
    return `messageLength ${decoded.messageLength} > ${c.bytes.length}`;
  const coverage = decoded.checksumCoverage === 'either' ? 'pseudo-header' : decoded.checksumCoverage;
  const encoded = encodeAdvert(decoded.advert, c.facts, { checksumCoverage: coverage });
  if (!sameBytes(encoded, c.bytes.subarray(0, decoded.messageLength)))
    return `re-encoded ${hex(encoded)} differs from the message received`;
  const again = decodeAdvert(encoded, c.facts);
  if (!again.ok) return `the re-encoded advert was refused: ${again.error.message}`;
  if (!sameDecoded(again, decoded)) return 'decode(encode(decode(x))) differs from decode(x)';
  return null;
}

function checkValidate(c: FuzzCase, decoded: DecodedAdvert, stats?: FuzzStats): string | null {
  const result = validateAdvert(decoded, c.facts, c.expect);
  if (!result.ok) {
    count(stats, `validate:${result.error.reason}`);
    if (c.mustAccept) return `a matching instance refused it: ${result.error.message}`;
    return dropProblem(result.error, VALIDATE_DROP_REASONS, decoded.messageLength);
  }
  count(stats, 'accepted');
  const { advert } = decoded;
  const e = c.expect;
  if (c.mustAccept && result.notes.length > 0) return `unexpected notes ${JSON.stringify(result.notes)}`;
  if (advert.version !== e.version || advert.vrid !== e.vrid || advert.family !== e.family)
    return 'accepted an advert of another version, VRID or family';
  if (advert.version === 2 && advert.advertIntervalCs !== e.advertIntervalCs)
    return 'v2 accepted another interval';
  if (c.facts.path === 'multicast' && c.facts.ttl !== 255) return 'accepted a multicast TTL other than 255';
  if (c.facts.path === 'unicast' && !(e.unicastPeers ?? []).includes(decoded.source))
    return 'accepted an unknown peer';
  return null;
}

function dropProblem(error: VrrpDrop, reasons: readonly string[], length: number): string | null {
  if (!reasons.includes(error.reason)) return `unknown reason ${error.reason}`;
  if (!FIELDS.has(error.field)) return `unknown field ${error.field}`;
  if (
    error.offset !== null &&
    !(Number.isInteger(error.offset) && error.offset >= 0 && error.offset <= length)
  )
    return `offset ${error.offset} outside 0..${length}`;
  if (error.message.length === 0) return 'empty message';
  return null;
}

function sameDecoded(a: DecodedAdvert, b: DecodedAdvert): boolean {
  return (
    sameAdvert(a.advert, b.advert) &&
    a.checksum === b.checksum &&
    a.checksumCoverage === b.checksumCoverage &&
    a.source === b.source &&
    a.destination === b.destination &&
    a.messageLength === b.messageLength
  );
}

export function sameAdvert(a: VrrpAdvert, b: VrrpAdvert): boolean {
  if (a.version !== b.version || a.family !== b.family || a.vrid !== b.vrid || a.priority !== b.priority)
    return false;
  if (a.advertIntervalCs !== b.advertIntervalCs || a.addresses.length !== b.addresses.length) return false;
  if (!a.addresses.every((x, i) => x === b.addresses[i])) return false;
  if (a.version === 2 && b.version === 2)
    return a.authType === b.authType && sameBytes(a.authData, b.authData);
  if (a.version === 3 && b.version === 3)
    return a.reservedBits === b.reservedBits && 'reservedBits' in a === 'reservedBits' in b;
  return false;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function describeCase(c: FuzzCase): string {
  const expect = JSON.stringify(c.expect, (_k, v: unknown) => (v instanceof Uint8Array ? hex(v) : v));
  return [
    `kind ${c.kind}${c.mustAccept ? ' (must be accepted)' : ''}, coverage ${c.coverage}`,
    `bytes ${hex(c.bytes)} (${c.bytes.length})`,
    `facts ${JSON.stringify(c.facts)}`,
    `expect ${expect}`,
  ].join('\n');
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function count(stats: FuzzStats | undefined, key: string): void {
  if (stats !== undefined) stats.outcomes.set(key, (stats.outcomes.get(key) ?? 0) + 1);
}

function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
