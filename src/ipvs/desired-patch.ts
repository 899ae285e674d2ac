// A reload's desired table, built from the running one by rebuilding only what the reload plan says
// changed: whole virtual servers, or single real servers when nothing else in theirs changed. The
// result carries the scope that reconcile then looks at, so a reload of 1,000 weights in a table of
// 100,000 destinations compares 1,000 destinations.
import { serviceName } from '../config/service-name.js';
import type { VirtualServerConfig } from '../config/types.js';
import { desiredEntry, realServerDestination, serviceKeyOf } from './desired.js';
import { destId, serviceId, type IpvsTable } from './model.js';
import type { Scope } from './reconcile.js';

type RealServerConfig = VirtualServerConfig['real_servers'][number];

/** A virtual server by its place in a configuration's list and its name (serviceName). */
export interface VirtualServerRef {
  at: number;
  name: string;
  /**
   * Set when nothing but these real servers changed (by place in real_servers), each keeping its
   * address and port. Absent: anything in the virtual server may have changed.
   */
  realServers?: number[];
}

/** Which virtual servers a reload changed: all that an IPVS reload needs to touch. */
export interface VirtualServerDelta {
  /** In the next configuration's virtual_servers: the added and changed ones. */
  upserted: VirtualServerRef[];
  /** In the running configuration's virtual_servers: the removed ones. */
  removed: VirtualServerRef[];
}

/**
 * Turns desired, the running configuration's table, into the next one's in place. Returns the scope
 * of the change, or null when delta does not fit the two lists (then nothing was changed: build the
 * table whole).
 */
export function patchDesired(
  desired: IpvsTable,
  running: readonly VirtualServerConfig[],
  next: readonly VirtualServerConfig[],
  delta: VirtualServerDelta,
): Scope | null {
  if (!delta.removed.every(fits(running)) || !delta.upserted.every(fits(next))) return null;
  const scope = new Map<string, Set<string> | undefined>();
  for (const { at } of delta.removed) {
    const id = serviceId(serviceKeyOf(running[at] as VirtualServerConfig));
    desired.delete(id);
    scope.set(id, undefined);
  }
  for (const ref of delta.upserted) {
    const vs = next[ref.at] as VirtualServerConfig;
    const id = serviceId(serviceKeyOf(vs));
    const dests = scope.has(id) ? null : patchRealServers(desired, id, vs, ref.realServers);
    if (dests === null) {
      desired.set(id, desiredEntry(vs));
      scope.set(id, undefined);
    } else scope.set(id, dests);
  }
  return scope;
}

function fits(list: readonly VirtualServerConfig[]) {
  return (ref: VirtualServerRef) => {
    const vs = Number.isInteger(ref.at) ? list[ref.at] : undefined;
    if (vs === undefined || serviceName(vs) !== ref.name) return false;
    return (ref.realServers ?? []).every((i) => Number.isInteger(i) && i >= 0 && i < vs.real_servers.length);
  };
}

/**
 * Rebuilds the named real servers of a virtual server inside its running entry; the ids of their
 * destinations, or null when the entry must be rebuilt whole: no such hint, no running entry, a
 * sorry server (the quorum may move the service onto it or off it), or a real server that is not
 * where the entry has it.
 */
function patchRealServers(
  desired: IpvsTable,
  id: string,
  vs: VirtualServerConfig,
  realServers: number[] | undefined,
): Set<string> | null {
  const entry = desired.get(id);
  if (realServers === undefined || entry === undefined || vs.sorry_server !== undefined) return null;
  if (entry.destinations.size !== vs.real_servers.length) return null;
  const built = realServers.map((i) => realServerDestination(vs.real_servers[i] as RealServerConfig));
  const ids = built.map(destId);
  if (!ids.every((d) => entry.destinations.has(d))) return null;
  built.forEach((dest, i) => entry.destinations.set(ids[i] as string, dest));
  return new Set(ids);
}
