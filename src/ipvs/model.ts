// The IPVS table as lvsd sees it: services (address:port:protocol or fwmark) and their destinations,
// in the kernel's own terms (flags bitmask, seconds, netmask), so that what lvsd writes and what a
// dump reads back compare field by field. Identities are canonical strings.
import type { IpFamily } from '../lib/ip.js';

export type IpvsProtocol = 'tcp' | 'udp' | 'sctp';
/** The kernel's forwarding methods; lvsd configures nat, dr and tun, and reads the others back. */
export type Forwarding = 'nat' | 'local' | 'tun' | 'dr' | 'bypass';
export type TunnelType = 'ipip' | 'gue' | 'gre';

export type ServiceKey =
  | { kind: 'address'; family: IpFamily; protocol: IpvsProtocol; address: string; port: number }
  | { kind: 'fwmark'; family: IpFamily; fwmark: number };

/** Service flags (IP_VS_SVC_F_*); HASHED is the kernel's own and never part of a Service. */
export const SVC_FLAGS = {
  persistent: 0x0001,
  hashed: 0x0002,
  onePacket: 0x0004,
  sched1: 0x0008,
  sched2: 0x0010,
  sched3: 0x0020,
} as const;

export interface Service {
  key: ServiceKey;
  scheduler: string;
  /** IP_VS_SVC_F_* without HASHED. */
  flags: number;
  /** Persistence timeout in seconds (0 when not persistent). */
  timeoutS: number;
  /** IPv4: the persistence netmask as a 32-bit number (0xffffff00); IPv6: the prefix length. */
  netmask: number;
  /** Persistence engine ("sip"), or "" for none. */
  peName: string;
}

export interface TunnelOptions {
  type: TunnelType;
  /** UDP port of a gue tunnel, 0 otherwise. */
  port: number;
  /** IP_VS_TUNNEL_ENCAP_FLAG_*: 1 csum, 2 remcsum. */
  flags: number;
}

export interface DestKey {
  family: IpFamily;
  address: string;
  port: number;
}

export interface Destination extends DestKey {
  forwarding: Forwarding;
  weight: number;
  upperThreshold: number;
  lowerThreshold: number;
  /** Meaningful with forwarding tun; { ipip, 0, 0 } otherwise. */
  tunnel: TunnelOptions;
}

export const NO_TUNNEL: TunnelOptions = Object.freeze({ type: 'ipip', port: 0, flags: 0 });

export interface Stats {
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
  cps: number;
  inPps: number;
  outPps: number;
  inBps: number;
  outBps: number;
}

export const ZERO_STATS: Stats = Object.freeze({
  conns: 0,
  inPkts: 0,
  outPkts: 0,
  inBytes: 0,
  outBytes: 0,
  cps: 0,
  inPps: 0,
  outPps: 0,
  inBps: 0,
  outBps: 0,
});

/** A service as a dump reads it: the model plus counters. */
export interface KernelService extends Service {
  stats: Stats;
}

/** A destination as a dump reads it: the model plus connection counts and counters. */
export interface KernelDestination extends Destination {
  activeConns: number;
  inactiveConns: number;
  persistentConns: number;
  stats: Stats;
}

export interface TableEntry {
  service: Service;
  /** By destId. */
  destinations: Map<string, Destination>;
}

/** Services by serviceId; the unit reconcile works on. */
export type IpvsTable = Map<string, TableEntry>;

export interface Timeouts {
  tcpS: number;
  tcpFinS: number;
  udpS: number;
}

export type SyncState = 'master' | 'backup';

export interface SyncDaemon {
  state: SyncState;
  interface: string;
  syncId: number;
  /** Largest sync message (bytes); 0: the kernel's default. */
  maxLen: number;
  /** Multicast group; "" for the kernel's default (224.0.0.81). */
  group: string;
  /** 0: the kernel's default (8848). */
  port: number;
  /** 0: the kernel's default (1). */
  ttl: number;
}

export interface IpvsInfo {
  /** "1.2.1" */
  version: string;
  connTableSize: number;
}

export function serviceId(key: ServiceKey): string {
  if (key.kind === 'fwmark') return `fwmark ${key.fwmark} ${key.family}`;
  const host = key.family === 'ipv6' ? `[${key.address}]` : key.address;
  return `${key.protocol} ${host}:${key.port}`;
}

export function destId(dest: DestKey): string {
  return dest.family === 'ipv6' ? `[${dest.address}]:${dest.port}` : `${dest.address}:${dest.port}`;
}

/** Ownership names a destination inside its service. */
export function ownedDestId(service: ServiceKey, dest: DestKey): string {
  return `${serviceId(service)} -> ${destId(dest)}`;
}

export function sameService(a: Service, b: Service): boolean {
  return (
    a.scheduler === b.scheduler &&
    a.flags === b.flags &&
    a.timeoutS === b.timeoutS &&
    a.netmask === b.netmask &&
    a.peName === b.peName
  );
}

export function sameDestination(a: Destination, b: Destination): boolean {
  if (a.forwarding !== b.forwarding || a.weight !== b.weight) return false;
  if (a.upperThreshold !== b.upperThreshold || a.lowerThreshold !== b.lowerThreshold) return false;
  if (a.forwarding !== 'tun') return true;
  return (
    a.tunnel.type === b.tunnel.type && a.tunnel.port === b.tunnel.port && a.tunnel.flags === b.tunnel.flags
  );
}

/** A copy of a service (its key, immutable, is shared). Spelled out: object spread is slow in cold code. */
export function copyService(s: Service): Service {
  return {
    key: s.key,
    scheduler: s.scheduler,
    flags: s.flags,
    timeoutS: s.timeoutS,
    netmask: s.netmask,
    peName: s.peName,
  };
}

/** A copy of a destination (its tunnel options, immutable, are shared). */
export function copyDestination(d: Destination): Destination {
  return {
    family: d.family,
    address: d.address,
    port: d.port,
    forwarding: d.forwarding,
    weight: d.weight,
    upperThreshold: d.upperThreshold,
    lowerThreshold: d.lowerThreshold,
    tunnel: d.tunnel,
  };
}

/** A deep copy, so that a cached view is never shared with a caller. */
export function cloneTable(table: IpvsTable): IpvsTable {
  const out: IpvsTable = new Map();
  for (const [id, entry] of table) {
    out.set(id, { service: copyService(entry.service), destinations: new Map(entry.destinations) });
  }
  return out;
}
