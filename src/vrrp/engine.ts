// The VRRP engine of the vrrp child: every instance and sync group, one stepper. The daemon calls
// step(event, nowMs) for each event with the monotonic time, carries out the returned actions in order,
// and arms one timer for the last 'deadline' action (or nextDeadlineMs()).
import { isDeepStrictEqual } from 'node:util';
import type { Action } from './actions.js';
import type { EngineEvent, TrackerEvent } from './events.js';
import type { InstanceInfo } from './info.js';
import { Instance } from './instance.js';
import { SyncGroup } from './sync-group.js';
import { earlier } from './timers.js';
import type { InstanceSpec, SyncGroupSpec, VrrpState } from './types.js';

export interface EngineSpec<V = unknown> {
  instances: readonly InstanceSpec<V>[];
  syncGroups?: readonly SyncGroupSpec[];
}

/** How reconfigure() matches and compares; see there. */
export interface ReconfigureOptions<V> {
  /** New name -> running name of instances that were renamed (the daemon matches them on the wire). */
  renamed?: Readonly<Record<string, string>>;
  /** Whether two VIPs are the same address; default: deep equality. */
  sameVip?: (a: V, b: V) => boolean;
  /** Current readings (a tracked link that is down) for instances that are new or reconfigured. */
  readings?: readonly TrackerEvent[];
}

export class VrrpEngine<V = unknown> {
  private instances: readonly Instance<V>[];
  private byName: Map<string, Instance<V>>;
  private groups: readonly SyncGroup<V>[];
  private lastDeadlineMs: number | null = null;

  constructor(spec: EngineSpec<V>) {
    this.instances = spec.instances.map((s) => new Instance(s));
    this.byName = indexByName(this.instances);
    this.groups = makeGroups(spec.syncGroups ?? [], this.byName);
  }

  /**
   * Reload (style.md #6, a diff plus a migrate). An instance whose spec is unchanged is kept as it is:
   * same state, same timers, nothing emitted. A changed one (matched by name, or by `renamed`) takes
   * over the running state (Instance.migrateFrom). One that is gone shuts down as on SIGTERM (a MASTER
   * sends priority 0 and drops its VIPs); a new one starts. Sync groups are rebuilt and take the state
   * their members agree on without notifying. A spec the constructor would refuse throws before
   * anything changes.
   */
  reconfigure(spec: EngineSpec<V>, nowMs: number, options: ReconfigureOptions<V> = {}): Action<V>[] {
    const sameVip = options.sameVip ?? ((a: V, b: V) => isDeepStrictEqual(a, b));
    const readings = options.readings ?? [];
    const taken = new Set<Instance<V>>();
    const migrations: [Instance<V>, Instance<V>][] = [];
    const added: Instance<V>[] = [];
    const next = spec.instances.map((s) => {
      const previous = this.byName.get(options.renamed?.[s.name] ?? s.name);
      const free = previous !== undefined && !taken.has(previous);
      if (free) taken.add(previous);
      if (free && previous.name === s.name && isDeepStrictEqual(previous.spec, s)) return previous;
      const instance = new Instance(s);
      if (free) migrations.push([previous, instance]);
      else added.push(instance);
      return instance;
    });
    const byName = indexByName(next);
    const groups = makeGroups(spec.syncGroups ?? [], byName);
    // Nothing has changed up to here; from here on nothing throws.
    const out: Action<V>[] = [];
    for (const i of this.instances) if (!taken.has(i)) i.shutdown(nowMs, out);
    this.instances = next;
    this.byName = byName;
    this.groups = groups;
    for (const [previous, instance] of migrations)
      instance.migrateFrom(previous, nowMs, out, sameVip, readings);
    for (const instance of added) {
      for (const r of readings) instance.trackerEvent(r, nowMs, []);
      instance.startup(nowMs, out);
    }
    for (const g of groups) g.resume();
    for (const i of next) if (!groups.some((g) => g.members.includes(i))) i.setGroupFault(false, nowMs, out);
    this.settle(this.snapshot(), nowMs, out);
    this.pushDeadline(out);
    return out;
  }

