// Fakes of the kernel adapters that record every call: KernelNet, a transport factory and a frame
// sender. Tests drive them (links going down, addresses vanishing, packets arriving) and read the log.
import type {
  AddressEntry,
  AddressSpec,
  KernelNet,
  LinkInfo,
  NetChange,
  NetResult,
  RouteSpec,
} from '../../../src/net/kernel-net.js';
import type { FrameSender } from '../../../src/net/frame-sender.js';
import type {
  SendResult,
  TransportFactory,
  TransportOptions,
  VrrpTransport,
} from '../../../src/net/transport.js';

export class FakeKernelNet implements KernelNet {
  readonly calls: string[] = [];
  linkList: LinkInfo[] = [];
  addressList: AddressEntry[] = [];
  private listener: ((c: NetChange) => void) | null = null;
  closed = false;

  link(index: number, name: string, up = true): LinkInfo {
    const l = { index, name, up, running: up, mac: new Uint8Array([2, 0, 0, 0, 0, index]) };
    this.linkList.push(l);
    return l;
  }

  address(index: number, address: string, prefixLength: number): void {
    const family = address.includes(':') ? 'ipv6' : 'ipv4';
    const scope = address.startsWith('fe80') ? 'link' : 'global';
    this.addressList.push({ index, family, address, prefixLength, label: null, scope, tentative: false });
  }

  async links(): Promise<LinkInfo[]> {
    return this.linkList.map((l) => ({ ...l }));
  }

  async addresses(): Promise<AddressEntry[]> {
    return this.addressList.map((a) => ({ ...a }));
  }

  async addAddress(spec: AddressSpec): Promise<NetResult> {
    this.calls.push(`add ${spec.address}/${spec.prefixLength} if${spec.ifindex}${flags(spec)}`);
    if (this.addressList.some((a) => a.index === spec.ifindex && a.address === spec.address))
      return { ok: false, code: 'EEXIST', message: 'exists' };
    this.address(spec.ifindex, spec.address, spec.prefixLength);
    return { ok: true };
  }

  async deleteAddress(spec: AddressSpec): Promise<NetResult> {
    this.calls.push(`del ${spec.address}/${spec.prefixLength} if${spec.ifindex}`);
    const i = this.addressList.findIndex((a) => a.index === spec.ifindex && a.address === spec.address);
    if (i < 0) return { ok: false, code: 'EADDRNOTAVAIL', message: 'absent' };
    this.addressList.splice(i, 1);
    return { ok: true };
  }

  async addRoute(spec: RouteSpec): Promise<NetResult> {
    this.calls.push(`add route ${spec.to} via ${spec.via ?? '-'} if${spec.ifindex ?? '-'}`);
    return { ok: true };
  }

  async deleteRoute(spec: RouteSpec): Promise<NetResult> {
    this.calls.push(`del route ${spec.to}`);
    return { ok: true };
  }

  watch(onChange: (change: NetChange) => void): void {
    this.listener = onChange;
  }

  notify(change: NetChange): void {
    this.listener?.(change);
  }

  close(): void {
    this.closed = true;
  }
}

function flags(spec: AddressSpec): string {
  return `${spec.nodad ? ' nodad' : ''}${spec.label ? ` label ${spec.label}` : ''}${spec.scope ? ` scope ${spec.scope}` : ''}`;
}

export interface FakeTransport extends VrrpTransport {
  readonly options: TransportOptions;
  readonly sent: { bytes: Uint8Array; destination: string }[];
  closed: boolean;
}

export function fakeTransports(): { factory: TransportFactory; opened: FakeTransport[] } {
  const opened: FakeTransport[] = [];
  const factory: TransportFactory = (kind, options) => {
    const t: FakeTransport = {
      kind,
      family: options.family,
      localAddress: options.localAddress,
      destinations: options.peers.length > 0 ? [...options.peers] : [options.multicastGroup],
      options,
      sent: [],
      closed: false,
      send(bytes, destination): SendResult {
        this.sent.push({ bytes, destination });
        return { ok: true };
      },
      close() {
        this.closed = true;
      },
    };
    opened.push(t);
    return t;
  };
  return { factory, opened };
}

export class FakeFrames implements FrameSender {
  readonly sent: { ifindex: number; frame: Uint8Array }[] = [];
  send(ifindex: number, frame: Uint8Array): SendResult {
    this.sent.push({ ifindex, frame });
    return { ok: true };
  }
  close(): void {}
}
