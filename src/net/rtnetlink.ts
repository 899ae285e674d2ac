// KernelNet over rtnetlink with the npm `netlink` package: the only file that imports it (its API is
// young). Requests go over one socket, notifications (links, IPv4/IPv6 addresses) over another.
import netlink from 'netlink';
import { formatIp, ipFamily, parseIp } from '../lib/ip.js';
import {
  SCOPE_VALUES,
  type AddressEntry,
  type AddressScope,
  type AddressSpec,
  type KernelNet,
  type LinkInfo,
  type NetChange,
  type NetResult,
  type RouteSpec,
} from './kernel-net.js';

type Socket = ReturnType<typeof netlink.createRtNetlink>;

const AF_INET = 2;
const AF_INET6 = 10;
const MAIN_TABLE = 254;
const ROUTE_PROTOCOL_STATIC = 4;

export class RtNetlink implements KernelNet {
  private readonly requests: Socket;
  private monitor: Socket | null = null;
  /** The package matches replies to one request at a time: requests go out one after another. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    this.requests = netlink.createRtNetlink();
    this.requests.socket.on('error', () => undefined);
  }

  private serial<T>(request: () => Promise<T>): Promise<T> {
    const result = this.queue.then(request, request);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async links(): Promise<LinkInfo[]> {
    const messages = await this.serial(() => this.requests.getLinks());
    return messages.map((m) => ({
      index: m.data.index ?? 0,
      name: m.attrs.ifname ?? '',
      up: m.data.flags?.up === true,
      running: m.data.flags?.running === true && m.data.flags?.lowerUp === true,
      mac: new Uint8Array(m.attrs.address ?? new Uint8Array(6)),
    }));
  }

  async addresses(): Promise<AddressEntry[]> {
    const messages = await this.serial(() => this.requests.getAddresses());
    const out: AddressEntry[] = [];
    for (const m of messages) {
      const raw = m.attrs.local ?? m.attrs.address;
      if (raw === undefined || (m.data.family !== AF_INET && m.data.family !== AF_INET6)) continue;
      const scope = m.data.scope ?? 0;
      const named = (Object.keys(SCOPE_VALUES) as AddressScope[]).find((k) => SCOPE_VALUES[k] === scope);
      out.push({
        index: m.data.index ?? 0,
        family: m.data.family === AF_INET ? 'ipv4' : 'ipv6',
        address: formatIp(new Uint8Array(raw)),
        prefixLength: m.data.prefixlen ?? 0,
        label: m.attrs.label ?? null,
        scope: named ?? scope,
        tentative: m.data.flags?.tentative === true || m.attrs.flags?.tentative === true,
      });
    }
    return out;
  }

  addAddress(spec: AddressSpec): Promise<NetResult> {
    const { data, attrs } = addressMessage(spec);
    const flags = netlink.FlagsNew.CREATE | netlink.FlagsNew.EXCL;
    return settle(this.serial(() => this.requests.newAddress(data, attrs, { flags })));
  }

  deleteAddress(spec: AddressSpec): Promise<NetResult> {
    const { data, attrs } = addressMessage(spec);
    return settle(this.serial(() => this.requests.delAddress(data, attrs)));
  }

  addRoute(spec: RouteSpec): Promise<NetResult> {
    const { data, attrs } = routeMessage(spec);
    const flags = netlink.FlagsNew.CREATE | netlink.FlagsNew.EXCL;
    return settle(this.serial(() => this.requests.newRoute(data, attrs, { flags })));
  }

  deleteRoute(spec: RouteSpec): Promise<NetResult> {
    const { data, attrs } = routeMessage(spec);
    return settle(this.serial(() => this.requests.delRoute(data, attrs)));
  }

  watch(onChange: (change: NetChange) => void): void {
    if (this.monitor !== null) throw new Error('RtNetlink.watch called twice');
    const monitor = netlink.createRtNetlink();
    for (const group of ['LINK', 'IPV4_IFADDR', 'IPV6_IFADDR'] as const) monitor.addMembership(group);
    monitor.on('message', (messages) => {
      for (const m of messages) {
        if (m.kind === 'link') onChange({ kind: 'link' });
        else if (m.kind === 'address') onChange({ kind: 'address' });
      }
    });
    this.monitor = monitor;
  }

  close(): void {
    this.monitor?.socket.close();
    this.monitor = null;
    this.requests.socket.close();
  }
}

function bytesOf(address: string): Buffer {
  const bytes = parseIp(address);
  if (bytes === null) throw new RangeError(`not an IP address: ${address}`);
  return Buffer.from(bytes);
}

function familyNumber(address: string): number {
  return ipFamily(address) === 'ipv6' ? AF_INET6 : AF_INET;
}

function addressMessage(spec: AddressSpec) {
  const bytes = bytesOf(spec.address);
  const family = familyNumber(spec.address);
  const nodad = family === AF_INET6 && spec.nodad === true;
  const data = {
    family,
    prefixlen: spec.prefixLength,
    index: spec.ifindex,
    scope: SCOPE_VALUES[spec.scope ?? 'global'],
    ...(nodad ? { flags: { nodad: true as const } } : {}),
  };
  const attrs = {
    local: bytes,
    address: bytes,
    ...(spec.label !== undefined && family === AF_INET ? { label: spec.label } : {}),
    ...(nodad ? { flags: { nodad: true as const } } : {}),
  };
  return { data, attrs };
}

function routeMessage(spec: RouteSpec) {
  const family = spec.family === 'ipv6' ? AF_INET6 : AF_INET;
  const [network, length] = spec.to === 'default' ? [null, 0] : spec.to.split('/');
  const dstLen = network === null ? 0 : Number(length ?? (family === AF_INET ? 32 : 128));
  const table = spec.table ?? MAIN_TABLE;
  const scope = spec.scope !== undefined ? SCOPE_VALUES[spec.scope] : spec.via === undefined ? 253 : 0;
  const data = {
    family,
    dstLen,
    table: table < 256 ? table : 0,
    protocol: ROUTE_PROTOCOL_STATIC,
    scope,
    type: 1,
  };
  const attrs = {
    ...(network !== null && network !== undefined ? { dst: bytesOf(network) } : {}),
    ...(spec.via !== undefined ? { gateway: bytesOf(spec.via) } : {}),
    ...(spec.ifindex !== undefined ? { oif: spec.ifindex } : {}),
    ...(spec.src !== undefined ? { prefsrc: bytesOf(spec.src) } : {}),
    ...(spec.metric !== undefined ? { priority: spec.metric } : {}),
    ...(table >= 256 ? { table } : {}),
  };
  return { data, attrs };
}

async function settle(request: Promise<unknown>): Promise<NetResult> {
  try {
    await request;
    return { ok: true };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const code = /\b(E[A-Z0-9]+)\b/.exec(message)?.[1] ?? 'EUNKNOWN';
    return { ok: false, code, message };
  }
}
