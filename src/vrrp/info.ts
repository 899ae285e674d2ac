// What an instance shows about itself (lvsctl status, SIGUSR1 dumps), and a small ring of its recent
// transitions.
import type { VrrpState } from './types.js';

export interface InstanceInfo {
  name: string;
  vrid: number;
  state: VrrpState;
  /** Effective priority. */
  priority: number;
  basePriority: number;
  /** The master as last seen (itself while MASTER); null when unknown. */
  master: { address: string; priority: number } | null;
  masterAdverIntervalMs: number;
  /** Time left to the instance's next deadline, or null. */
  nextDeadlineInMs: number | null;
  trackers: {
    interfaces: Record<string, boolean>;
    /** ok, or 'disabled' for a refused script that counts for nothing. */
    scripts: Record<string, boolean | 'disabled'>;
    files: Record<string, number>;
  };
  received: number;
  /** Dropped adverts by reason. */
  dropped: Record<string, number>;
  /** Recent transitions, oldest first: `12345ms BACKUP -> MASTER (master down timer)`. */
  recent: readonly string[];
}

export class RecentTransitions {
  private readonly ring: string[] = [];

  constructor(private readonly capacity = 16) {}

  add(nowMs: number, from: VrrpState, to: VrrpState, reason: string): void {
    if (this.ring.length === this.capacity) this.ring.shift();
    this.ring.push(`${nowMs}ms ${from} -> ${to} (${reason})`);
  }

  list(): readonly string[] {
    return [...this.ring];
  }

  /** Reload: continues the history of the instance this one replaces. */
  adopt(previous: RecentTransitions): void {
    this.ring.splice(0, this.ring.length, ...previous.ring.slice(-this.capacity));
  }
}
