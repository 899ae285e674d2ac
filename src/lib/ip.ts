// Small pure helpers for IP addresses: text to bytes, bytes to canonical text (IPv4 dotted quad, IPv6 per
// RFC 5952), family detection, comparison. Invalid text gives null, never an exception.

export type IpFamily = 'ipv4' | 'ipv6';

export const IPV4_LENGTH = 4;
export const IPV6_LENGTH = 16;

/** The byte length of an address of this family. */
export function ipLength(family: IpFamily): number {
  return family === 'ipv4' ? IPV4_LENGTH : IPV6_LENGTH;
}

/** Parses IPv4 or IPv6 text to 4 or 16 bytes; null when it is neither. No zone ("%eth0"): see splitZone. */
export function parseIp(text: string): Uint8Array | null {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/** The family of an address in text form, or null when the text is not an address. */
export function ipFamily(text: string): IpFamily | null {
  if (parseIpv4(text) !== null) return 'ipv4';
  if (parseIpv6(text) !== null) return 'ipv6';
  return null;
}

/** The canonical text of an address ("2001:DB8:0::1" -> "2001:db8::1"), or null when it is not one. */
export function canonicalIp(text: string): string | null {
  // a valid dotted quad is its own canonical text (leading zeros are refused): no bytes, no format
  if (!text.includes(':')) return parseIpv4Into(text, 0, text.length, scratch, 0) ? text : null;
  const bytes = parseIp(text);
  return bytes === null ? null : formatIp(bytes);
}

/** Formats 4 or 16 bytes as canonical text. Any other length is a bug: RangeError. */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === IPV4_LENGTH) return formatIpv4(bytes, 0);
  if (bytes.length === IPV6_LENGTH) return formatIpv6(bytes, 0);
  throw new RangeError(`formatIp: ${bytes.length} bytes is neither IPv4 (4) nor IPv6 (16)`);
}

/** Parses a dotted quad ("192.0.2.1"). Leading zeros ("010.0.0.1") are refused, as inet_pton does. */
export function parseIpv4(text: string): Uint8Array | null {
  const out = new Uint8Array(IPV4_LENGTH);
  return parseIpv4Into(text, 0, text.length, out, 0) ? out : null;
}

/** Formats the 4 bytes at offset as a dotted quad. */
export function formatIpv4(bytes: Uint8Array, offset = 0): string {
  return `${byteAt(bytes, offset)}.${byteAt(bytes, offset + 1)}.${byteAt(bytes, offset + 2)}.${byteAt(bytes, offset + 3)}`;
}

/**
 * Parses IPv6 text (RFC 4291 section 2.2): eight groups of 1-4 hex digits, at most one "::", and an optional
 * dotted quad in the last 32 bits ("::ffff:192.0.2.1"). Case-insensitive.
 */
export function parseIpv6(text: string): Uint8Array | null {
  const out = new Uint8Array(IPV6_LENGTH);
  return parseIpv6Into(text, out, 0) ? out : null;
}

/**
 * Parses IPv4 or IPv6 text straight into out at offset (for codecs that build packets): the family written,
 * or null when the text is not an address (the bytes at offset are then unspecified).
 */
export function parseIpInto(text: string, out: Uint8Array, offset: number): IpFamily | null {
  if (text.includes(':'))
    return offset + IPV6_LENGTH <= out.length && parseIpv6Into(text, out, offset) ? 'ipv6' : null;
  return offset + IPV4_LENGTH <= out.length && parseIpv4Into(text, 0, text.length, out, offset)
    ? 'ipv4'
    : null;
}

function parseIpv6Into(text: string, out: Uint8Array, at: number): boolean {
  if (text.length < 2 || text.length > 45) return false;
  const gap = text.indexOf('::');
  if (gap === -1) return parseWordsInto(text, 0, text.length, true, out, at) === 8;
  if (text.indexOf('::', gap + 1) !== -1) return false;
  const headWords = parseWordsInto(text, 0, gap, false, out, at);
  const tailWords = parseWordsInto(text, gap + 2, text.length, true, scratch, 0);
  if (headWords < 0 || tailWords < 0 || headWords + tailWords > 7) return false;
  const shift = IPV6_LENGTH - 2 * tailWords;
  for (let i = 2 * headWords; i < shift; i++) out[at + i] = 0;
  for (let i = 0; i < 2 * tailWords; i++) out[at + shift + i] = byteAt(scratch, i);
  return true;
}

