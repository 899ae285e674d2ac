// Reconcile: (desired table, kernel table, owned set) -> the smallest list of operations, and who
// owns what once they succeed. Pure. The kernel gives entries no owner; lvsd records the ones it
// created or adopted. Foreign entries (not recorded) are left alone unless flushForeign; a foreign
// entry that collides with a configured one is adopted (edited in place if needed) and reported.
// Destination ids are the tables' own keys (destId), so a large table costs map lookups only.
import { sameDestination, sameService, type Destination, type IpvsTable, type TableEntry } from './model.js';
import type { IpvsOp } from './ops.js';
import { Ownership } from './ownership.js';

export interface ReconcileInput {
  desired: IpvsTable;
  kernel: IpvsTable;
  /** What lvsd created or adopted. */
  owned: Ownership;
  /** lvs_flush at start: delete entries lvsd does not own and does not want. */
  flushForeign: boolean;
}

export interface ReconcileResult {
  ops: IpvsOp[];
  /** Ownership once every op has succeeded. */
  owned: Ownership;
  /** Foreign entries taken over because the configuration names them (warn about these). */
  adopted: string[];
  /** Foreign entries left alone. */
  foreign: string[];
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const { desired, kernel, owned, flushForeign } = input;
  const serviceDeletes: IpvsOp[] = [];
  const serviceUpserts: IpvsOp[] = [];
  const c: DestContext = {
    owned,
    flushForeign,
    next: new Ownership(),
    adopted: [],
    foreign: [],
    destOps: [],
  };

  for (const [id, have] of kernel) {
    if (desired.has(id)) continue;
    if (owned.hasService(id) || flushForeign)
      serviceDeletes.push({ op: 'delete-service', key: have.service.key });
    else {
      c.foreign.push(id);
      keepOwnedDests(id, have, c);
    }
  }

  for (const [id, want] of desired) {
    const have = kernel.get(id);
    c.next.services.add(id);
    if (have === undefined) {
      c.next.dests.set(id, new Set(want.destinations.keys()));
      serviceUpserts.push({ op: 'add-service', service: want.service });
      for (const dest of want.destinations.values())
        c.destOps.push({ op: 'add-dest', service: want.service.key, dest });
      continue;
    }
    if (!owned.hasService(id)) c.adopted.push(id);
    const mine = owned.dests.get(id);
    if (want.stamp !== undefined && want.stamp === have.stamp && mine?.size === want.destinations.size) {
      c.next.dests.set(id, mine); // unchanged since lvsd made it so: nothing to compare
      continue;
    }
    if (!sameService(want.service, have.service))
      serviceUpserts.push({ op: 'edit-service', service: want.service });
    reconcileDests(id, want, have, c);
  }

  return {
    ops: [...serviceDeletes, ...serviceUpserts, ...c.destOps],
    owned: c.next,
    adopted: c.adopted,
    foreign: c.foreign,
  };
}

interface DestContext {
  owned: Ownership;
  flushForeign: boolean;
  next: Ownership;
  adopted: string[];
  foreign: string[];
  destOps: IpvsOp[];
}

function reconcileDests(serviceId: string, want: TableEntry, have: TableEntry, c: DestContext): void {
  const key = want.service.key;
  const mine = c.owned.dests.get(serviceId);
  for (const [id, dest] of have.destinations) {
    if (want.destinations.has(id)) continue;
    if (mine?.has(id) === true || c.flushForeign)
      c.destOps.push({ op: 'delete-dest', service: key, dest: destKey(dest) });
    else c.foreign.push(`${serviceId} -> ${id}`);
  }
  let allMine = mine !== undefined && mine.size === want.destinations.size;
  for (const [id, dest] of want.destinations) {
    const current = have.destinations.get(id);
    const isMine = mine?.has(id) === true;
    allMine &&= isMine;
    if (current === undefined) {
      c.destOps.push({ op: 'add-dest', service: key, dest });
      continue;
    }
    if (!isMine) c.adopted.push(`${serviceId} -> ${id}`);
    if (!sameDestination(dest, current)) c.destOps.push({ op: 'edit-dest', service: key, dest });
  }
  // unchanged ownership (the common reload) shares the set instead of building a new one
  c.next.dests.set(serviceId, allMine && mine !== undefined ? mine : new Set(want.destinations.keys()));
}

/** A foreign service left alone keeps the ownership of destinations lvsd put in it earlier. */
function keepOwnedDests(serviceId: string, have: TableEntry, c: DestContext): void {
  const mine = c.owned.dests.get(serviceId);
  if (mine === undefined) return;
  for (const id of have.destinations.keys()) if (mine.has(id)) c.next.destsOf(serviceId).add(id);
}

function destKey(dest: Destination) {
  return { family: dest.family, address: dest.address, port: dest.port };
}

/** Removing what lvsd owns (lvs_flush_on_stop): its services, and its destinations in foreign services. */
export function removeOwned(kernel: IpvsTable, owned: Ownership): IpvsOp[] {
  const ops: IpvsOp[] = [];
  for (const [id, entry] of kernel) {
    if (owned.hasService(id)) {
      ops.push({ op: 'delete-service', key: entry.service.key });
      continue;
    }
    const mine = owned.dests.get(id);
    if (mine === undefined) continue;
    for (const [destId, dest] of entry.destinations)
      if (mine.has(destId)) ops.push({ op: 'delete-dest', service: entry.service.key, dest: destKey(dest) });
  }
  return ops;
}
