// The reload plan: from the running configuration and a new one, what changes. Pure; the daemon
// carries it out. Instances are matched as keepalived matches them (vrrp_exist): by interface,
// address family, VRID, transport and unicast source, so that renaming an instance keeps its state.
// An instance whose identity changed is removed (as on SIGTERM) and added (as at start).
import { isDeepStrictEqual } from 'node:util';
import { serviceName } from '../config/service-name.js';
import { instanceFamily } from '../config/rules/instance.js';
import type { Config, VirtualServerConfig, VrrpInstanceConfig } from '../config/types.js';
import type { VirtualServerDelta } from '../ipvs/desired-patch.js';

type Vip = VrrpInstanceConfig['virtual_ipaddresses'][number];
type Route = VrrpInstanceConfig['virtual_routes'][number];

export interface InstanceChange {
  name: string;
  /** Its name in the running configuration, when it was renamed. */
  previousName: string;
  /** The top-level keys of the instance whose values differ, e.g. ["priority", "virtual_ipaddresses"]. */
  keys: string[];
  /** Addresses to add while MASTER (and to announce with gratuitous ARP / NA), advertised or excluded. */
  vipsAdded: Vip[];
  /** Addresses to remove while MASTER. */
  vipsRemoved: Vip[];
  /** virtual_routes to add while MASTER. */
  routesAdded: Route[];
  /** virtual_routes to delete while MASTER. */
  routesRemoved: Route[];
}

export interface NamedDiff {
  unchanged: string[];
  changed: string[];
  added: string[];
  removed: string[];
}

export interface ReloadPlan {
  instances: { unchanged: string[]; changed: InstanceChange[]; added: string[]; removed: string[] };
  syncGroups: NamedDiff;
  scripts: NamedDiff;
  trackFiles: NamedDiff;
  /** Virtual servers by address:port:protocol or fwmark, and where the changed ones are (for IPVS). */
  virtualServers: NamedDiff & { delta: VirtualServerDelta };
  /** Keys of global whose values differ. */
  global: string[];
  connectionSync: 'unchanged' | 'changed' | 'added' | 'removed' | 'absent';
}

/** What identifies an instance on the wire; a change of any of these is a new instance. */
export function instanceIdentity(instance: VrrpInstanceConfig): string {
  const source = instance.unicast_source ?? '';
  return [
    instance.interface,
    instanceFamily(instance),
    instance.virtual_router_id,
    instance.transport,
    source,
  ].join('|');
}

export function reloadPlan(running: Config, next: Config): ReloadPlan {
  return {
    instances: diffInstances(running.vrrp_instances, next.vrrp_instances),
    syncGroups: diffNamed(running.vrrp_sync_groups, next.vrrp_sync_groups),
    scripts: diffNamed(running.vrrp_scripts, next.vrrp_scripts),
    trackFiles: diffNamed(running.vrrp_track_files, next.vrrp_track_files),
    virtualServers: diffVirtualServers(running.virtual_servers, next.virtual_servers),
    global: changedKeys(running.global, next.global),
    connectionSync: diffOptional(running.connection_sync, next.connection_sync),
  };
}

/** True when the plan changes nothing at all. */
export function isEmptyPlan(plan: ReloadPlan): boolean {
  const { instances: i } = plan;
  const named = [plan.syncGroups, plan.scripts, plan.trackFiles, plan.virtualServers];
  return (
    i.changed.length + i.added.length + i.removed.length === 0 &&
    named.every((d) => d.changed.length + d.added.length + d.removed.length === 0) &&
    plan.global.length === 0 &&
    (plan.connectionSync === 'unchanged' || plan.connectionSync === 'absent')
  );
}

function diffInstances(
  running: Record<string, VrrpInstanceConfig>,
  next: Record<string, VrrpInstanceConfig>,
): ReloadPlan['instances'] {
  const runningById = new Map(Object.entries(running).map(([name, i]) => [instanceIdentity(i), name]));
  const plan: ReloadPlan['instances'] = { unchanged: [], changed: [], added: [], removed: [] };
  const matched = new Set<string>();
  for (const [name, instance] of Object.entries(next)) {
    const previousName = runningById.get(instanceIdentity(instance));
    const previous = previousName === undefined ? undefined : running[previousName];
    if (previousName === undefined || previous === undefined) {
      plan.added.push(name);
      continue;
    }
    matched.add(previousName);
    const keys = changedKeys(previous, instance);
    if (keys.length === 0 && previousName === name) plan.unchanged.push(name);
    else plan.changed.push({ name, previousName, keys, ...diffHeld(previous, instance) });
  }
  plan.removed = Object.keys(running).filter((name) => !matched.has(name));
  return plan;
}

