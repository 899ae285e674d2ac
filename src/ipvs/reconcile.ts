// Reconcile: (desired table, kernel table, owned set) -> the smallest list of operations, and who
// owns what once they succeed. Pure. The kernel gives entries no owner; lvsd records the ones it
// created or adopted. Foreign entries (not recorded) are left alone unless flushForeign; a foreign
// entry that collides with a configured one is adopted (edited in place if needed) and reported.
// Destination ids are the tables' own keys (destId), so a large table costs map lookups only.
// A reload names the services its configuration changed, and in them the destinations when it knows
// (the scope): only those are looked at, so 1,000 weight edits in a table of 100,000 destinations
// cost 1,000 destinations' work.
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
  /** What may differ; everything else is taken to match already. Absent: everything. */
  scope?: Scope;
}

/**
 * The services that may differ (a reload's added, changed and removed virtual servers), each with the
 * destinations in it that may differ, or undefined for all of them.
 */
export type Scope = ReadonlyMap<string, ReadonlySet<string> | undefined>;

export interface ReconcileResult {
  ops: IpvsOp[];
  /** Ownership once every op has succeeded: of every service, or of the services in scope only. */
  owned: Ownership;
  /** Foreign entries taken over because the configuration names them (warn about these). */
  adopted: string[];
  /** Foreign entries left alone. */
  foreign: string[];
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const { desired, kernel, scope } = input;
  const c: Context = {
    owned: input.owned,
    flushForeign: input.flushForeign,
    kernel,
    next: new Ownership(),
    adopted: [],
    foreign: [],
    serviceDeletes: [],
    serviceUpserts: [],
    destOps: [],
  };
  if (scope === undefined) {
    for (const [id, have] of kernel) if (!desired.has(id)) unwanted(id, have, c);
    for (const [id, want] of desired) wanted(id, want, c);
  } else {
    for (const [id, dests] of scope) {
      const want = desired.get(id);
      const have = kernel.get(id);
      if (want !== undefined) wanted(id, want, c, dests);
      else if (have !== undefined) unwanted(id, have, c);
    }
  }
  return {
    ops: [...c.serviceDeletes, ...c.serviceUpserts, ...c.destOps],
    owned: c.next,
    adopted: c.adopted,
    foreign: c.foreign,
  };
}

interface Context {
  owned: Ownership;
  flushForeign: boolean;
  kernel: IpvsTable;
  next: Ownership;
  adopted: string[];
  foreign: string[];
  serviceDeletes: IpvsOp[];
  serviceUpserts: IpvsOp[];
  destOps: IpvsOp[];
}

/** A service in the kernel that the configuration does not want. */
function unwanted(id: string, have: TableEntry, c: Context): void {
  if (c.owned.hasService(id) || c.flushForeign)
    c.serviceDeletes.push({ op: 'delete-service', key: have.service.key });
  else {
    c.foreign.push(id);
    keepOwnedDests(id, have, c);
  }
}

/**
 * A configured service: added whole, or adopted and edited in place, comparing every destination or
 * only those named (dests).
 */
function wanted(id: string, want: TableEntry, c: Context, dests?: ReadonlySet<string>): void {
  const have = c.kernel.get(id);
  c.next.services.add(id);
  if (have === undefined) {
    c.next.dests.set(id, new Set(want.destinations.keys()));
    c.serviceUpserts.push({ op: 'add-service', service: want.service });
    for (const dest of want.destinations.values())
      c.destOps.push({ op: 'add-dest', service: want.service.key, dest });
    return;
  }
  if (!c.owned.hasService(id)) c.adopted.push(id);
  if (!sameService(want.service, have.service))
    c.serviceUpserts.push({ op: 'edit-service', service: want.service });
  if (dests === undefined) reconcileDests(id, want, have, c);
  else reconcileSomeDests(id, want, have, dests, c);
}

function reconcileDests(serviceId: string, want: TableEntry, have: TableEntry, c: Context): void {
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

/** Only the named destinations may differ; the ownership of the others is kept as it is. */
function reconcileSomeDests(
  serviceId: string,
  want: TableEntry,
  have: TableEntry,
  dests: ReadonlySet<string>,
  c: Context,
): void {
  const key = want.service.key;
  const mine = c.owned.dests.get(serviceId);
  let owned: Set<string> | undefined = mine;
  const own = (id: string, yes: boolean) => {
    if ((owned?.has(id) === true) === yes) return;
    if (owned === mine || owned === undefined) owned = new Set(mine);
    if (yes) owned.add(id);
    else owned.delete(id);
  };
  for (const id of dests) {
    const dest = want.destinations.get(id);
    const current = have.destinations.get(id);
    if (dest === undefined) {
      if (current === undefined) continue;
      if (mine?.has(id) === true || c.flushForeign) {
        c.destOps.push({ op: 'delete-dest', service: key, dest: destKey(current) });
        own(id, false);
      } else c.foreign.push(`${serviceId} -> ${id}`);
      continue;
    }
    if (current === undefined) c.destOps.push({ op: 'add-dest', service: key, dest });
    else {
      if (mine?.has(id) !== true) c.adopted.push(`${serviceId} -> ${id}`);
      if (!sameDestination(dest, current)) c.destOps.push({ op: 'edit-dest', service: key, dest });
    }
    own(id, true);
  }
  if (owned !== undefined) c.next.dests.set(serviceId, owned);
}

/** A foreign service left alone keeps the ownership of destinations lvsd put in it earlier. */
function keepOwnedDests(serviceId: string, have: TableEntry, c: Context): void {
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
