// The narrow interface to addresses, routes and links (rtnetlink). rtnetlink.ts implements it with the
// npm `netlink` package; test/unit/net has a fake that records calls. Operating failures (EEXIST,
// EADDRNOTAVAIL, ENODEV) are values, not exceptions.
import type { IpFamily } from '../lib/ip.js';

export interface LinkInfo {
  index: number;
  name: string;
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** Carrier and operationally up (IFF_RUNNING / IFF_LOWER_UP). */
  running: boolean;
  mac: Uint8Array;
}

export type AddressScope = 'global' | 'site' | 'link' | 'host';

export interface AddressEntry {
  index: number;
  family: IpFamily;
  /** Canonical text. */
  address: string;
  prefixLength: number;
  label: string | null;
  scope: AddressScope | number;
  tentative: boolean;
}

export interface AddressSpec {
  ifindex: number;
  address: string;
  prefixLength: number;
  label?: string | undefined;
  scope?: AddressScope | undefined;
  /** IPv6: IFA_F_NODAD, so a VIP is usable at once. */
  nodad?: boolean;
}

export interface RouteSpec {
  /** A network "198.51.100.0/24", or "default" with `family`. */
  to: string;
  family: IpFamily;
  via?: string | undefined;
  ifindex?: number | undefined;
  src?: string | undefined;
  metric?: number | undefined;
  table?: number | undefined;
  scope?: AddressScope | undefined;
}

export type NetResult = { ok: true } | { ok: false; code: string; message: string };

export type NetChange = { kind: 'link' } | { kind: 'address' };

export interface KernelNet {
  links(): Promise<LinkInfo[]>;
  addresses(): Promise<AddressEntry[]>;
  addAddress(spec: AddressSpec): Promise<NetResult>;
  deleteAddress(spec: AddressSpec): Promise<NetResult>;
  addRoute(spec: RouteSpec): Promise<NetResult>;
  deleteRoute(spec: RouteSpec): Promise<NetResult>;
  /** Calls onChange for every link or address notification until close(). */
  watch(onChange: (change: NetChange) => void): void;
  close(): void;
}

export const SCOPE_VALUES: Record<AddressScope, number> = { global: 0, site: 200, link: 253, host: 254 };
