// What lvsd owns in the IPVS table: services, and destinations by service. Kept per service so that
// a reconcile of 100,000 destinations uses the tables' own destId keys instead of building an id
// per destination. Stored flat: "tcp 192.0.2.10:80" and "tcp 192.0.2.10:80 -> 10.0.0.1:80".
const ARROW = ' -> ';

export class Ownership {
  readonly services = new Set<string>();
  /** destIds by serviceId (also for services lvsd does not own). */
  readonly dests = new Map<string, Set<string>>();

  static fromIds(ids: Iterable<string>): Ownership {
    const o = new Ownership();
    for (const id of ids) {
      const at = id.indexOf(ARROW);
      if (at === -1) o.services.add(id);
      else o.destsOf(id.slice(0, at)).add(id.slice(at + ARROW.length));
    }
    return o;
  }

  hasService(serviceId: string): boolean {
    return this.services.has(serviceId);
  }

  hasDest(serviceId: string, destId: string): boolean {
    return this.dests.get(serviceId)?.has(destId) ?? false;
  }

  /** The destination set of a service, created empty when missing. */
  destsOf(serviceId: string): Set<string> {
    let set = this.dests.get(serviceId);
    if (set === undefined) this.dests.set(serviceId, (set = new Set()));
    return set;
  }

  /** How many entries (services and destinations). */
  get size(): number {
    let n = this.services.size;
    for (const set of this.dests.values()) n += set.size;
    return n;
  }

  /**
   * Takes part's word for the services in scope (reconcile's ownership of a scoped pass), in place:
   * a reload touches what it changed and nothing else.
   */
  replaceScope(scope: ReadonlyMap<string, unknown>, part: Ownership): this {
    for (const id of scope.keys()) {
      if (part.services.has(id)) this.services.add(id);
      else this.services.delete(id);
      const dests = part.dests.get(id);
      if (dests === undefined) this.dests.delete(id);
      else this.dests.set(id, dests);
    }
    return this;
  }

  /** A copy whose services in scope are owned as in either this or part (what a scoped pass may leave). */
  unionScope(scope: ReadonlyMap<string, unknown>, part: Ownership): Ownership {
    const out = this.union(Ownership.fromIds([]));
    for (const id of scope.keys()) {
      if (part.services.has(id)) out.services.add(id);
      for (const d of part.dests.get(id) ?? []) out.destsOf(id).add(d);
    }
    return out;
  }

  union(other: Ownership): Ownership {
    const out = Ownership.fromIds([]);
    for (const o of [this, other]) {
      for (const s of o.services) out.services.add(s);
      for (const [s, set] of o.dests) for (const d of set) out.destsOf(s).add(d);
    }
    return out;
  }

  /** The flat ids, sorted. */
  ids(): string[] {
    const out = [...this.services];
    for (const [s, set] of this.dests) for (const d of set) out.push(`${s}${ARROW}${d}`);
    return out.sort();
  }
}
