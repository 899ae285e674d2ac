// The core of a VRRP instance: its state, its timers as deadlines, and the guarded transition with
// the exit and entry actions of every state in one place (style.md #2). instance.ts adds the events
// and the RFC 5798 rules that decide which transition to take. Nothing here reads a clock or arms a
// timer: every call takes nowMs and appends actions to `out`.
import type { Action } from './actions.js';
import { GarpSchedule } from './garp.js';
import { RecentTransitions } from './info.js';
import { notifyStateFor, pushNotify } from './notify.js';
import { InvalidInstanceSpec, preemptEnabled, specProblems } from './spec.js';
import { earlier, masterDownIntervalMs } from './timers.js';
import { TrackerSet, effectivePriority } from './trackers.js';
import type { InstanceSpec, VrrpState } from './types.js';
import { OWNER_PRIORITY } from './types.js';

export abstract class InstanceCore<V = unknown> {
  readonly name: string;
  protected current: VrrpState = 'INIT';
  protected started = false;
  protected priorityValue: number;
  protected masterAdverIntervalMs: number;
  protected masterDownAtMs: number | null = null;
  protected adverAtMs: number | null = null;
  protected preemptAtMs: number | null = null;
  protected groupFault = false;
  protected master: { address: string; priority: number } | null = null;
  protected readonly canPreempt: boolean;
  protected readonly garp: GarpSchedule<V>;
  protected readonly trackers: TrackerSet;
  protected readonly recent = new RecentTransitions();
  protected readonly drops = new Map<string, number>();
  protected received = 0;

  constructor(readonly spec: InstanceSpec<V>) {
    const { errors } = specProblems(spec);
    if (errors.length > 0) throw new InvalidInstanceSpec(spec.name, errors);
    this.name = spec.name;
    this.canPreempt = preemptEnabled(spec);
    this.masterAdverIntervalMs = spec.advertIntervalMs;
    this.garp = new GarpSchedule(spec.name, spec.vips, spec.garp);
    this.trackers = new TrackerSet(spec);
    this.priorityValue = effectivePriority(spec.priority, this.trackers.priorityDelta);
  }

  get state(): VrrpState {
    return this.current;
  }

  /** The effective priority: configured, shifted by the trackers. */
  get priority(): number {
    return this.priorityValue;
  }

  /** In fault because of its own trackers (a sync group's fault is not counted). */
  get trackerFault(): boolean {
    return this.trackers.fault;
  }

  nextDeadlineMs(): number | null {
    if (this.current === 'BACKUP') return this.masterDownAtMs;
    if (this.current === 'MASTER') return earlier(this.adverAtMs, this.garp.nextMs());
    return null;
  }

  protected faulty(): boolean {
    return this.trackers.fault || this.groupFault;
  }

  protected faultReason(): string {
    return this.trackers.fault ? 'tracker in fault' : 'sync group in fault';
  }

  /** RFC 5798 6.4.1: the owner becomes MASTER at once, everyone else BACKUP (FAULT while faulty). */
  protected leaveInitOrFault(reason: string, nowMs: number, out: Action<V>[]): void {
    this.master = null;
    if (this.faulty()) this.transition(['INIT'], 'FAULT', `${reason}, ${this.faultReason()}`, nowMs, out);
    else if (this.priorityValue === OWNER_PRIORITY) {
      this.transition(['INIT', 'FAULT'], 'MASTER', `${reason}, address owner`, nowMs, out);
    } else {
      this.masterAdverIntervalMs = this.spec.advertIntervalMs;
      this.transition(['INIT', 'FAULT'], 'BACKUP', reason, nowMs, out);
    }
  }

  /** Does nothing unless the current state is one of `from`. */
  protected transition(
    from: readonly VrrpState[],
    to: VrrpState,
    reason: string,
    nowMs: number,
    out: Action<V>[],
    notify = true,
  ): boolean {
    const prev = this.current;
    if (!from.includes(prev)) return false;
    out.push({ type: 'transition', instance: this.name, from: prev, to, reason });
    this.recent.add(nowMs, prev, to, reason);
    this.exit(prev, to, out);
    this.current = to;
    this.enter(to, nowMs, out);
    if (notify)
      pushNotify(out, this.spec.notify, 'INSTANCE', this.name, notifyStateFor(to), this.priorityValue);
    return true;
  }

  protected exit(prev: VrrpState, to: VrrpState, out: Action<V>[]): void {
    switch (prev) {
      case 'MASTER':
        this.adverAtMs = null;
        this.garp.cancel();
        if (to !== 'BACKUP') out.push(this.advert(0));
        out.push({ type: 'remove-vips', instance: this.name, vips: this.spec.vips });
        return;
      case 'BACKUP':
        this.masterDownAtMs = null;
        this.preemptAtMs = null;
        return;
      default:
        return;
    }
  }

  protected enter(to: VrrpState, nowMs: number, out: Action<V>[]): void {
    switch (to) {
      case 'MASTER': {
        this.masterAdverIntervalMs = this.spec.advertIntervalMs;
        this.master = { address: this.spec.primaryAddress, priority: this.priorityValue };
        this.sendAdvert(nowMs, out);
        const accept = this.spec.accept || this.spec.priority === OWNER_PRIORITY;
        out.push({ type: 'add-vips', instance: this.name, vips: this.spec.vips, accept });
        this.garp.start(nowMs, out);
        return;
      }
      case 'BACKUP':
        this.masterDownAtMs = nowMs + this.masterDownMs();
        return;
      default:
        this.master = null;
        return;
    }
  }

  protected masterDownMs(): number {
    return masterDownIntervalMs(this.spec.version, this.priorityValue, this.masterAdverIntervalMs);
  }

  /** Sends an advert with the current priority and restarts the advert timer. */
  protected sendAdvert(nowMs: number, out: Action<V>[]): void {
    out.push(this.advert(this.priorityValue));
    this.adverAtMs = nowMs + this.spec.advertIntervalMs;
  }

  protected advert(priority: number): Action<V> {
    const { name: instance, virtualRouterId: vrid, version, advertIntervalMs } = this.spec;
    return { type: 'send-advert', instance, vrid, version, priority, advertIntervalMs };
  }
}