/** The VIPs (advertised or excluded) and the routes that come and go, compared as configured. */
function diffHeld(
  previous: VrrpInstanceConfig,
  next: VrrpInstanceConfig,
): Pick<InstanceChange, 'vipsAdded' | 'vipsRemoved' | 'routesAdded' | 'routesRemoved'> {
  const all = (i: VrrpInstanceConfig) => [...i.virtual_ipaddresses, ...i.virtual_ipaddresses_excluded];
  const vips = diffList(all(previous), all(next));
  const routes = diffList(previous.virtual_routes, next.virtual_routes);
  return {
    vipsAdded: vips.added,
    vipsRemoved: vips.removed,
    routesAdded: routes.added,
    routesRemoved: routes.removed,
  };
}

function diffList<T>(before: readonly T[], after: readonly T[]): { added: T[]; removed: T[] } {
  const has = (list: readonly T[], item: T) => list.some((x) => isDeepStrictEqual(x, item));
  return {
    added: after.filter((x) => !has(before, x)),
    removed: before.filter((x) => !has(after, x)),
  };
}

function diffNamed<T>(running: Record<string, T>, next: Record<string, T>): NamedDiff {
  const diff: NamedDiff = { unchanged: [], changed: [], added: [], removed: [] };
  for (const [name, value] of Object.entries(next)) {
    const previous = running[name];
    if (previous === undefined) diff.added.push(name);
    else if (isDeepStrictEqual(previous, value)) diff.unchanged.push(name);
    else diff.changed.push(name);
  }
  diff.removed = Object.keys(running).filter((name) => !(name in next));
  return diff;
}

function diffOptional<T>(running: T | undefined, next: T | undefined): ReloadPlan['connectionSync'] {
  if (running === undefined) return next === undefined ? 'absent' : 'added';
  if (next === undefined) return 'removed';
  return isDeepStrictEqual(running, next) ? 'unchanged' : 'changed';
}

function diffVirtualServers(
  running: readonly VirtualServerConfig[],
  next: readonly VirtualServerConfig[],
): ReloadPlan['virtualServers'] {
  const diff: ReloadPlan['virtualServers'] = {
    unchanged: [],
    changed: [],
    added: [],
    removed: [],
    delta: { upserted: [], removed: [] },
  };
  const before = new Map(running.map((vs, at) => [serviceName(vs), at]));
  const kept = new Set<string>();
  next.forEach((vs, at) => {
    const name = serviceName(vs);
    const was = before.get(name);
    kept.add(name);
    if (was !== undefined && isDeepStrictEqual(running[was], vs)) return void diff.unchanged.push(name);
    if (was === undefined) {
      diff.added.push(name);
      return void diff.delta.upserted.push({ at, name });
    }
    diff.changed.push(name);
    const realServers = changedRealServers(running[was] as VirtualServerConfig, vs);
    diff.delta.upserted.push(realServers === undefined ? { at, name } : { at, name, realServers });
  });
  running.forEach((vs, at) => {
    const name = serviceName(vs);
    if (kept.has(name)) return;
    diff.removed.push(name);
    diff.delta.removed.push({ at, name });
  });
  return diff;
}

/** The places of the real servers that changed, when nothing else did and each kept its address and port. */
function changedRealServers(before: VirtualServerConfig, after: VirtualServerConfig): number[] | undefined {
  const keys = changedKeys(before, after);
  if (keys.length !== 1 || keys[0] !== 'real_servers') return undefined;
  if (before.real_servers.length !== after.real_servers.length) return undefined;
  const changed: number[] = [];
  for (const [i, rs] of after.real_servers.entries()) {
    const was = before.real_servers[i];
    if (was === undefined || was.address !== rs.address || was.port !== rs.port) return undefined;
    if (!isDeepStrictEqual(was, rs)) changed.push(i);
  }
  return changed;
}

function changedKeys<T extends object>(a: T, b: T): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !isDeepStrictEqual(a[k as keyof T], b[k as keyof T])).sort();
}
