// Checks the netns tests share: reachability from the client, and the wire rules of captured frames.
import { decodeAdvert, type DecodedAdvert } from '../../../src/vrrp/codec/index.js';
import { formatIpv6 } from '../../../src/lib/ip.js';
import type { PcapFrame } from '../../helpers/pcap.js';
import type { Lab } from './lab.js';
import { waitFor } from './wait.js';

/** Waits until the client's ping to the address gets a reply; returns the wait in ms. */
export function waitPing(lab: Lab, from: string, address: string, timeoutMs = 3000): Promise<number> {
  const argv = ['ping', ...(address.includes(':') ? ['-6'] : []), '-c1', '-W1', '-n', address];
  return waitFor(`${from} to reach ${address}`, () => lab.tryExec(from, argv).status === 0, timeoutMs, 50);
}

export interface CapturedAdvert {
  timeUs: bigint;
  sourceMac: string;
  ttl: number;
  tos: number;
  decoded: DecodedAdvert | string;
}

export interface CapturedGarp {
  timeUs: bigint;
  sourceMac: string;
  /** Sender IP = target IP (ARP) or the NA target. */
  address: string;
  /** ARP: opcode 1 with target MAC broadcast; NA: override flag and target link-layer option. */
  wellFormed: boolean;
}

/** IPv4 and IPv6 VRRP adverts in the capture, decoded by the codec (a string: why it did not decode). */
export function advertsIn(frames: readonly PcapFrame[]): CapturedAdvert[] {
  const out: CapturedAdvert[] = [];
  for (const f of frames) {
    const base = { timeUs: f.timestampUs, sourceMac: f.ethernet.source };
    if (f.ipv4 !== null && f.ipv4.protocol === 112) {
      const d = decodeAdvert(f.ipv4.payload, f.ipv4);
      out.push({ ...base, ttl: f.ipv4.ttl, tos: f.ipv4.tos, decoded: d.ok ? d : d.error.message });
    } else if (f.ethernet.etherType === 0x86dd) {
      const ip = f.bytes.subarray(f.ethernet.payloadOffset);
      if (ip[6] !== 112) continue;
      const tclass = (((ip[0] as number) & 0x0f) << 4) | ((ip[1] as number) >> 4);
      const length = ((ip[4] as number) << 8) | (ip[5] as number);
      const pair = { source: formatIpv6(ip, 8), destination: formatIpv6(ip, 24) };
      const d = decodeAdvert(ip.subarray(40, 40 + length), pair);
      out.push({ ...base, ttl: ip[7] as number, tos: tclass, decoded: d.ok ? d : d.error.message });
    }
  }
  return out;
}

export function garpsIn(frames: readonly PcapFrame[]): CapturedGarp[] {
  const out: CapturedGarp[] = [];
  for (const f of frames) {
    const p = f.bytes.subarray(f.ethernet.payloadOffset);
    const base = { timeUs: f.timestampUs, sourceMac: f.ethernet.source };
    if (f.ethernet.etherType === 0x0806 && p.length >= 28) {
      const sender = [...p.subarray(14, 18)].join('.');
      const target = [...p.subarray(24, 28)].join('.');
      if (sender !== target) continue;
      const request = p[6] === 0 && p[7] === 1;
      const broadcastTarget = p.subarray(18, 24).every((b) => b === 0xff);
      out.push({
        ...base,
        address: sender,
        wellFormed: request && broadcastTarget && f.ethernet.destination === 'ff:ff:ff:ff:ff:ff',
      });
    } else if (f.ethernet.etherType === 0x86dd && p[6] === 58 && p[40] === 136) {
      // Only unsolicited NAs (to all nodes, Solicited clear), not the replies to the client's NS.
      if (formatIpv6(p, 24) !== 'ff02::1' || ((p[44] as number) & 0x40) !== 0) continue;
      const override = ((p[44] as number) & 0x20) !== 0;
      const option = p[64] === 2 && p[65] === 1;
      out.push({ ...base, address: formatIpv6(p, 48), wellFormed: override && option && p[7] === 255 });
    }
  }
  return out;
}
