// From the loader's configuration to the engine's InstanceSpec, one key at a time. The VIPs handed to
// the engine (opaque to it) are HeldAddress values: the advertised VIPs and the excluded ones, each with
// its interface resolved; the engine gives them back in add-vips, remove-vips and garp actions.
import type { Config, VrrpInstanceConfig } from '../config/types.js';
import { instanceFamily } from '../config/rules/instance.js';
import { canonicalIp, type IpFamily } from '../lib/ip.js';
import type { AddressScope } from '../net/kernel-net.js';
import type { InstanceSpec, SyncGroupSpec } from '../vrrp/index.js';

/** An address an instance holds while MASTER. */
export interface HeldAddress {
  instance: string;
  /** Canonical text. */
  address: string;
  prefixLength: number;
  /** The interface it goes on. */
  dev: string;
  label?: string | undefined;
  scope?: AddressScope | undefined;
  /** false for virtual_ipaddresses_excluded (not in adverts). */
  advertised: boolean;
}

export function heldAddresses(name: string, instance: VrrpInstanceConfig): HeldAddress[] {
  const held = (advertised: boolean) => (vip: VrrpInstanceConfig['virtual_ipaddresses'][number]) => ({
    instance: name,
    address: canonicalIp(vip.address) ?? vip.address,
    prefixLength: vip.prefix_length,
    dev: vip.dev ?? instance.interface,
    label: vip.label,
    scope: vip.scope,
    advertised,
  });
  return [
    ...instance.virtual_ipaddresses.map(held(true)),
    ...instance.virtual_ipaddresses_excluded.map(held(false)),
  ];
}

export function familyOfInstance(instance: VrrpInstanceConfig): IpFamily {
  return instanceFamily(instance);
}

/** Names of every interface an instance depends on: its own (a FAULT while down) and tracked ones. */
export function trackedInterfaces(instance: VrrpInstanceConfig): { name: string; weight: number }[] {
  const list = instance.track_interfaces.map((t) => ({ name: t.name, weight: t.weight }));
  if (!list.some((t) => t.name === instance.interface)) list.push({ name: instance.interface, weight: 0 });
  return list;
}

export function instanceSpec(
  config: Config,
  name: string,
  primaryAddress: string,
): InstanceSpec<HeldAddress> {
  const i = config.vrrp_instances[name];
  if (i === undefined) throw new Error(`no vrrp instance "${name}"`);
  return {
    name,
    virtualRouterId: i.virtual_router_id,
    version: i.version,
    priority: i.priority,
    advertIntervalMs: i.advert_interval,
    preempt: i.preempt,
    preemptDelayMs: i.preempt_delay,
    stateHint: i.state,
    accept: i.accept,
    primaryAddress,
    garp: {
      masterDelayMs: i.garp.master_delay,
      masterRepeat: i.garp.master_repeat,
      masterRefreshMs: i.garp.master_refresh,
      masterRefreshRepeat: i.garp.master_refresh_repeat,
    },
    trackInterfaces: trackedInterfaces(i),
    trackScripts: i.track_scripts.map((t) => {
      const script = config.vrrp_scripts[t.name];
      return { name: t.name, weight: t.weight, rise: script?.rise ?? 1, fall: script?.fall ?? 1 };
    }),
    trackFiles: i.track_files.map((t) => ({ name: t.name, weight: t.weight })),
    notify: i.notify,
    vips: heldAddresses(name, i),
  };
}

export function syncGroupSpecs(config: Config): SyncGroupSpec[] {
  return Object.entries(config.vrrp_sync_groups).map(([name, g]) => ({
    name,
    instances: g.instances,
    notify: g.notify,
  }));
}
