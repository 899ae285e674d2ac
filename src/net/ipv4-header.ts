// The IPv4 header of a VRRP packet: built here for IP_HDRINCL sends (TOS 0xc0, TTL 255, DF clear,
// as keepalived sends it) and parsed from what a raw IPv4 socket receives (the header comes first).
import { formatIpv4, parseIpv4 } from '../lib/ip.js';
import { internetChecksum } from './inet-checksum.js';

export const IPV4_HEADER_LENGTH = 20;
/** DSCP CS6 (network control), as RFC 5798 section 5.1.1.1 suggests and keepalived sends. */
export const VRRP_TOS = 0xc0;

export interface Ipv4HeaderFields {
  source: string;
  destination: string;
  protocol: number;
  ttl: number;
  tos: number;
}

/** header + payload, with the header checksum filled in. */
export function buildIpv4Packet(fields: Ipv4HeaderFields, payload: Uint8Array): Uint8Array {
  const source = parseIpv4(fields.source);
  const destination = parseIpv4(fields.destination);
  if (source === null || destination === null)
    throw new RangeError(`buildIpv4Packet: bad address ${fields.source} -> ${fields.destination}`);
  const out = new Uint8Array(IPV4_HEADER_LENGTH + payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x45;
  out[1] = fields.tos;
  view.setUint16(2, out.length);
  // Identification 0 (the kernel fills it in), flags and fragment offset 0: DF clear.
  out[8] = fields.ttl;
  out[9] = fields.protocol;
  out.set(source, 12);
  out.set(destination, 16);
  view.setUint16(10, internetChecksum(out.subarray(0, IPV4_HEADER_LENGTH)));
  out.set(payload, IPV4_HEADER_LENGTH);
  return out;
}

export interface ParsedIpv4 {
  source: string;
  destination: string;
  ttl: number;
  tos: number;
  protocol: number;
  /** The IP payload (to the header's total length; link padding cut off). */
  payload: Uint8Array;
}

/** The header facts and payload of a received IPv4 packet, or null when it is not one. */
export function parseIpv4Packet(packet: Uint8Array): ParsedIpv4 | null {
  if (packet.length < IPV4_HEADER_LENGTH || (packet[0] as number) >> 4 !== 4) return null;
  const headerLength = ((packet[0] as number) & 0x0f) * 4;
  const totalLength = ((packet[2] as number) << 8) | (packet[3] as number);
  if (headerLength < IPV4_HEADER_LENGTH || packet.length < headerLength) return null;
  const end = totalLength >= headerLength && totalLength <= packet.length ? totalLength : packet.length;
  return {
    tos: packet[1] as number,
    ttl: packet[8] as number,
    protocol: packet[9] as number,
    source: formatIpv4(packet, 12),
    destination: formatIpv4(packet, 16),
    payload: packet.subarray(headerLength, end),
  };
}
