// One VRRP instance: the state machine of RFC 5798 section 6.4 with keepalived's FAULT state, as a pure
// stepper: step(event, nowMs) returns actions, and nextDeadlineMs() says when it wants a 'timer' event.
// This file holds the events and the rules that choose transitions; instance-core.ts the state, the
// deadlines and the guarded transition with its exit and entry actions.
import type { Action } from './actions.js';
import { compareAddresses } from './address.js';
import type { InstanceEvent, TrackerEvent } from './events.js';
import type { InstanceInfo } from './info.js';
import { InstanceCore } from './instance-core.js';
import { checkAdvert } from './receive.js';
import { skewMs } from './timers.js';
import { effectivePriority } from './trackers.js';
import type { ReceivedAdvert, VrrpState } from './types.js';
import { OWNER_PRIORITY } from './types.js';

export class Instance<V = unknown> extends InstanceCore<V> {
  /** The single-instance stepper: handles the event, then every deadline that has passed. */
  step(event: InstanceEvent, nowMs: number): Action<V>[] {
    const out: Action<V>[] = [];
    this.handle(event, nowMs, out);
    this.fireDue(nowMs, out);
    return out;
  }

  handle(event: InstanceEvent, nowMs: number, out: Action<V>[]): void {
    switch (event.type) {
      case 'startup':
        return this.startup(nowMs, out, event.previousState);
      case 'shutdown':
        return this.shutdown(nowMs, out);
      case 'timer':
        return;
      case 'advert':
        return this.receive(event.advert, nowMs, out);
      default:
        this.trackerEvent(event, nowMs, out);
    }
  }

  startup(nowMs: number, out: Action<V>[], previousState?: VrrpState): void {
    if (this.started) return;
    this.started = true;
    if (previousState === 'MASTER' && !this.faulty()) {
      this.transition(['INIT'], 'MASTER', 'resumed previous state', nowMs, out, false);
    } else if (previousState === 'MASTER') {
      out.push(this.advert(0), { type: 'remove-vips', instance: this.name, vips: this.spec.vips });
      this.leaveInitOrFault('resumed previous state', nowMs, out);
    } else this.leaveInitOrFault('startup', nowMs, out);
  }

  shutdown(nowMs: number, out: Action<V>[]): void {
    if (!this.started) return;
    this.started = false;
    this.transition(['BACKUP', 'MASTER', 'FAULT'], 'INIT', 'shutdown', nowMs, out);
  }

  /** Returns whether this instance tracks the named tracker. */
  trackerEvent(event: TrackerEvent, nowMs: number, out: Action<V>[]): boolean {
    let tracked: boolean;
    if (event.type === 'interface') tracked = this.trackers.interfaceChanged(event.name, event.up);
    else if (event.type === 'script')
      tracked = this.trackers.scriptResult(event.name, event.ok, event.disabled === true);
    else tracked = this.trackers.fileValue(event.name, event.value);
    if (tracked) this.reevaluate(nowMs, out);
    return tracked;
  }

  /** A sync group puts every member in FAULT while one of them is. */
  setGroupFault(fault: boolean, nowMs: number, out: Action<V>[]): void {
    if (this.groupFault === fault) return;
    this.groupFault = fault;
    this.reevaluate(nowMs, out);
  }

  /** A sync group moves a BACKUP member to MASTER with the others. */
  syncToMaster(nowMs: number, reason: string, out: Action<V>[]): void {
    this.transition(['BACKUP'], 'MASTER', reason, nowMs, out);
  }

  /** A sync group moves a MASTER member to BACKUP with the others. */
  syncToBackup(nowMs: number, reason: string, out: Action<V>[]): void {
    this.transition(['MASTER'], 'BACKUP', reason, nowMs, out);
  }

  /** Runs what is due at nowMs: the master down timer, the advert timer, GARP bursts. */
  fireDue(nowMs: number, out: Action<V>[]): void {
    if (this.current === 'BACKUP' && this.masterDownAtMs !== null && nowMs >= this.masterDownAtMs) {
      this.transition(['BACKUP'], 'MASTER', 'master down timer', nowMs, out);
    }
    if (this.current !== 'MASTER') return;
    if (this.adverAtMs !== null && nowMs >= this.adverAtMs) this.sendAdvert(nowMs, out);
    this.garp.fire(nowMs, out);
  }

  receive(advert: ReceivedAdvert, nowMs: number, out: Action<V>[]): void {
    this.received++;
    const drop = checkAdvert(this.spec, this.current, advert);
    if (drop !== null) {
      this.drops.set(drop, (this.drops.get(drop) ?? 0) + 1);
      return;
    }
    if (this.current === 'BACKUP') this.backupReceive(advert, nowMs);
    else this.masterReceive(advert, nowMs, out);
  }

