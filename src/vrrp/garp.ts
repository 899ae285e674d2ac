// Gratuitous ARP / unsolicited NA schedule of a MASTER (keepalived's garp_master_*): a burst of
// masterRepeat at once (after the advert), a second burst masterDelayMs later, then, if masterRefreshMs
// > 0, masterRefreshRepeat every masterRefreshMs. Leaving MASTER cancels what is pending.
import type { Action } from './actions.js';
import type { GarpSpec } from './types.js';
import { earlier } from './timers.js';

export class GarpSchedule<V> {
  private burstAtMs: number | null = null;
  private refreshAtMs: number | null = null;

  constructor(
    private readonly instance: string,
    private readonly vips: readonly V[],
    private readonly spec: GarpSpec,
  ) {}

  /** On becoming MASTER: the first burst now, the rest scheduled. */
  start(nowMs: number, out: Action<V>[]): void {
    this.burst(this.spec.masterRepeat, out);
    this.burstAtMs = this.spec.masterDelayMs > 0 ? nowMs + this.spec.masterDelayMs : null;
    this.refreshAtMs = this.spec.masterRefreshMs > 0 ? nowMs + this.spec.masterRefreshMs : null;
  }

  /** Emits the bursts that are due (each at most once, however late the call). */
  fire(nowMs: number, out: Action<V>[]): void {
    if (this.burstAtMs !== null && nowMs >= this.burstAtMs) {
      this.burstAtMs = null;
      this.burst(this.spec.masterRepeat, out);
    }
    if (this.refreshAtMs !== null && nowMs >= this.refreshAtMs) {
      this.refreshAtMs = nowMs + this.spec.masterRefreshMs;
      this.burst(this.spec.masterRefreshRepeat, out);
    }
  }

  /** Reload: keeps the pending bursts of the schedule this one replaces (its VIPs are the new ones). */
  adopt(previous: GarpSchedule<V>): void {
    this.burstAtMs = previous.burstAtMs;
    this.refreshAtMs = this.spec.masterRefreshMs > 0 ? previous.refreshAtMs : null;
  }

  cancel(): void {
    this.burstAtMs = null;
    this.refreshAtMs = null;
  }

  nextMs(): number | null {
    return earlier(this.burstAtMs, this.refreshAtMs);
  }

  private burst(repeat: number, out: Action<V>[]): void {
    if (repeat > 0 && this.vips.length > 0) {
      out.push({ type: 'garp', instance: this.instance, vips: this.vips, repeat });
    }
  }
}
