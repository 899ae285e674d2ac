// Building IPVS tables for tests: services and destinations with defaults, by short names.
import {
  NO_TUNNEL,
  destId,
  serviceId,
  type Destination,
  type IpvsTable,
  type Service,
  type ServiceKey,
} from '../../../src/ipvs/model.js';

export function tcp(address: string, port: number): ServiceKey {
  return { kind: 'address', family: address.includes(':') ? 'ipv6' : 'ipv4', protocol: 'tcp', address, port };
}

export function service(key: ServiceKey, extra: Partial<Service> = {}): Service {
  return {
    key,
    scheduler: 'wlc',
    flags: 0,
    timeoutS: 0,
    netmask: key.family === 'ipv6' ? 128 : 0xffffffff,
    peName: '',
    ...extra,
  };
}

export function dest(address: string, port = 80, extra: Partial<Destination> = {}): Destination {
  return {
    family: address.includes(':') ? 'ipv6' : 'ipv4',
    address,
    port,
    forwarding: 'nat',
    weight: 1,
    upperThreshold: 0,
    lowerThreshold: 0,
    tunnel: NO_TUNNEL,
    ...extra,
  };
}

export function table(...entries: [Service, Destination[]][]): IpvsTable {
  const out: IpvsTable = new Map();
  for (const [svc, dests] of entries)
    out.set(serviceId(svc.key), { service: svc, destinations: new Map(dests.map((d) => [destId(d), d])) });
  return out;
}

/** A table as plain data, for deepEqual. */
export function plain(t: IpvsTable) {
  return [...t.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, e]) => ({
      id,
      service: e.service,
      dests: [...e.destinations.entries()].sort(([a], [b]) => a.localeCompare(b)),
    }));
}