  /**
   * Reload: continues `previous` (the same router on the wire, renamed or reconfigured) with this
   * spec. State, timers, the master seen, tracker readings and counters carry over; `readings` (the
   * daemon's current link states) then apply. Only what the change needs is emitted: while MASTER the
   * VIPs removed, then the VIPs added with gratuitous ARPs for those alone, and an advert when the
   * priority changed; a tracker change can still move it in or out of FAULT.
   */
  migrateFrom(
    previous: Instance<V>,
    nowMs: number,
    out: Action<V>[],
    sameVip: (a: V, b: V) => boolean,
    readings: readonly TrackerEvent[] = [],
  ): void {
    // Readings first, while this instance is not started: they change no state yet.
    this.trackers.adopt(previous.trackers);
    for (const r of readings) this.trackerEvent(r, nowMs, out);
    this.current = previous.current;
    this.started = previous.started;
    this.master = previous.master;
    this.masterDownAtMs = previous.masterDownAtMs;
    this.preemptAtMs = previous.preemptAtMs;
    this.groupFault = previous.groupFault;
    this.received = previous.received;
    for (const [reason, count] of previous.drops) this.drops.set(reason, count);
    this.recent.adopt(previous.recent);
    this.priorityValue = previous.priorityValue;
    const sameTiming = this.spec.version === previous.spec.version;
    if (this.current !== 'MASTER' && sameTiming) this.masterAdverIntervalMs = previous.masterAdverIntervalMs;
    if (this.current === 'MASTER') this.migrateMaster(previous, nowMs, out, sameVip);
    this.reevaluate(nowMs, out);
    if (this.current === 'MASTER')
      this.master = { address: this.spec.primaryAddress, priority: this.priorityValue };
  }

  private migrateMaster(
    previous: Instance<V>,
    nowMs: number,
    out: Action<V>[],
    sameVip: (a: V, b: V) => boolean,
  ): void {
    // A shorter interval applies from the next advert; a longer one once the pending advert is out.
    const due = previous.adverAtMs ?? nowMs;
    this.adverAtMs = Math.min(due, nowMs + this.spec.advertIntervalMs);
    this.garp.adopt(previous.garp);
    const missing = (from: readonly V[], to: readonly V[]) =>
      from.filter((v) => !to.some((w) => sameVip(v, w)));
    const removed = missing(previous.spec.vips, this.spec.vips);
    const added = missing(this.spec.vips, previous.spec.vips);
    if (removed.length > 0) out.push({ type: 'remove-vips', instance: this.name, vips: removed });
    if (added.length === 0) return;
    const accept = this.spec.accept || this.spec.priority === OWNER_PRIORITY;
    out.push({ type: 'add-vips', instance: this.name, vips: added, accept });
    if (this.spec.garp.masterRepeat > 0)
      out.push({ type: 'garp', instance: this.name, vips: added, repeat: this.spec.garp.masterRepeat });
  }

  info(nowMs: number): InstanceInfo {
    const deadline = this.nextDeadlineMs();
    return {
      name: this.name,
      vrid: this.spec.virtualRouterId,
      state: this.current,
      priority: this.priorityValue,
      basePriority: this.spec.priority,
      master: this.master === null ? null : { ...this.master },
      masterAdverIntervalMs: this.masterAdverIntervalMs,
      nextDeadlineInMs: deadline === null ? null : deadline - nowMs,
      trackers: this.trackers.snapshot(),
      received: this.received,
      dropped: Object.fromEntries(this.drops),
      recent: this.recent.list(),
    };
  }

  // RFC 5798 6.4.2, "If an ADVERTISEMENT is received". keepalived's rule: an advert that is not
  // accepted (lower priority while preempting) does not reset the timer.
  private backupReceive(a: ReceivedAdvert, nowMs: number): void {
    if (a.priority === 0) {
      this.master = null;
      this.masterDownAtMs = nowMs + skewMs(this.spec.version, this.priorityValue, this.masterAdverIntervalMs);
      return;
    }
    const atLeastOurs = a.priority >= this.priorityValue;
    if (this.canPreempt && !atLeastOurs && !this.preemptDelayRunning(nowMs)) return;
    if (atLeastOurs) this.preemptAtMs = null;
    if (this.spec.version === 3) this.masterAdverIntervalMs = a.advertIntervalMs;
    this.master = { address: a.sourceAddress, priority: a.priority };
    this.masterDownAtMs = nowMs + this.masterDownMs();
  }

  /** preempt_delay: a lower-priority master is accepted for preemptDelayMs after it is first seen. */
  private preemptDelayRunning(nowMs: number): boolean {
    if (this.spec.preemptDelayMs <= 0) return false;
    this.preemptAtMs ??= nowMs + this.spec.preemptDelayMs;
    return nowMs < this.preemptAtMs;
  }

  // RFC 5798 6.4.3, "If an ADVERTISEMENT is received"; re-asserting on a lower priority is RFC 9568.
  private masterReceive(a: ReceivedAdvert, nowMs: number, out: Action<V>[]): void {
    if (a.priority === 0) return this.sendAdvert(nowMs, out);
    const ours = this.priorityValue;
    const higher = a.priority > ours;
    if (higher || (a.priority === ours && compareAddresses(a.sourceAddress, this.spec.primaryAddress) > 0)) {
      this.masterAdverIntervalMs = this.spec.version === 3 ? a.advertIntervalMs : this.spec.advertIntervalMs;
      this.master = { address: a.sourceAddress, priority: a.priority };
      const why = higher ? 'higher priority' : 'equal priority, higher address';
      this.transition(['MASTER'], 'BACKUP', `${why} ${a.priority} from ${a.sourceAddress}`, nowMs, out);
      return;
    }
    this.sendAdvert(nowMs, out);
  }

  /** After a tracker or group change: enter or leave FAULT, or announce a MASTER's new priority. */
  private reevaluate(nowMs: number, out: Action<V>[]): void {
    const before = this.priorityValue;
    this.priorityValue = effectivePriority(this.spec.priority, this.trackers.priorityDelta);
    if (!this.started) return;
    if (this.faulty()) this.transition(['BACKUP', 'MASTER'], 'FAULT', this.faultReason(), nowMs, out);
    else if (this.current === 'FAULT') this.leaveInitOrFault('fault cleared', nowMs, out);
    else if (this.current === 'MASTER' && this.priorityValue !== before) this.sendAdvert(nowMs, out);
  }
}
