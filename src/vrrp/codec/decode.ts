// Structural decoding of a VRRP advertisement (v2 RFC 3768, v3 RFC 5798): layout, lengths and checksum.
// It needs only the IP source and destination (for the pseudo-header), never an instance's configuration,
// and never throws: hostile bytes give a typed error naming the field and its offset.
import { formatIp, formatIpv4, formatIpv6, ipLength, parseIp, type IpFamily } from '../../lib/ip.js';
import { checksumOf, CHECKSUM_OFFSET, messageSum, pseudoHeaderSum, viewOf } from './checksum.js';
import {
  ADVERTISEMENT_TYPE,
  V2_AUTH_DATA_LENGTH,
  VRRP_HEADER_LENGTH,
  type ChecksumCoverage,
  type DecodeDropReason,
  type DecodeResult,
  type IpAddressPair,
  type VrrpAdvert,
  type VrrpDrop,
  type VrrpField,
} from './types.js';

/** The VRRP message (the IP payload; link-layer padding after it is allowed) sent from ip.source to ip.destination. */
export function decodeAdvert(bytes: Uint8Array, ip: IpAddressPair): DecodeResult {
  const pair = parsePair(ip);
  if ('reason' in pair) return { ok: false, error: pair };
  const layout = readLayout(bytes, pair.family);
  if ('reason' in layout) return { ok: false, error: layout };
  const view = viewOf(bytes);
  const checksum = view.getUint16(CHECKSUM_OFFSET);
  const sum = messageSum(view, layout.messageLength);
  const coverage = matchChecksum(layout, checksum, sum, pair);
  if (typeof coverage !== 'string')
    return {
      ok: false,
      error: drop('bad-checksum', 'checksum', CHECKSUM_OFFSET, checksumMessage(checksum, coverage)),
    };
  return {
    ok: true,
    advert: readAdvert(bytes, view, layout),
    checksum,
    checksumCoverage: coverage,
    source: formatIp(pair.source),
    destination: formatIp(pair.destination),
    messageLength: layout.messageLength,
  };
}

interface AddressPair {
  readonly source: Uint8Array;
  readonly destination: Uint8Array;
  readonly family: IpFamily;
}

interface Layout {
  readonly version: 2 | 3;
  readonly family: IpFamily;
  readonly count: number;
  readonly addressesEnd: number;
  readonly messageLength: number;
}

function parsePair(ip: IpAddressPair): AddressPair | VrrpDrop {
  const source = parseIp(ip.source);
  if (source === null)
    return drop('bad-ip-facts', 'source', null, `source ${JSON.stringify(ip.source)} is not an address`);
  const destination = parseIp(ip.destination);
  if (destination === null || destination.length !== source.length) {
    const text = JSON.stringify(ip.destination);
    return drop(
      'bad-ip-facts',
      'destination',
      null,
      `destination ${text} is not an address of the source's family`,
    );
  }
  return { source, destination, family: source.length === 4 ? 'ipv4' : 'ipv6' };
}

/** Version, type, VRID and the lengths the count implies: where the message ends, or why it cannot be read. */
function readLayout(bytes: Uint8Array, family: IpFamily): Layout | VrrpDrop {
  const first = bytes[0];
  if (first === undefined) return drop('truncated', 'version', 0, 'empty message');
  const version = first >>> 4;
  if (version !== 2 && version !== 3)
    return drop('bad-version', 'version', 0, `version ${version} is neither 2 nor 3`);
  if (version === 2 && family === 'ipv6')
    return drop('bad-version', 'version', 0, 'VRRP v2 is defined for IPv4 only');
  const type = first & 0x0f;
  if (type !== ADVERTISEMENT_TYPE)
    return drop('bad-type', 'type', 0, `type ${type} is not 1 (advertisement)`);
  if (bytes.length < VRRP_HEADER_LENGTH) {
    const [field, offset] = headerFieldAt(version, bytes.length);
    return drop('truncated', field, offset, `message ends at byte ${bytes.length}, inside the 8-byte header`);
  }
  if (bytes[1] === 0) return drop('bad-vrid', 'vrid', 1, 'VRID 0 is outside 1..255');
  const count = bytes[3] ?? 0;
  const size = ipLength(family);
  const addressesEnd = VRRP_HEADER_LENGTH + count * size;
  if (bytes.length < addressesEnd) {
    const offset = VRRP_HEADER_LENGTH + Math.floor((bytes.length - VRRP_HEADER_LENGTH) / size) * size;
    return drop(
      'truncated',
      'addresses',
      offset,
      `count ${count} needs ${addressesEnd} bytes, message has ${bytes.length}`,
    );
  }
  const messageLength = version === 2 ? addressesEnd + V2_AUTH_DATA_LENGTH : addressesEnd;
  if (bytes.length < messageLength) {
    const message = `authentication data needs ${messageLength} bytes, message has ${bytes.length}`;
    return drop('truncated', 'authData', addressesEnd, message);
  }
  return { version, family, count, addressesEnd, messageLength };
}

