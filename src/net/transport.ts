// The VRRP transports behind one interface: `raw` (IP protocol 112, multicast or unicast peers) and
// `udp` (node:dgram, unicast peers). A transport moves VRRP messages (the bytes after the IP or UDP
// header) and reports what it knows of each received packet's IP header; decoding, checksums and the
// acceptance rules stay with the codec.
import type { IpFamily } from '../lib/ip.js';
import type { ReceivedIpFacts } from '../vrrp/codec/index.js';

export interface TransportPacket {
  /** The VRRP message. */
  readonly message: Uint8Array;
  readonly facts: ReceivedIpFacts;
}

export type SendResult = { ok: true } | { ok: false; code: string; message: string };

export interface VrrpTransport {
  readonly kind: 'raw' | 'udp';
  readonly family: IpFamily;
  /** The IP source of our adverts: the unicast source, the interface's primary (IPv4) or link-local (IPv6) address. */
  readonly localAddress: string;
  /** Where each advert goes: the multicast group, or every unicast peer. */
  readonly destinations: readonly string[];
  send(message: Uint8Array, destination: string): SendResult;
  close(): void;
}

export interface TransportOptions {
  family: IpFamily;
  /** The instance's interface. */
  ifname: string;
  ifindex: number;
  localAddress: string;
  /** Empty: multicast to `multicastGroup`. */
  peers: readonly string[];
  multicastGroup: string;
  /** For udp. */
  udpPort?: number;
  onPacket: (packet: TransportPacket) => void;
  /** A receive error that is not a packet (logged by the caller). */
  onError: (code: string, message: string) => void;
}

/** Opens a transport; operating failures (no such device, no permission) are errors with a code. */
export type TransportFactory = (kind: 'raw' | 'udp', options: TransportOptions) => VrrpTransport;

export class TransportOpenError extends Error {
  override readonly name = 'TransportOpenError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