/** Where the groups after "::" are parsed before their place is known (used synchronously only). */
const scratch = new Uint8Array(IPV6_LENGTH);

/**
 * Formats the 16 bytes at offset per RFC 5952: lower case, no leading zeros, the longest run (the first of
 * equal runs) of two or more zero groups as "::", and IPv4-mapped addresses (::ffff:0:0/96, the one
 * well-known embedding prefix left since RFC 6145 retired ::ffff:0:0:0/96) with a dotted quad.
 */
export function formatIpv6(bytes: Uint8Array, offset = 0): string {
  const words = new Array<number>(8);
  for (let i = 0; i < 8; i++)
    words[i] = (byteAt(bytes, offset + 2 * i) << 8) | byteAt(bytes, offset + 2 * i + 1);
  const [runStart, runLength] = longestZeroRun(words);
  if (runStart === 0 && runLength === 5 && words[5] === 0xffff)
    return `::ffff:${formatIpv4(bytes, offset + 12)}`;
  if (runLength < 2) return hexGroups(words, 0, 8);
  return `${hexGroups(words, 0, runStart)}::${hexGroups(words, runStart + runLength, 8)}`;
}

/** Splits a scoped address ("fe80::1%eth0") into the address and the zone (null when there is none). */
export function splitZone(text: string): { address: string; zone: string | null } {
  const at = text.indexOf('%');
  return at === -1 ? { address: text, zone: null } : { address: text.slice(0, at), zone: text.slice(at + 1) };
}

/** true when both texts are valid and name the same address ("::1" and "0:0::0:1"). */
export function sameIp(a: string, b: string): boolean {
  const x = parseIp(a);
  const y = parseIp(b);
  return x !== null && y !== null && compareIpBytes(x, y) === 0;
}

/** Orders addresses: IPv4 before IPv6, then as unsigned big-endian numbers. Negative, 0 or positive. */
export function compareIpBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const d = byteAt(a, i) - byteAt(b, i);
    if (d !== 0) return d;
  }
  return 0;
}

/** true for 224.0.0.0/4 and ff00::/8. */
export function isMulticastIp(bytes: Uint8Array): boolean {
  const first = byteAt(bytes, 0);
  if (bytes.length === IPV4_LENGTH) return first >= 224 && first <= 239;
  return bytes.length === IPV6_LENGTH && first === 0xff;
}

function byteAt(bytes: Uint8Array, i: number): number {
  return bytes[i] ?? 0;
}

function parseIpv4Into(text: string, start: number, end: number, out: Uint8Array, at: number): boolean {
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || part === 3) return false;
      out[at + part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0) return false;
      value = value * 10 + (c - 0x30);
      if (value > 255) return false;
      digits++;
    } else {
      return false;
    }
  }
  if (digits === 0 || part !== 3) return false;
  out[at + 3] = value;
  return true;
}

/**
 * Writes the 16-bit words of the colon-separated groups in text[start, end) (the last may be a dotted quad)
 * to out from offset at; returns how many, or -1 when a group is malformed or there are more than 8.
 */
function parseWordsInto(
  text: string,
  start: number,
  end: number,
  allowIpv4: boolean,
  out: Uint8Array,
  at: number,
): number {
  if (start === end) return 0;
  let count = 0;
  let groupStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 0x3a) continue;
    if (i === end && allowIpv4 && hasDot(text, groupStart, end)) {
      if (count > 6 || !parseIpv4Into(text, groupStart, end, out, at + 2 * count)) return -1;
      return count + 2;
    }
    const word = parseHexGroup(text, groupStart, i);
    if (word < 0 || count === 8) return -1;
    out[at + 2 * count] = word >>> 8;
    out[at + 2 * count + 1] = word & 0xff;
    count++;
    groupStart = i + 1;
  }
  return count;
}

function hasDot(text: string, start: number, end: number): boolean {
  const dot = text.indexOf('.', start);
  return dot !== -1 && dot < end;
}

/** 1 to 4 hex digits as a number, or -1. */
function parseHexGroup(text: string, start: number, end: number): number {
  if (end <= start || end - start > 4) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = hexDigit(text.charCodeAt(i));
    if (digit < 0) return -1;
    value = (value << 4) | digit;
  }
  return value;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function hexGroups(words: readonly number[], from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += (i === from ? '' : ':') + (words[i] ?? 0).toString(16);
  return text;
}

/** [start, length] of the first longest run of zero words. */
function longestZeroRun(words: readonly number[]): [number, number] {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < words.length;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < words.length && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  return [bestStart, bestLength];
}