function readAdvert(bytes: Uint8Array, view: DataView, layout: Layout): VrrpAdvert {
  const addresses = readAddresses(bytes, layout.family, layout.count);
  const common = { vrid: view.getUint8(1), priority: view.getUint8(2), addresses };
  if (layout.version === 2) {
    const authData = new Uint8Array(bytes.subarray(layout.addressesEnd, layout.messageLength)); // a copy, even of a Buffer
    return {
      version: 2,
      family: 'ipv4',
      ...common,
      advertIntervalCs: view.getUint8(5) * 100,
      authType: view.getUint8(4),
      authData,
    };
  }
  const word = view.getUint16(4);
  const reservedBits = word >>> 12;
  const advertIntervalCs = word & 0x0fff;
  return {
    version: 3,
    family: layout.family,
    ...common,
    advertIntervalCs,
    ...(reservedBits !== 0 ? { reservedBits } : {}),
  };
}

type Expected = { readonly pseudo: number | null; readonly plain: number | null };

/** Which coverage the received checksum matches; when none does, what was expected. */
function matchChecksum(
  layout: Layout,
  checksum: number,
  sum: number,
  pair: AddressPair,
): ChecksumCoverage | 'either' | Expected {
  const plain = checksumOf(sum);
  if (layout.version === 2) return checksum === plain ? 'message-only' : { pseudo: null, plain };
  const pseudo = checksumOf(sum + pseudoHeaderSum(pair.source, pair.destination, layout.messageLength));
  if (layout.family === 'ipv6') return checksum === pseudo ? 'pseudo-header' : { pseudo, plain: null };
  if (checksum === pseudo) return checksum === plain ? 'either' : 'pseudo-header';
  return checksum === plain ? 'message-only' : { pseudo, plain };
}

function checksumMessage(checksum: number, expected: Expected): string {
  const hex = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;
  const options = [
    expected.pseudo === null ? null : `${hex(expected.pseudo)} (with pseudo-header)`,
    expected.plain === null ? null : `${hex(expected.plain)} (message only)`,
  ].filter((s) => s !== null);
  return `checksum ${hex(checksum)}, expected ${options.join(' or ')}`;
}

function readAddresses(bytes: Uint8Array, family: IpFamily, count: number): string[] {
  const addresses: string[] = [];
  for (let i = 0; i < count; i++) {
    const offset = VRRP_HEADER_LENGTH + i * ipLength(family);
    addresses.push(family === 'ipv4' ? formatIpv4(bytes, offset) : formatIpv6(bytes, offset));
  }
  return addresses;
}

/** The header field a message of `length` (1..7) bytes stops in, and that field's offset. */
function headerFieldAt(version: 2 | 3, length: number): [VrrpField, number] {
  if (length === 1) return ['vrid', 1];
  if (length === 2) return ['priority', 2];
  if (length === 3) return ['count', 3];
  if (length === 4) return version === 2 ? ['authType', 4] : ['advertInterval', 4];
  if (length === 5) return version === 2 ? ['advertInterval', 5] : ['advertInterval', 4];
  return ['checksum', CHECKSUM_OFFSET];
}

function drop(reason: DecodeDropReason, field: VrrpField, offset: number | null, message: string): VrrpDrop {
  return { reason, field, offset, message };
}
