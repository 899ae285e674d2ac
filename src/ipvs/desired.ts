// The configuration's virtual servers as the IPVS table lvsd wants. Until the checkers arrive every
// real server is up at its configured weight; a service whose real servers weigh less than its
// quorum runs on its sorry server, as keepalived does.
import { familyOf } from '../config/schema/primitives.js';
import type { Config, VirtualServerConfig } from '../config/types.js';
import { canonicalIp, parseIpv4, type IpFamily } from '../lib/ip.js';
import {
  NO_TUNNEL,
  SVC_FLAGS,
  destId,
  serviceId,
  type Destination,
  type IpvsTable,
  type Service,
  type ServiceKey,
  type TableEntry,
  type Timeouts,
  type TunnelOptions,
} from './model.js';

type TunnelConfig = NonNullable<VirtualServerConfig['tunnel']>;

const SCHEDULER_FLAG_BITS: Record<string, number> = {
  'sh-fallback': SVC_FLAGS.sched1,
  'sh-port': SVC_FLAGS.sched2,
  'mh-fallback': SVC_FLAGS.sched1,
  'mh-port': SVC_FLAGS.sched2,
};

const CHECKSUM_FLAGS = { none: 0, csum: 1, remcsum: 2 } as const;

export function desiredTable(config: Pick<Config, 'virtual_servers'>): IpvsTable {
  const table: IpvsTable = new Map();
  for (const vs of config.virtual_servers) {
    const entry = desiredEntry(vs);
    table.set(serviceId(entry.service.key), entry);
  }
  return table;
}

/** One virtual server's entry: what desiredTable holds for it, and all a reload rebuilds for a changed one. */
export function desiredEntry(vs: VirtualServerConfig): TableEntry {
  const destinations = new Map<string, Destination>();
  for (const dest of destinationsOf(vs)) destinations.set(destId(dest), dest);
  return { service: serviceOf(vs), destinations };
}

export function serviceKeyOf(vs: VirtualServerConfig): ServiceKey {
  const family = vs.family as IpFamily;
  if (vs.fwmark !== undefined) return { kind: 'fwmark', family, fwmark: vs.fwmark };
  return {
    kind: 'address',
    family,
    protocol: vs.protocol,
    address: canonical(vs.address ?? ''),
    port: vs.port ?? 0,
  };
}

export function serviceOf(vs: VirtualServerConfig): Service {
  const key = serviceKeyOf(vs);
  let flags = 0;
  for (const flag of vs.scheduler_flags) flags |= SCHEDULER_FLAG_BITS[flag] ?? 0;
  if (vs.one_packet) flags |= SVC_FLAGS.onePacket;
  const p = vs.persistence;
  if (p !== undefined) flags |= SVC_FLAGS.persistent;
  const netmask =
    key.family === 'ipv6' ? (p?.prefix_length ?? 128) : ipv4Mask(p?.netmask ?? '255.255.255.255');
  return {
    key,
    scheduler: vs.scheduler,
    flags,
    timeoutS: p === undefined ? 0 : Math.ceil(p.timeout / 1000),
    netmask,
    peName: '',
  };
}

function destinationsOf(vs: VirtualServerConfig): Destination[] {
  const live = vs.real_servers.reduce((sum, rs) => sum + rs.weight, 0);
  const sorry = vs.sorry_server;
  if (sorry !== undefined && live < vs.quorum.min_weight) {
    const forwarding = sorry.forwarding ?? vs.forwarding;
    return [
      destination(sorry.address, sorry.port ?? vs.port ?? 0, forwarding, sorry.weight, 0, 0, vs.tunnel),
    ];
  }
  return vs.real_servers.map(realServerDestination);
}

/** A real server as a destination (its own forwarding and tunnel: the loader fills them in from the virtual server). */
export function realServerDestination(rs: VirtualServerConfig['real_servers'][number]): Destination {
  return destination(
    rs.address,
    rs.port,
    rs.forwarding,
    rs.weight,
    rs.upper_threshold,
    rs.lower_threshold,
    rs.tunnel,
  );
}

function destination(
  address: string,
  port: number,
  forwarding: 'nat' | 'dr' | 'tun',
  weight: number,
  upperThreshold: number,
  lowerThreshold: number,
  tunnel: TunnelConfig | undefined,
): Destination {
  const { family, address: canonicalAddress } = addressOf(address);
  return {
    family,
    address: canonicalAddress,
    port,
    forwarding,
    weight,
    upperThreshold,
    lowerThreshold,
    tunnel: forwarding === 'tun' ? tunnelOf(tunnel) : NO_TUNNEL,
  };
}

function tunnelOf(t: TunnelConfig | undefined): TunnelOptions {
  if (t === undefined) return NO_TUNNEL;
  const port = 'port' in t ? (t.port ?? 0) : 0;
  return { type: t.type, port, flags: CHECKSUM_FLAGS[t.checksum] };
}

/** lvs_timeouts in whole seconds; 0 leaves the kernel's value. null when none is configured. */
export function desiredTimeouts(config: Pick<Config, 'global'>): Timeouts | null {
  const t = config.global.lvs_timeouts;
  if (t === undefined || (t.tcp === undefined && t.tcp_fin === undefined && t.udp === undefined)) return null;
  const s = (ms: number | undefined) => (ms === undefined ? 0 : Math.ceil(ms / 1000));
  return { tcpS: s(t.tcp), tcpFinS: s(t.tcp_fin), udpS: s(t.udp) };
}

function ipv4Mask(text: string): number {
  const b = parseIpv4(text);
  if (b === null) return 0xffffffff;
  return (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
}

/** Family and canonical text in one parse (this runs for every destination of a large table). */
function addressOf(text: string): { family: IpFamily; address: string } {
  const address = canonicalIp(text);
  if (address === null) return { family: (familyOf(text) ?? 'ipv4') as IpFamily, address: text };
  return { family: address.includes(':') ? 'ipv6' : 'ipv4', address };
}

function canonical(address: string): string {
  return canonicalIp(address) ?? address;
}
