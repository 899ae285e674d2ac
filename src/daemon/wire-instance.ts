// Puts one configured instance on the wire: its interface and source address, and its socket. An
// instance that cannot run here (no interface, no address, a socket error) is logged and left out.
import type { VrrpInstanceConfig } from '../config/types.js';
import type { Logger } from '../lib/logger.js';
import type { AddressEntry, LinkInfo } from '../net/kernel-net.js';
import type { TransportFactory } from '../net/transport.js';
import type { ReceivedAdvert } from '../vrrp/index.js';
import type { HeldAddress } from './instance-spec.js';
import { InstanceWiring } from './instance-wiring.js';
import { localAddressOf } from './local-address.js';

export interface WireDeps {
  openTransport: TransportFactory;
  onAdvert: (instance: string, advert: ReceivedAdvert) => void;
  log: Logger;
}

export function wireInstance(
  name: string,
  instance: VrrpInstanceConfig,
  link: LinkInfo | undefined,
  addresses: readonly AddressEntry[],
  configured: readonly HeldAddress[],
  deps: WireDeps,
): { wiring: InstanceWiring; localAddress: string } | null {
  const { log } = deps;
  const local =
    link === undefined
      ? `no interface ${instance.interface}`
      : localAddressOf(instance, link, addresses, configured);
  if (link === undefined || typeof local === 'string') {
    log.error('vrrp instance not started', { instance: name, error: local });
    return null;
  }
  let wiring: InstanceWiring;
  try {
    wiring = new InstanceWiring(name, instance, {
      family: local.family,
      ifindex: link.index,
      localAddress: local.address,
      openTransport: deps.openTransport,
      onAdvert: deps.onAdvert,
      log,
    });
  } catch (e) {
    log.error('vrrp instance not started', {
      instance: name,
      error: e instanceof Error ? e.message : String(e),
    });
    return null;
  }
  log.info('vrrp instance wired', {
    instance: name,
    interface: instance.interface,
    vrid: instance.virtual_router_id,
    version: instance.version,
    transport: instance.transport,
    source: local.address,
    destinations: wiring.transport.destinations.join(','),
  });
  return { wiring, localAddress: local.address };
}
