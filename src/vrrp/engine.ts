// The VRRP engine of the vrrp child: every instance and sync group, one stepper. The daemon calls
// step(event, nowMs) for each event with the monotonic time, carries out the returned actions in order,
// and arms one timer for the last 'deadline' action (or nextDeadlineMs()).
import type { Action } from './actions.js';
import type { EngineEvent } from './events.js';
import type { InstanceInfo } from './info.js';
import { Instance } from './instance.js';
import { SyncGroup } from './sync-group.js';
import { earlier } from './timers.js';
import type { InstanceSpec, SyncGroupSpec, VrrpState } from './types.js';

export interface EngineSpec<V = unknown> {
  instances: readonly InstanceSpec<V>[];
  syncGroups?: readonly SyncGroupSpec[];
}

export class VrrpEngine<V = unknown> {
  private readonly instances: readonly Instance<V>[];
  private readonly byName = new Map<string, Instance<V>>();
  private readonly groups: readonly SyncGroup<V>[];
  private lastDeadlineMs: number | null = null;

  constructor(spec: EngineSpec<V>) {
    this.instances = spec.instances.map((s) => new Instance(s));
    for (const i of this.instances) {
      if (this.byName.has(i.name)) throw new Error(`vrrp instance "${i.name}" defined twice`);
      this.byName.set(i.name, i);
    }
    const groups: SyncGroup<V>[] = [];
    for (const g of spec.syncGroups ?? []) groups.push(this.makeGroup(g, groups));
    this.groups = groups;
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
    const next = this.nextDeadlineMs();
    if (next !== this.lastDeadlineMs) {
      this.lastDeadlineMs = next;
      out.push({ type: 'deadline', atMs: next });
    }
    return out;
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

  private makeGroup(spec: SyncGroupSpec, made: readonly SyncGroup<V>[]): SyncGroup<V> {
    const members = spec.instances.map((name) => {
      const m = this.byName.get(name);
      if (m === undefined) throw new Error(`sync group "${spec.name}": no vrrp instance "${name}"`);
      if (made.some((g) => g.members.includes(m)))
        throw new Error(`vrrp instance "${name}" is in more than one sync group`);
      return m;
    });
    return new SyncGroup(spec, members);
  }
}
