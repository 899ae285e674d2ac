// The udp transport (design.md): the VRRP message as the payload of a UDP datagram to each unicast
// peer's udp_port, for networks that drop protocol 112. The TTL cannot be read, so the codec's
// unicast rules apply: the source must be a configured peer. Instances that share an address and
// port share one socket; each sees every datagram and keeps those of its VRID.
import { createSocket, type Socket } from 'node:dgram';
import { splitZone } from '../lib/ip.js';
import type { SendResult, TransportOptions, VrrpTransport } from './transport.js';

interface Endpoint {
  socket: Socket;
  listeners: Set<UdpTransport>;
}

const endpoints = new Map<string, Endpoint>();

export class UdpTransport implements VrrpTransport {
  readonly kind = 'udp';
  readonly family;
  readonly localAddress;
  readonly destinations: readonly string[];
  private readonly key: string;
  private readonly port: number;
  private closed = false;

  constructor(private readonly options: TransportOptions) {
    if (options.peers.length === 0) throw new RangeError('the udp transport needs unicast peers');
    this.family = options.family;
    this.localAddress = options.localAddress;
    this.destinations = [...options.peers];
    this.port = options.udpPort ?? 8112;
    const bindAddress = this.scoped(options.localAddress);
    this.key = `${bindAddress}|${this.port}`;
    let endpoint = endpoints.get(this.key);
    if (endpoint === undefined) {
      const socket = createSocket({ type: options.family === 'ipv4' ? 'udp4' : 'udp6', reuseAddr: true });
      const made: Endpoint = { socket, listeners: new Set() };
      socket.on('message', (msg, rinfo) => {
        const facts = {
          source: splitZone(rinfo.address).address,
          destination: this.localAddress,
          ttl: null,
          path: 'unicast' as const,
        };
        for (const l of made.listeners) l.options.onPacket({ message: msg, facts });
      });
      socket.on('error', (e: NodeJS.ErrnoException) => {
        for (const l of made.listeners) l.options.onError(e.code ?? 'EUNKNOWN', e.message);
      });
      socket.bind(this.port, bindAddress);
      endpoint = made;
      endpoints.set(this.key, endpoint);
    }
    endpoint.listeners.add(this);
  }

  send(message: Uint8Array, destination: string): SendResult {
    const endpoint = endpoints.get(this.key);
    if (endpoint === undefined || this.closed) return { ok: false, code: 'EBADF', message: 'closed' };
    // dgram sends asynchronously; a failure is reported through the socket's error event.
    endpoint.socket.send(message, this.port, this.scoped(destination), (e) => {
      if (e) this.options.onError((e as NodeJS.ErrnoException).code ?? 'EUNKNOWN', e.message);
    });
    return { ok: true };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const endpoint = endpoints.get(this.key);
    if (endpoint === undefined) return;
    endpoint.listeners.delete(this);
    if (endpoint.listeners.size === 0) {
      endpoints.delete(this.key);
      endpoint.socket.close();
    }
  }

  /** Link-local IPv6 addresses need the interface as their zone. */
  private scoped(address: string): string {
    return address.toLowerCase().startsWith('fe80:') ? `${address}%${this.options.ifname}` : address;
  }
}
