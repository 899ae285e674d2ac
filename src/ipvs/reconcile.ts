// Reconcile: (desired table, kernel table, owned set) -> the smallest list of operations, and who
// owns what once they succeed. Pure. The kernel gives entries no owner; lvsd records the ones it
// created or adopted. Foreign entries (not recorded) are left alone unless flushForeign; a foreign
// entry that collides with a configured one is adopted (edited in place if needed) and reported.
import {
  ownedDestId,
  sameDestination,
  sameService,
  type Destination,
  type IpvsTable,
  type TableEntry,
} from './model.js';
import type { IpvsOp } from './ops.js';

export interface ReconcileInput {
  desired: IpvsTable;
  kernel: IpvsTable;
  /** serviceIds and ownedDestIds lvsd created or adopted. */
  owned: ReadonlySet<string>;
  /** lvs_flush at start: delete entries lvsd does not own and does not want. */
  flushForeign: boolean;
}

export interface ReconcileResult {
  ops: IpvsOp[];
  /** Ownership once every op has succeeded. */
  owned: Set<string>;
  /** Foreign entries taken over because the configuration names them (warn about these). */
  adopted: string[];
  /** Foreign entries left alone. */
  foreign: string[];
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const { desired, kernel, owned, flushForeign } = input;
  const serviceDeletes: IpvsOp[] = [];
  const serviceUpserts: IpvsOp[] = [];
  const destOps: IpvsOp[] = [];
  const nextOwned = new Set<string>();
  const adopted: string[] = [];
  const foreign: string[] = [];

  for (const [id, have] of kernel) {
    if (desired.has(id)) continue;
    if (owned.has(id) || flushForeign) serviceDeletes.push({ op: 'delete-service', key: have.service.key });
    else {
      foreign.push(id);
      keepOwnedDests(have, owned, nextOwned);
    }
  }

  for (const [id, want] of desired) {
    const have = kernel.get(id);
    nextOwned.add(id);
    if (have === undefined) {
      serviceUpserts.push({ op: 'add-service', service: want.service });
      for (const dest of want.destinations.values()) {
        destOps.push({ op: 'add-dest', service: want.service.key, dest });
        nextOwned.add(ownedDestId(want.service.key, dest));
      }
      continue;
    }
    if (!owned.has(id)) adopted.push(id);
    if (!sameService(want.service, have.service))
      serviceUpserts.push({ op: 'edit-service', service: want.service });
    reconcileDests(want, have, { owned, flushForeign, nextOwned, adopted, foreign, destOps });
  }

  return { ops: [...serviceDeletes, ...serviceUpserts, ...destOps], owned: nextOwned, adopted, foreign };
}

interface DestContext {
  owned: ReadonlySet<string>;
  flushForeign: boolean;
  nextOwned: Set<string>;
  adopted: string[];
  foreign: string[];
  destOps: IpvsOp[];
}

function reconcileDests(want: TableEntry, have: TableEntry, c: DestContext): void {
  const key = want.service.key;
  for (const [id, dest] of have.destinations) {
    if (want.destinations.has(id)) continue;
    const ownedId = ownedDestId(key, dest);
    if (c.owned.has(ownedId) || c.flushForeign)
      c.destOps.push({ op: 'delete-dest', service: key, dest: destKey(dest) });
    else c.foreign.push(ownedId);
  }
  for (const [id, dest] of want.destinations) {
    const ownedId = ownedDestId(key, dest);
    c.nextOwned.add(ownedId);
    const current = have.destinations.get(id);
    if (current === undefined) {
      c.destOps.push({ op: 'add-dest', service: key, dest });
      continue;
    }
    if (!c.owned.has(ownedId)) c.adopted.push(ownedId);
    if (!sameDestination(dest, current)) c.destOps.push({ op: 'edit-dest', service: key, dest });
  }
}

/** A foreign service left alone keeps the ownership of destinations lvsd put in it earlier. */
function keepOwnedDests(have: TableEntry, owned: ReadonlySet<string>, nextOwned: Set<string>): void {
  for (const dest of have.destinations.values()) {
    const id = ownedDestId(have.service.key, dest);
    if (owned.has(id)) nextOwned.add(id);
  }
}

function destKey(dest: Destination) {
  return { family: dest.family, address: dest.address, port: dest.port };
}

/** Removing what lvsd owns (lvs_flush_on_stop): its services, and its destinations in foreign services. */
export function removeOwned(kernel: IpvsTable, owned: ReadonlySet<string>): IpvsOp[] {
  const ops: IpvsOp[] = [];
  for (const [id, entry] of kernel) {
    if (owned.has(id)) {
      ops.push({ op: 'delete-service', key: entry.service.key });
      continue;
    }
    for (const dest of entry.destinations.values()) {
      if (owned.has(ownedDestId(entry.service.key, dest)))
        ops.push({ op: 'delete-dest', service: entry.service.key, dest: destKey(dest) });
    }
  }
  return ops;
}
