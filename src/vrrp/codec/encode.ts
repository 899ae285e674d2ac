// Encoding of a VRRP advertisement to the bytes of the IP payload, checksum included. The inverse of
// decodeAdvert: encodeAdvert(decoded.advert, ...) gives back the received message byte for byte.
import { ipLength, parseIp, parseIpInto } from '../../lib/ip.js';
import { CHECKSUM_OFFSET, checksumOf, messageSum, pseudoHeaderSum, viewOf } from './checksum.js';
import {
  ADVERTISEMENT_TYPE,
  V2_AUTH_DATA_LENGTH,
  V2_MAX_INTERVAL_CS,
  V3_MAX_INTERVAL_CS,
  VRRP_HEADER_LENGTH,
  type ChecksumCoverage,
  type IpAddressPair,
  type VrrpAdvert,
} from './types.js';

export interface EncodeOptions {
  /**
   * For v3 over IPv4 only: 'message-only' is keepalived's v3_checksum_as_v2. Default 'pseudo-header'.
   * v2 always covers the message alone and IPv6 always the pseudo-header, whatever this says.
   */
  readonly checksumCoverage?: ChecksumCoverage;
}

/**
 * The VRRP message for advert sent from ip.source to ip.destination. An advert that cannot be encoded is
 * a bug in the caller (configuration is validated before it gets here): RangeError, see advertProblem.
 */
export function encodeAdvert(advert: VrrpAdvert, ip: IpAddressPair, options: EncodeOptions = {}): Uint8Array {
  const result = encodeOrExplain(advert, ip, options);
  if (typeof result === 'string') throw new RangeError(`encodeAdvert: ${result}`);
  return result;
}

/** Why encodeAdvert would refuse advert sent from ip, or null when it can be encoded. */
export function advertProblem(advert: VrrpAdvert, ip: IpAddressPair): string | null {
  const result = encodeOrExplain(advert, ip, {});
  return typeof result === 'string' ? result : null;
}

/**
 * The 8 bytes of v2 simple-password authentication data: the UTF-8 password padded with zeros. A password
 * longer than 8 bytes is refused by configuration validation first; here it is a bug (RangeError).
 */
export function authDataFromPassword(password: string): Uint8Array {
  const bytes = new TextEncoder().encode(password);
  if (bytes.length > V2_AUTH_DATA_LENGTH)
    throw new RangeError(`authDataFromPassword: the password is ${bytes.length} bytes, at most 8`);
  const out = new Uint8Array(V2_AUTH_DATA_LENGTH);
  out.set(bytes);
  return out;
}

function encodeOrExplain(advert: VrrpAdvert, ip: IpAddressPair, options: EncodeOptions): Uint8Array | string {
  const fields = fieldProblem(advert);
  if (fields !== null) return fields;
  const size = ipLength(advert.family);
  const source = parseIp(ip.source);
  const destination = parseIp(ip.destination);
  if (source === null || source.length !== size)
    return `source ${ip.source} is not an ${advert.family} address`;
  if (destination === null || destination.length !== size)
    return `destination ${ip.destination} is not an ${advert.family} address`;
  const addressesEnd = VRRP_HEADER_LENGTH + advert.addresses.length * size;
  const out = new Uint8Array(advert.version === 2 ? addressesEnd + V2_AUTH_DATA_LENGTH : addressesEnd);
  for (const [i, text] of advert.addresses.entries()) {
    if (parseIpInto(text, out, VRRP_HEADER_LENGTH + i * size) !== advert.family)
      return `address ${text} is not an ${advert.family} address`;
  }
  writeHeaderAndChecksum(out, advert, source, destination, options);
  return out;
}

/** Fills in the header fields, the v2 authentication data and the checksum around the addresses. */
function writeHeaderAndChecksum(
  out: Uint8Array,
  advert: VrrpAdvert,
  source: Uint8Array,
  destination: Uint8Array,
  options: EncodeOptions,
): void {
  const view = viewOf(out);
  view.setUint8(0, (advert.version << 4) | ADVERTISEMENT_TYPE);
  view.setUint8(1, advert.vrid);
  view.setUint8(2, advert.priority);
  view.setUint8(3, advert.addresses.length);
  let sum: number;
  if (advert.version === 2) {
    view.setUint8(4, advert.authType);
    view.setUint8(5, advert.advertIntervalCs / 100);
    out.set(advert.authData, out.length - V2_AUTH_DATA_LENGTH);
    sum = messageSum(view, out.length);
  } else {
    view.setUint16(4, ((advert.reservedBits ?? 0) << 12) | advert.advertIntervalCs);
    sum = messageSum(view, out.length);
    if (advert.family === 'ipv6' || options.checksumCoverage !== 'message-only')
      sum += pseudoHeaderSum(source, destination, out.length);
  }
  view.setUint16(CHECKSUM_OFFSET, checksumOf(sum));
}

function fieldProblem(advert: VrrpAdvert): string | null {
  if (!isInt(advert.vrid, 1, 255)) return `vrid ${advert.vrid} is outside 1..255`;
  if (!isInt(advert.priority, 0, 255)) return `priority ${advert.priority} is outside 0..255`;
  if (advert.addresses.length > 255) return `${advert.addresses.length} addresses, at most 255`;
  if (advert.version === 2) {
    if (advert.family !== 'ipv4') return 'VRRP v2 is defined for IPv4 only';
    const cs = advert.advertIntervalCs;
    if (!isInt(cs, 0, V2_MAX_INTERVAL_CS) || cs % 100 !== 0)
      return `v2 advertIntervalCs ${cs} is not whole seconds in 0..255 s`;
    if (!isInt(advert.authType, 0, 255)) return `authType ${advert.authType} is outside 0..255`;
    if (advert.authData.length !== V2_AUTH_DATA_LENGTH)
      return `authData is ${advert.authData.length} bytes, not 8`;
    return null;
  }
  if (advert.version !== 3)
    return `version ${String((advert as { version: unknown }).version)} is neither 2 nor 3`;
  if (advert.family !== 'ipv4' && advert.family !== 'ipv6')
    return `family ${String(advert.family)} is unknown`;
  if (!isInt(advert.advertIntervalCs, 0, V3_MAX_INTERVAL_CS))
    return `v3 advertIntervalCs ${advert.advertIntervalCs} is outside 0..4095`;
  if (advert.reservedBits !== undefined && !isInt(advert.reservedBits, 0, 15))
    return `reservedBits ${advert.reservedBits} is outside 0..15`;
  return null;
}

function isInt(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}
