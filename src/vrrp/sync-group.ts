// A sync group (keepalived's vrrp_sync_group): its members change state together. One member going
// MASTER by its own timer takes the BACKUP members with it; one stepping down to BACKUP takes the
// MASTER members with it; one member in FAULT (its own trackers) puts every member in FAULT until no
// member is faulty any more. The group's own state is MASTER or BACKUP when all members agree, FAULT
// while any member is, INIT after a shutdown (notified as STOP); notify commands get priority 0.
import type { Action } from './actions.js';
import type { Instance } from './instance.js';
import { notifyStateFor, pushNotify } from './notify.js';
import type { SyncGroupSpec, VrrpState } from './types.js';

export class SyncGroup<V = unknown> {
  private current: VrrpState = 'INIT';

  constructor(
    readonly spec: SyncGroupSpec,
    readonly members: readonly Instance<V>[],
  ) {}

  get state(): VrrpState {
    return this.current;
  }

  /**
   * Called after every engine step with each member's state before it. Moves made here are not
   * followed again, so a step settles in one pass.
   */
  settle(before: ReadonlyMap<Instance<V>, VrrpState>, nowMs: number, out: Action<V>[]): void {
    const anyFault = this.members.some((m) => m.trackerFault);
    for (const m of this.members) m.setGroupFault(anyFault, nowMs, out);
    const changed = this.members.filter((m) => before.get(m) !== m.state);
    const steppedDown = changed.find((m) => before.get(m) === 'MASTER' && m.state === 'BACKUP');
    const tookOver = changed.find((m) => m.state === 'MASTER');
    if (steppedDown !== undefined) {
      const reason = `sync group ${this.spec.name}: ${steppedDown.name} went BACKUP`;
      for (const m of this.members) if (m !== steppedDown) m.syncToBackup(nowMs, reason, out);
    } else if (tookOver !== undefined) {
      const reason = `sync group ${this.spec.name}: ${tookOver.name} went MASTER`;
      for (const m of this.members) if (m !== tookOver) m.syncToMaster(nowMs, reason, out);
    }
    this.updateState(out);
  }

  /** Reload: takes the state its members agree on, without notifying (keepalived suppresses renotifies). */
  resume(): void {
    this.updateState([]);
  }

  private updateState(out: Action<V>[]): void {
    const states = this.members.map((m) => m.state);
    let next = this.current;
    if (states.includes('FAULT')) next = 'FAULT';
    else if (states.every((s) => s === states[0])) next = states[0] ?? next;
    if (next === this.current) return;
    out.push({ type: 'group-transition', group: this.spec.name, from: this.current, to: next });
    this.current = next;
    pushNotify(out, this.spec.notify, 'GROUP', this.spec.name, notifyStateFor(next), 0);
  }
}
