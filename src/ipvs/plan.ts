// A plan as lvsd records it: why it ran, each operation with its outcome, what was adopted. Plans
// are logged, kept in a short ring for `lvsctl status`, and the last one is written to state_dir.
// A large plan (a start of 100,000 entries) keeps its failed steps and counts by kind, not every step.
import type { IpvsOp, OpResult } from './ops.js';
import { formatOp } from './ops.js';

export type PlanReason = 'start' | 'reload' | 'stop' | 'repair' | 'sync-role';

export interface IpvsPlanStep {
  op: string;
  ok: boolean;
  error?: { name: string; code: string; errno: number; message: string };
}

/** Plans of up to this many ops list every step; larger ones list their failed steps only. */
export const LISTED_STEPS = 1000;

export interface IpvsPlan {
  reason: PlanReason;
  /** ISO 8601 time the plan was applied. */
  at: string;
  /** Every op with its outcome; in a plan of more than LISTED_STEPS ops, the failed ones (at most that many). */
  steps: IpvsPlanStep[];
  /** How many ops, and how many failed. */
  ops: number;
  failed: number;
  /** Ops by kind ("edit-dest": 1000). */
  kinds: Record<string, number>;
  /** The services reconcile looked at: "all", or as many as a reload's plan said changed (0: no table change). */
  compared: number | 'all';
  /** Foreign entries taken over because the configuration names them. */
  adopted: string[];
  /** Foreign entries seen and left alone. */
  foreign: string[];
  /** 1, or 2 when a partial failure made lvsd re-read the kernel and reconcile again. */
  passes: number;
}

export interface PlanInput {
  reason: PlanReason;
  at: string;
  ops: readonly IpvsOp[];
  results: readonly OpResult[];
  adopted: string[];
  foreign: string[];
  passes: number;
  compared: number | 'all';
}

export function makePlan(input: PlanInput): IpvsPlan {
  const { ops, results } = input;
  const kinds: Record<string, number> = {};
  const steps: IpvsPlanStep[] = [];
  const listAll = ops.length <= LISTED_STEPS;
  let failed = 0;
  ops.forEach((op, i) => {
    kinds[op.op] = (kinds[op.op] ?? 0) + 1;
    const r = results[i];
    const ok = r?.ok === true;
    if (!ok) failed++;
    if (!listAll && (ok || steps.length >= LISTED_STEPS)) return;
    if (r === undefined || r.ok) return void steps.push({ op: formatOp(op), ok });
    const e = r.error;
    steps.push({
      op: formatOp(op),
      ok: false,
      error: { name: e.name, code: e.code, errno: e.errno, message: e.message },
    });
  });
  return {
    reason: input.reason,
    at: input.at,
    steps,
    ops: ops.length,
    failed,
    kinds,
    compared: input.compared,
    adopted: input.adopted,
    foreign: input.foreign,
    passes: input.passes,
  };
}

export interface LogSink {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

/** Plans up to this many ops are logged op by op; larger ones as counts by kind. */
const LOGGED_STEPS = 50;

/** Logs a plan: each step of a small one, counts by kind for a large one; failures always, up to a bound. */
export function logPlan(plan: IpvsPlan, log: LogSink): void {
  let errors = 0;
  for (const step of plan.steps) {
    if (step.ok) {
      if (plan.ops <= LOGGED_STEPS) log.info(`ipvs ${step.op}`, { plan: plan.reason });
    } else if (errors++ < LOGGED_STEPS)
      log.error(`ipvs ${step.op} failed: ${step.error?.code}`, {
        plan: plan.reason,
        error: step.error?.message,
      });
  }
  if (plan.failed > LOGGED_STEPS) log.error(`ipvs: ${plan.failed - LOGGED_STEPS} more ops failed`);
  log.info('ipvs plan applied', {
    plan: plan.reason,
    ops: plan.ops,
    failed: plan.failed,
    passes: plan.passes,
    compared: plan.compared,
    ...(plan.ops > LOGGED_STEPS ? plan.kinds : {}),
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