  step(event: EngineEvent, nowMs: number): Action<V>[] {
    const out: Action<V>[] = [];
    // Sync groups follow the event before any timer runs, so that a member dragged out of MASTER does
    // not first send a GARP or an advert that is already stale; then they follow the timers.
    // An advert runs only its own instance's overdue timers: after a stall the daemon can hand over
    // the adverts that queued up before the 'timer' event, and a backup whose master kept advertising
    // then does not take over on a stale deadline (keepalived's false failovers after a stall).
    let before = this.snapshot();
    const target = this.dispatch(event, nowMs, out);
    before = this.settle(before, nowMs, out);
    if (target !== null) target.fireDue(nowMs, out);
    else for (const i of this.instances) i.fireDue(nowMs, out);
    this.settle(before, nowMs, out);
    this.pushDeadline(out);
    return out;
  }

  private pushDeadline(out: Action<V>[]): void {
    const next = this.nextDeadlineMs();
    if (next !== this.lastDeadlineMs) {
      this.lastDeadlineMs = next;
      out.push({ type: 'deadline', atMs: next });
    }
  }

  private snapshot(): Map<Instance<V>, VrrpState> | null {
    return this.groups.length > 0 ? new Map(this.instances.map((i) => [i, i.state])) : null;
  }

  /** Lets each sync group follow its members' moves since `before`; returns the new snapshot. */
  private settle(
    before: Map<Instance<V>, VrrpState> | null,
    nowMs: number,
    out: Action<V>[],
  ): Map<Instance<V>, VrrpState> | null {
    if (before === null) return null;
    for (const g of this.groups) g.settle(before, nowMs, out);
    return this.snapshot();
  }

  nextDeadlineMs(): number | null {
    let next: number | null = null;
    for (const i of this.instances) next = earlier(next, i.nextDeadlineMs());
    return next;
  }

  instance(name: string): Instance<V> | undefined {
    return this.byName.get(name);
  }

  states(): Record<string, VrrpState> {
    return Object.fromEntries(this.instances.map((i) => [i.name, i.state]));
  }

  groupStates(): Record<string, VrrpState> {
    return Object.fromEntries(this.groups.map((g) => [g.spec.name, g.state]));
  }

  info(nowMs: number): InstanceInfo[] {
    return this.instances.map((i) => i.info(nowMs));
  }

  /** Hands the event to its instances; returns the instance of an advert, null for the others. */
  private dispatch(event: EngineEvent, nowMs: number, out: Action<V>[]): Instance<V> | null {
    switch (event.type) {
      case 'startup':
        for (const i of this.instances) i.startup(nowMs, out, event.previousStates?.[i.name]);
        return null;
      case 'shutdown':
        for (const i of this.instances) i.shutdown(nowMs, out);
        return null;
      case 'timer':
        return null;
      case 'advert': {
        const target = this.byName.get(event.instance);
        if (target === undefined)
          throw new Error(`advert routed to unknown vrrp instance "${event.instance}"`);
        target.receive(event.advert, nowMs, out);
        return target;
      }
      default:
        for (const i of this.instances) i.trackerEvent(event, nowMs, out);
        return null;
    }
  }
}

function indexByName<V>(instances: readonly Instance<V>[]): Map<string, Instance<V>> {
  const byName = new Map<string, Instance<V>>();
  for (const i of instances) {
    if (byName.has(i.name)) throw new Error(`vrrp instance "${i.name}" defined twice`);
    byName.set(i.name, i);
  }
  return byName;
}

function makeGroups<V>(
  specs: readonly SyncGroupSpec[],
  byName: ReadonlyMap<string, Instance<V>>,
): SyncGroup<V>[] {
  const made: SyncGroup<V>[] = [];
  for (const spec of specs) {
    const members = spec.instances.map((name) => {
      const m = byName.get(name);
      if (m === undefined) throw new Error(`sync group "${spec.name}": no vrrp instance "${name}"`);
      if (made.some((g) => g.members.includes(m)))
        throw new Error(`vrrp instance "${name}" is in more than one sync group`);
      return m;
    });
    made.push(new SyncGroup(spec, members));
  }
  return made;
}
