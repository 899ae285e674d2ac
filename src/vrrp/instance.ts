// One VRRP instance: the state machine of RFC 5798 section 6.4 with keepalived's FAULT state, as a pure
// stepper. It never reads a clock or arms a timer: every call takes nowMs and appends actions to `out`;
// nextDeadlineMs() says when it wants a 'timer' event. Each transition is guarded by the states it may
// leave, logged with a reason, and its exit and entry actions live in one place (exit() and enter()).
import type { Action } from './actions.js';
import { compareAddresses } from './address.js';
import type { InstanceEvent, TrackerEvent } from './events.js';
import { GarpSchedule } from './garp.js';
import { RecentTransitions, type InstanceInfo } from './info.js';
import { notifyStateFor, pushNotify } from './notify.js';
import { checkAdvert } from './receive.js';
import { InvalidInstanceSpec, preemptEnabled, specProblems } from './spec.js';
import { earlier, masterDownIntervalMs, skewMs } from './timers.js';
import { TrackerSet, effectivePriority } from './trackers.js';
import type { InstanceSpec, ReceivedAdvert, VrrpState } from './types.js';
import { OWNER_PRIORITY } from './types.js';

export class Instance<V = unknown> {
  readonly name: string;
  private current: VrrpState = 'INIT';
  private started = false;
  private priorityValue: number;
  private masterAdverIntervalMs: number;
  private masterDownAtMs: number | null = null;
  private adverAtMs: number | null = null;
  private preemptAtMs: number | null = null;
  private groupFault = false;
  private master: { address: string; priority: number } | null = null;
  private readonly canPreempt: boolean;
  private readonly garp: GarpSchedule<V>;
  private readonly trackers: TrackerSet;
  private readonly recent = new RecentTransitions();
  private readonly drops = new Map<string, number>();
  private received = 0;

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
    else if (event.type === 'script') tracked = this.trackers.scriptResult(event.name, event.ok);
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

  info(nowMs: number): InstanceInfo {
    return {
      name: this.name,
      vrid: this.spec.virtualRouterId,
      state: this.current,
      priority: this.priorityValue,
      basePriority: this.spec.priority,
      master: this.master === null ? null : { ...this.master },
      masterAdverIntervalMs: this.masterAdverIntervalMs,
      nextDeadlineInMs: ((d) => (d === null ? null : d - nowMs))(this.nextDeadlineMs()),
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

  private faulty(): boolean {
    return this.trackers.fault || this.groupFault;
  }

  /** After a tracker or group change: enter or leave FAULT, or announce a MASTER's new priority. */
  private reevaluate(nowMs: number, out: Action<V>[]): void {
    const before = this.priorityValue;
    this.priorityValue = effectivePriority(this.spec.priority, this.trackers.priorityDelta);
    if (!this.started) return;
    if (this.faulty()) {
      const why = this.trackers.fault ? 'tracker in fault' : 'sync group in fault';
      this.transition(['BACKUP', 'MASTER'], 'FAULT', why, nowMs, out);
    } else if (this.current === 'FAULT') this.leaveInitOrFault('fault cleared', nowMs, out);
    else if (this.current === 'MASTER' && this.priorityValue !== before) this.sendAdvert(nowMs, out);
  }

  /** RFC 5798 6.4.1: the owner becomes MASTER at once, everyone else BACKUP (FAULT while faulty). */
  private leaveInitOrFault(reason: string, nowMs: number, out: Action<V>[]): void {
    this.master = null;
    if (this.faulty()) this.transition(['INIT'], 'FAULT', `${reason}, tracker in fault`, nowMs, out);
    else if (this.priorityValue === OWNER_PRIORITY) {
      this.transition(['INIT', 'FAULT'], 'MASTER', `${reason}, address owner`, nowMs, out);
    } else {
      this.masterAdverIntervalMs = this.spec.advertIntervalMs;
      this.transition(['INIT', 'FAULT'], 'BACKUP', reason, nowMs, out);
    }
  }

  /** Does nothing unless the current state is one of `from`. */
  private transition(
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

  private exit(prev: VrrpState, to: VrrpState, out: Action<V>[]): void {
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

  private enter(to: VrrpState, nowMs: number, out: Action<V>[]): void {
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

  private masterDownMs(): number {
    return masterDownIntervalMs(this.spec.version, this.priorityValue, this.masterAdverIntervalMs);
  }

  /** Sends an advert with the current priority and restarts the advert timer. */
  private sendAdvert(nowMs: number, out: Action<V>[]): void {
    out.push(this.advert(this.priorityValue));
    this.adverAtMs = nowMs + this.spec.advertIntervalMs;
  }

  private advert(priority: number): Action<V> {
    const { name: instance, virtualRouterId: vrid, version, advertIntervalMs } = this.spec;
    return { type: 'send-advert', instance, vrid, version, priority, advertIntervalMs };
  }
}
