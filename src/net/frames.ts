// Gratuitous ARP and unsolicited Neighbor Advertisement frames, whole Ethernet frames for an AF_PACKET
// socket (keepalived's vrrp_arp.c and vrrp_ndisc.c behaviour, our own code):
// - ARP request, Ethernet broadcast, sender IP = target IP = the VIP, target MAC ff:ff:ff:ff:ff:ff;
// - ICMPv6 NA from the VIP to ff02::1 (33:33:00:00:00:01), hop limit 255, Override set, with the
//   target link-layer address option.
import { parseIpv4, parseIpv6 } from '../lib/ip.js';
import { internetChecksum, onesSum } from './inet-checksum.js';

export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERNET_HEADER_LENGTH = 14;
export const BROADCAST_MAC = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
export const ALL_NODES_MAC = new Uint8Array([0x33, 0x33, 0x00, 0x00, 0x00, 0x01]);
export const ALL_NODES_IPV6 = 'ff02::1';
const ICMPV6 = 58;
const NA_TYPE = 136;
export const NA_FLAG_ROUTER = 0x80;
export const NA_FLAG_SOLICITED = 0x40;
export const NA_FLAG_OVERRIDE = 0x20;

function ethernet(out: Uint8Array, destination: Uint8Array, source: Uint8Array, type: number): void {
  if (source.length !== 6) throw new RangeError('a MAC address has 6 bytes');
  out.set(destination, 0);
  out.set(source, 6);
  out[12] = type >> 8;
  out[13] = type & 0xff;
}

/** A gratuitous ARP request for vip from mac (42 bytes: Ethernet + ARP). */
export function gratuitousArp(mac: Uint8Array, vip: string): Uint8Array {
  const ip = parseIpv4(vip);
  if (ip === null) throw new RangeError(`gratuitousArp: ${vip} is not IPv4`);
  const out = new Uint8Array(ETHERNET_HEADER_LENGTH + 28);
  ethernet(out, BROADCAST_MAC, mac, ETHERTYPE_ARP);
  const arp = ETHERNET_HEADER_LENGTH;
  out.set([0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01], arp); // Ethernet, IPv4, request
  out.set(mac, arp + 8);
  out.set(ip, arp + 14);
  out.set(BROADCAST_MAC, arp + 18);
  out.set(ip, arp + 24);
  return out;
}

/** An unsolicited NA for vip from mac (86 bytes). router: set the Router flag (forwarding on). */
export function unsolicitedNa(mac: Uint8Array, vip: string, router = false): Uint8Array {
  const source = parseIpv6(vip);
  const destination = parseIpv6(ALL_NODES_IPV6);
  if (source === null || destination === null) throw new RangeError(`unsolicitedNa: ${vip} is not IPv6`);
  const icmpLength = 32;
  const out = new Uint8Array(ETHERNET_HEADER_LENGTH + 40 + icmpLength);
  ethernet(out, ALL_NODES_MAC, mac, ETHERTYPE_IPV6);
  const ip = ETHERNET_HEADER_LENGTH;
  out[ip] = 0x60;
  out[ip + 4] = icmpLength >> 8;
  out[ip + 5] = icmpLength & 0xff;
  out[ip + 6] = ICMPV6;
  out[ip + 7] = 255;
  out.set(source, ip + 8);
  out.set(destination, ip + 24);
  const icmp = ip + 40;
  out[icmp] = NA_TYPE;
  out[icmp + 4] = NA_FLAG_OVERRIDE | (router ? NA_FLAG_ROUTER : 0);
  out.set(source, icmp + 8);
  out[icmp + 24] = 2; // target link-layer address option, 1 unit of 8 bytes
  out[icmp + 25] = 1;
  out.set(mac, icmp + 26);
  const pseudo = new Uint8Array(40);
  pseudo.set(source, 0);
  pseudo.set(destination, 16);
  pseudo[35] = icmpLength;
  pseudo[39] = ICMPV6;
  const sum = internetChecksum(out.subarray(icmp), onesSum(pseudo));
  out[icmp + 2] = sum >> 8;
  out[icmp + 3] = sum & 0xff;
  return out;
}

/** "aa:bb:cc:dd:ee:ff" of 6 bytes. */
export function formatMac(mac: Uint8Array): string {
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':');
}
