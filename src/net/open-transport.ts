// The real TransportFactory: raw sockets through the addon, udp through node:dgram.
import { RawTransport } from './raw-transport.js';
import type { TransportFactory } from './transport.js';
import { UdpTransport } from './udp-transport.js';

export const openTransport: TransportFactory = (kind, options) =>
  kind === 'raw' ? new RawTransport(options) : new UdpTransport(options);
