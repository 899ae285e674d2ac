// The Internet checksum (RFC 1071) as VRRP uses it: over the message with the checksum field as zero, and
// for v3 over a pseudo-header too (RFC 5798 section 5.2.8; for IPv6 the RFC 8200 section 8.1 layout).
import { VRRP_PROTOCOL } from './types.js';

/** Offset of the 16-bit checksum field in the VRRP header. */
export const CHECKSUM_OFFSET = 6;

/**
 * Adds the big-endian 16-bit words of bytes[start, end) to sum, without folding (an odd last byte is the
 * high byte of a word). Safe for any VRRP message: the sum stays far below 2^53.
 */
export function addWords(sum: number, view: DataView, start: number, end: number): number {
  let i = start;
  for (; i + 1 < end; i += 2) sum += view.getUint16(i);
  if (i < end) sum += view.getUint8(i) << 8;
  return sum;
}

/** Folds carries back in until the sum fits 16 bits (one's complement addition). */
export function foldSum(sum: number): number {
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return sum;
}

/** The checksum field value for a (not yet folded) sum: the one's complement of the folded sum. */
export function checksumOf(sum: number): number {
  return ~foldSum(sum) & 0xffff;
}

/**
 * The sum of the VRRP message bytes[0, length) with the checksum field taken as zero: the checksum of the
 * message alone is checksumOf(messageSum(...)).
 */
export function messageSum(view: DataView, length: number): number {
  return addWords(addWords(0, view, 0, CHECKSUM_OFFSET), view, CHECKSUM_OFFSET + 2, length);
}

/**
 * The sum of the pseudo-header for a message of `length` bytes between source and destination (4 or 16
 * bytes each). IPv4 (src, dst, zero, protocol, 16-bit length) and IPv6 (src, dst, 32-bit length, 3 zero
 * bytes, next header) add up the same way.
 */
export function pseudoHeaderSum(source: Uint8Array, destination: Uint8Array, length: number): number {
  return VRRP_PROTOCOL + (length >>> 16) + (length & 0xffff) + addressSum(source) + addressSum(destination);
}

/** The sum of the 16-bit words of an address (4 or 16 bytes: an even length). */
function addressSum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  return sum;
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
