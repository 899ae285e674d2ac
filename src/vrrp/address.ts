// The tie-break of RFC 5798 section 6.4.3 compares primary addresses as unsigned numbers
// (src/lib/ip.ts parses them). An address that does not parse sorts below every valid one.
import { compareIpBytes, parseIp, splitZone } from '../lib/ip.js';

/** The address as 4 or 16 bytes (a zone such as "%eth0" is ignored), or null. */
export function addressBytes(text: string): Uint8Array | null {
  return parseIp(splitZone(text).address);
}

/** Negative, zero or positive as a < b, a = b, a > b (IPv4 sorts below IPv6). */
export function compareAddresses(a: string, b: string): number {
  const x = addressBytes(a);
  const y = addressBytes(b);
  if (x === null || y === null) return (x === null ? 0 : 1) - (y === null ? 0 : 1);
  return compareIpBytes(x, y);
}
