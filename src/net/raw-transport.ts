// The raw transport: one protocol-112 socket per instance, bound to the interface. IPv4 packets are
// sent with a header built here (TOS 0xc0, TTL 255); IPv6 packets get hop limit 255 and traffic class
// 0xc0 from the socket and the link-local source through IPV6_PKTINFO. Multicast instances join the
// group on the interface.
import { isMulticastIp, parseIp } from '../lib/ip.js';
import { VRRP_PROTOCOL, VRRP_TTL } from '../vrrp/codec/index.js';
import { buildIpv4Packet, parseIpv4Packet, VRRP_TOS } from './ipv4-header.js';
import { errnoName, nativeAddon, type NativeAddon, type NativeDatagram } from './native.js';
import {
  TransportOpenError,
  type SendResult,
  type TransportOptions,
  type TransportPacket,
  type VrrpTransport,
} from './transport.js';

export class RawTransport implements VrrpTransport {
  readonly kind = 'raw';
  readonly family;
  readonly localAddress;
  readonly destinations: readonly string[];
  private readonly fd: number;
  private readonly familyNumber: 4 | 6;
  private closed = false;

  constructor(
    private readonly options: TransportOptions,
    private readonly addon: NativeAddon = nativeAddon(),
  ) {
    this.family = options.family;
    this.localAddress = options.localAddress;
    this.familyNumber = options.family === 'ipv4' ? 4 : 6;
    const multicast = options.peers.length === 0;
    this.destinations = multicast ? [options.multicastGroup] : [...options.peers];
    try {
      this.fd = addon.openRaw(this.familyNumber, VRRP_PROTOCOL, options.ifname);
    } catch (e) {
      throw new TransportOpenError(errnoName(e), `raw socket on ${options.ifname}: ${String(e)}`);
    }
    try {
      if (multicast) addon.joinGroup(this.fd, this.familyNumber, options.multicastGroup, options.ifindex);
      addon.poll(this.fd, () => this.drain());
    } catch (e) {
      addon.close(this.fd);
      throw new TransportOpenError(
        errnoName(e),
        `joining ${options.multicastGroup} on ${options.ifname}: ${String(e)}`,
      );
    }
  }

  send(message: Uint8Array, destination: string): SendResult {
    try {
      if (this.familyNumber === 4) {
        const packet = buildIpv4Packet(
          { source: this.localAddress, destination, protocol: VRRP_PROTOCOL, ttl: VRRP_TTL, tos: VRRP_TOS },
          message,
        );
        this.addon.sendTo(this.fd, 4, packet, destination, this.options.ifindex, null);
      } else {
        this.addon.sendTo(this.fd, 6, message, destination, this.options.ifindex, this.localAddress);
      }
      return { ok: true };
    } catch (e) {
      return { ok: false, code: errnoName(e), message: e instanceof Error ? e.message : String(e) };
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.addon.unpoll(this.fd);
    this.addon.close(this.fd);
  }

  private drain(): void {
    for (let i = 0; i < 64 && !this.closed; i++) {
      let datagram: NativeDatagram | null;
      try {
        datagram = this.addon.recvFrom(this.fd, this.familyNumber);
      } catch (e) {
        this.options.onError(errnoName(e), e instanceof Error ? e.message : String(e));
        return;
      }
      if (datagram === null) return;
      const packet = this.packetOf(datagram);
      if (packet !== null) this.options.onPacket(packet);
    }
  }

  private packetOf(d: NativeDatagram): TransportPacket | null {
    if (this.familyNumber === 4) {
      const ip = parseIpv4Packet(d.data);
      if (ip === null || ip.protocol !== VRRP_PROTOCOL) return null;
      const facts = {
        source: ip.source,
        destination: ip.destination,
        ttl: ip.ttl,
        path: pathOf(ip.destination),
      };
      return { message: ip.payload, facts };
    }
    const destination = d.destination ?? '::';
    return {
      message: d.data,
      facts: { source: d.source, destination, ttl: d.ttl, path: pathOf(destination) },
    };
  }
}

function pathOf(destination: string): 'multicast' | 'unicast' {
  const bytes = parseIp(destination);
  return bytes !== null && isMulticastIp(bytes) ? 'multicast' : 'unicast';
}
