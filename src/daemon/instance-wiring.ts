// One VRRP instance on the wire: its transport, the adverts it sends (encoded here from the engine's
// send-advert action) and the packets it receives (decoded and checked by the codec, counted by drop
// reason, and handed to the engine as advert events).
import type { VrrpInstanceConfig } from '../config/types.js';
import { canonicalIp, type IpFamily } from '../lib/ip.js';
import type { Logger } from '../lib/logger.js';
import type { TransportFactory, TransportPacket, VrrpTransport } from '../net/transport.js';
import {
  authDataFromPassword,
  decodeAdvert,
  encodeAdvert,
  validateAdvert,
  V2_AUTH_NONE,
  V2_AUTH_PASS,
  VRRP_MULTICAST_IPV4,
  VRRP_MULTICAST_IPV6,
  type ReceiverExpectations,
  type VrrpAdvert,
} from '../vrrp/codec/index.js';
import type { ReceivedAdvert } from '../vrrp/index.js';

export interface WiringContext {
  family: IpFamily;
  ifindex: number;
  localAddress: string;
  openTransport: TransportFactory;
  onAdvert: (instance: string, advert: ReceivedAdvert) => void;
  log: Logger;
}

export class InstanceWiring {
  readonly transport: VrrpTransport;
  /** Dropped packets by codec reason (the engine counts its own). */
  readonly drops = new Map<string, number>();
  private expect: ReceiverExpectations;
  private advertised: string[];
  private sendFailures = 0;

  constructor(
    public name: string,
    private config: VrrpInstanceConfig,
    private readonly ctx: WiringContext,
  ) {
    const peers = config.unicast_peers.map((p) => canonicalIp(p) ?? p);
    const group = ctx.family === 'ipv4' ? VRRP_MULTICAST_IPV4 : VRRP_MULTICAST_IPV6;
    this.advertised = advertisedOf(config);
    this.expect = expectations(config, ctx);
    this.transport = ctx.openTransport(config.transport, {
      family: ctx.family,
      ifname: config.interface,
      ifindex: ctx.ifindex,
      localAddress: ctx.localAddress,
      peers,
      multicastGroup: group,
      udpPort: config.udp_port,
      onPacket: (p) => this.receive(p),
      onError: (code, message) => ctx.log.warn('receive error', { instance: name, code, error: message }),
    });
  }

  /** Reload: the same socket with a new configuration (and perhaps a new name). */
  update(name: string, config: VrrpInstanceConfig): void {
    this.name = name;
    this.config = config;
    this.advertised = advertisedOf(config);
    this.expect = expectations(config, this.ctx);
  }

  /** Whether a new configuration needs a new socket (the peers or the UDP port changed). */
  needsNewSocket(config: VrrpInstanceConfig): boolean {
    return (
      JSON.stringify(config.unicast_peers) !== JSON.stringify(this.config.unicast_peers) ||
      config.udp_port !== this.config.udp_port
    );
  }

  /** Sends one advert to every destination; returns how many sends failed. */
  sendAdvert(priority: number): number {
    const advert = this.advert(priority);
    let failed = 0;
    for (const destination of this.transport.destinations) {
      const bytes = encodeAdvert(
        advert,
        { source: this.transport.localAddress, destination },
        { checksumCoverage: this.config.v3_checksum_as_v2 ? 'message-only' : 'pseudo-header' },
      );
      const result = this.transport.send(bytes, destination);
      if (result.ok) continue;
      failed++;
      // Sends fail while the link is down; say so once per run of failures.
      if (this.sendFailures++ === 0)
        this.ctx.log.warn('cannot send adverts', {
          instance: this.name,
          destination,
          code: result.code,
          error: result.message,
        });
    }
    if (failed === 0) this.sendFailures = 0;
    return failed;
  }

  close(): void {
    this.transport.close();
  }

  private advert(priority: number): VrrpAdvert {
    const c = this.config;
    const common = {
      vrid: c.virtual_router_id,
      priority,
      advertIntervalCs: c.advert_interval / 10,
      addresses: this.advertised,
    };
    if (c.version === 3) return { ...common, version: 3, family: this.ctx.family };
    const auth = c.authentication;
    return {
      ...common,
      version: 2,
      family: 'ipv4',
      authType: auth === undefined ? V2_AUTH_NONE : V2_AUTH_PASS,
      authData: auth === undefined ? new Uint8Array(8) : authDataFromPassword(auth.password),
    };
  }

  private receive(packet: TransportPacket): void {
    // Every instance's socket sees the adverts of every VRID on its interface: keep ours.
    if (packet.message.length < 2 || packet.message[1] !== this.config.virtual_router_id) return;
    const decoded = decodeAdvert(packet.message, packet.facts);
    if (!decoded.ok) return this.drop(decoded.error.reason, decoded.error.message, packet);
    const valid = validateAdvert(decoded, packet.facts, this.expect);
    if (!valid.ok) return this.drop(valid.error.reason, valid.error.message, packet);
    const a = decoded.advert;
    this.ctx.onAdvert(this.name, {
      version: a.version,
      vrid: a.vrid,
      priority: a.priority,
      advertIntervalMs: a.advertIntervalCs * 10,
      sourceAddress: decoded.source,
    });
  }

  private drop(reason: string, message: string, packet: TransportPacket): void {
    const count = (this.drops.get(reason) ?? 0) + 1;
    this.drops.set(reason, count);
    // 1, 10, 100, ...: enough to notice, never a flood.
    const level = Number.isInteger(Math.log10(count)) ? 'warn' : 'debug';
    this.ctx.log.log(level, 'advert dropped', {
      instance: this.name,
      reason,
      detail: message,
      source: packet.facts.source,
      count,
    });
  }
}

function advertisedOf(config: VrrpInstanceConfig): string[] {
  return config.virtual_ipaddresses.map((v) => canonicalIp(v.address) ?? v.address);
}

function expectations(config: VrrpInstanceConfig, ctx: WiringContext): ReceiverExpectations {
  const peers = config.unicast_peers.map((p) => canonicalIp(p) ?? p);
  return {
    version: config.version,
    family: ctx.family,
    vrid: config.virtual_router_id,
    advertIntervalCs: config.advert_interval / 10,
    v3ChecksumAsV2: config.v3_checksum_as_v2,
    authentication:
      config.authentication === undefined
        ? { type: 'none' }
        : { type: 'pass', authData: authDataFromPassword(config.authentication.password) },
    unicastPeers: peers,
    ...(peers.length > 0 ? { localAddress: ctx.localAddress } : {}),
    multicastGroup: ctx.family === 'ipv4' ? VRRP_MULTICAST_IPV4 : VRRP_MULTICAST_IPV6,
  };
}
