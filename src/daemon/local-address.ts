// The address an instance speaks from (the IP source of its adverts and its tie-break address), and
// the virtual_routes it installs while MASTER.
import type { Config, VrrpInstanceConfig } from '../config/types.js';
import { canonicalIp, ipFamily, sameIp, type IpFamily } from '../lib/ip.js';
import type { AddressEntry, LinkInfo, RouteSpec } from '../net/kernel-net.js';
import { familyOfInstance, type HeldAddress } from './instance-spec.js';

/**
 * unicast_source when set; else, on the instance's interface, the first IPv4 address that is not a VIP
 * (IPv4), or the link-local address (IPv6, as RFC 5798 section 5.1.2.1 requires). A string explains
 * why there is none.
 */
export function localAddressOf(
  instance: VrrpInstanceConfig,
  link: LinkInfo,
  addresses: readonly AddressEntry[],
  vips: readonly HeldAddress[],
): { address: string; family: IpFamily } | string {
  const family = familyOfInstance(instance);
  if (instance.unicast_source !== undefined)
    return { address: canonicalIp(instance.unicast_source) ?? instance.unicast_source, family };
  const mine = addresses.filter((a) => a.index === link.index && a.family === family);
  const pick =
    family === 'ipv6'
      ? mine.find((a) => a.address.toLowerCase().startsWith('fe80:'))
      : mine.find((a) => a.scope !== 'host' && !vips.some((v) => sameIp(v.address, a.address)));
  if (pick === undefined)
    return family === 'ipv6'
      ? `interface ${link.name} has no IPv6 link-local address`
      : `interface ${link.name} has no IPv4 address to send adverts from (or set unicast_source)`;
  return { address: pick.address, family };
}

export function routesOf(
  config: Config,
  instance: string,
  links: ReadonlyMap<string, LinkInfo>,
): RouteSpec[] {
  const i = config.vrrp_instances[instance];
  return i === undefined ? [] : routeSpecs(i, i.virtual_routes, links);
}

/** Configured routes of the instance (some or all of its virtual_routes) as kernel routes. */
export function routeSpecs(
  i: VrrpInstanceConfig,
  routes: readonly VrrpInstanceConfig['virtual_routes'][number][],
  links: ReadonlyMap<string, LinkInfo>,
): RouteSpec[] {
  return routes.map((r) => {
    const sample = r.to === 'default' ? (r.via ?? r.src ?? '0.0.0.0') : (r.to.split('/')[0] ?? '');
    return {
      to: r.to,
      family: ipFamily(sample) ?? 'ipv4',
      via: r.via,
      ifindex: links.get(r.dev ?? i.interface)?.index,
      src: r.src,
      metric: r.metric,
      table: r.table,
      scope: r.scope,
    };
  });
}
