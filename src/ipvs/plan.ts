// A plan as lvsd records it: why it ran, each operation with its outcome, what was adopted. Plans
// are logged, kept in a short ring for `lvsctl status`, and the last one is written to state_dir.
import type { IpvsOp, OpResult } from './ops.js';
import { formatOp } from './ops.js';

export type PlanReason = 'start' | 'reload' | 'stop' | 'repair' | 'sync-role';

export interface IpvsPlanStep {
  op: string;
  ok: boolean;
  error?: { name: string; code: string; errno: number; message: string };
}

export interface IpvsPlan {
  reason: PlanReason;
  /** ISO 8601 time the plan was applied. */
  at: string;
  steps: IpvsPlanStep[];
  /** Foreign entries taken over because the configuration names them. */
  adopted: string[];
  /** Foreign entries seen and left alone. */
  foreign: string[];
  /** 1, or 2 when a partial failure made lvsd re-read the kernel and reconcile again. */
  passes: number;
}

export function planSteps(ops: readonly IpvsOp[], results: readonly OpResult[]): IpvsPlanStep[] {
  return ops.map((op, i) => {
    const r = results[i];
    if (r === undefined || r.ok) return { op: formatOp(op), ok: r !== undefined };
    const e = r.error;
    return {
      op: formatOp(op),
      ok: false,
      error: { name: e.name, code: e.code, errno: e.errno, message: e.message },
    };
  });
}

/** A bounded ring of recent plans. */
export class PlanRing {
  private readonly plans: IpvsPlan[] = [];
  constructor(private readonly size = 16) {}

  push(plan: IpvsPlan): void {
    this.plans.push(plan);
    if (this.plans.length > this.size) this.plans.shift();
  }

  recent(): readonly IpvsPlan[] {
    return this.plans;
  }

  last(): IpvsPlan | undefined {
    return this.plans.at(-1);
  }
}
