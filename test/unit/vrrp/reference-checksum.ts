// An independent Internet checksum for the tests: the word sum reduced modulo 0xffff (one's complement
// arithmetic) rather than by folding carries, and the pseudo-headers laid out byte by byte as RFC 5798
// (IPv4, the UDP-style layout) and RFC 8200 section 8.1 (IPv6) draw them. Deliberately unlike
// src/vrrp/codec/checksum.ts.

/** The checksum field value over bytes (an odd length is padded with a zero byte). */
export function referenceChecksum(bytes: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < bytes.length; i += 2) total += (bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0);
  let reduced = total % 0xffff;
  if (reduced === 0 && total !== 0) reduced = 0xffff;
  return 0xffff - reduced;
}

export function pseudoHeaderBytes(source: Uint8Array, destination: Uint8Array, length: number): number[] {
  if (source.length === 4) return [...source, ...destination, 0, 112, (length >>> 8) & 0xff, length & 0xff];
  const length32 = [(length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff];
  return [...source, ...destination, ...length32, 0, 0, 0, 112];
}
