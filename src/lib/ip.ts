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
  if (text.length < 2 || text.length > 45) return null;
  const gap = text.indexOf('::');
  let words: number[] | null;
  if (gap === -1) {
    words = parseWords(text, 0, text.length, true);
    if (words === null || words.length !== 8) return null;
  } else {
    if (text.indexOf('::', gap + 1) !== -1) return null;
    const head = parseWords(text, 0, gap, false);
    const tail = parseWords(text, gap + 2, text.length, true);
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const out = new Uint8Array(IPV6_LENGTH);
  words.forEach((word, i) => {
    out[2 * i] = word >>> 8;
    out[2 * i + 1] = word & 0xff;
  });
  return out;
}

/**
 * Formats the 16 bytes at offset per RFC 5952: lower case, no leading zeros, the longest run (the first of
 * equal runs) of two or more zero groups as "::", and IPv4-mapped addresses (::ffff:0:0/96, the one
 * well-known embedding prefix left since RFC 6145 retired ::ffff:0:0:0/96) with a dotted quad.
 */
export function formatIpv6(bytes: Uint8Array, offset = 0): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++)
    words.push((byteAt(bytes, offset + 2 * i) << 8) | byteAt(bytes, offset + 2 * i + 1));
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff)
    return `::ffff:${formatIpv4(bytes, offset + 12)}`;
  const [runStart, runLength] = longestZeroRun(words);
  const hex = words.map((w) => w.toString(16));
  if (runLength < 2) return hex.join(':');
  const head = hex.slice(0, runStart).join(':');
  const tail = hex.slice(runStart + runLength).join(':');
  return `${head}::${tail}`;
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

/** The 16-bit words of colon-separated groups in text[start, end); the last may be a dotted quad. */
function parseWords(text: string, start: number, end: number, allowIpv4: boolean): number[] | null {
  const words: number[] = [];
  if (start === end) return words;
  let groupStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 0x3a) continue;
    if (i === end && allowIpv4 && hasDot(text, groupStart, end)) {
      const v4 = new Uint8Array(IPV4_LENGTH);
      if (!parseIpv4Into(text, groupStart, end, v4, 0)) return null;
      words.push((byteAt(v4, 0) << 8) | byteAt(v4, 1), (byteAt(v4, 2) << 8) | byteAt(v4, 3));
    } else {
      const word = parseHexGroup(text, groupStart, i);
      if (word < 0) return null;
      words.push(word);
    }
    groupStart = i + 1;
  }
  return words;
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
