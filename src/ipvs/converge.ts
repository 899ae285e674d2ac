// One convergence: reconcile against the view lvsd holds, record the intended ownership, apply, and
// after a partial failure re-read the kernel and reconcile once more (a second pass). The view that
// comes back is the kernel table as lvsd now knows it, so reloads need no dump.
import { applyOp } from './apply.js';
import { readTable, type IpvsKernel } from './kernel.js';
import { cloneTable, type IpvsTable } from './model.js';
import type { IpvsOp, OpResult } from './ops.js';
import { Ownership } from './ownership.js';
import { reconcile } from './reconcile.js';
import type { IpvsStateStore } from './state-store.js';

export interface ConvergeInput {
  kernel: IpvsKernel;
  store: IpvsStateStore;
  view: IpvsTable;
  owned: Ownership;
  desired: IpvsTable;
  flushForeign: boolean;
  /** Record ownership even when no op changes it (at start). */
  alwaysRecord?: boolean;
  /** Ops that go first and are not part of the table (timeouts, sync daemons). */
  extraOps?: IpvsOp[];
}

export interface ConvergeResult {
  view: IpvsTable;
  owned: Ownership;
  ops: IpvsOp[];
  results: OpResult[];
  adopted: string[];
  foreign: string[];
  passes: number;
  /** Set when the repair pass could not re-read the kernel. */
  rereadError?: string;
}

export async function converge(input: ConvergeInput): Promise<ConvergeResult> {
  const { kernel, store, desired, flushForeign } = input;
  const first = reconcile({ desired, kernel: input.view, owned: input.owned, flushForeign });
  // Ownership changes with adds, deletes and adoptions only; a reload of weights writes nothing.
  const record = input.alwaysRecord === true || first.adopted.length > 0 || first.ops.some(changesOwnership);
  const intent = input.owned.union(first.owned);
  if (record) await store.saveOwned(new Set(intent.ids()));
  const ops = [...(input.extraOps ?? []), ...first.ops];
  const results = await kernel.apply(ops);
  const view = cloneTable(input.view);
  applySucceeded(view, ops, results);
  const base = { adopted: first.adopted, foreign: first.foreign };
  if (results.every((r) => r.ok)) {
    stampEqualEntries(view, desired);
    if (record) await store.saveOwned(new Set(first.owned.ids()));
    return { ...base, view, owned: first.owned, ops, results, passes: 1 };
  }

  const reread = await readTable(kernel);
  if (!reread.ok) {
    return { ...base, view, owned: intent, ops, results, passes: 1, rereadError: reread.error.message };
  }
  const second = reconcile({ desired, kernel: reread.value, owned: intent, flushForeign });
  const repairResults = await kernel.apply(second.ops);
  const repaired = cloneTable(reread.value);
  applySucceeded(repaired, second.ops, repairResults);
  if (repairResults.every((r) => r.ok)) stampEqualEntries(repaired, desired);
  await store.saveOwned(new Set(second.owned.ids()));
  return {
    ...base,
    view: repaired,
    owned: second.owned,
    ops: [...ops, ...second.ops],
    results: [...results, ...repairResults],
    passes: 2,
  };
}

function applySucceeded(view: IpvsTable, ops: readonly IpvsOp[], results: readonly OpResult[]): void {
  ops.forEach((op, i) => {
    if (results[i]?.ok === true) applyOp(view, op);
  });
}

function changesOwnership(op: IpvsOp): boolean {
  return (
    op.op === 'add-service' || op.op === 'add-dest' || op.op === 'delete-service' || op.op === 'delete-dest'
  );
}

/**
 * After every op succeeded, a configured entry holds exactly the desired destinations unless foreign
 * ones were left in it (then it has more): entries of the same size take the desired stamp.
 */
function stampEqualEntries(view: IpvsTable, desired: IpvsTable): void {
  for (const [id, want] of desired) {
    const have = view.get(id);
    if (have !== undefined && want.stamp !== undefined && have.destinations.size === want.destinations.size)
      have.stamp = want.stamp;
  }
}
