// One convergence: reconcile against the view lvsd holds, record the intended ownership, apply, and
// after a partial failure re-read the kernel and reconcile everything once more (a second pass). The
// view is updated in place with what succeeded, so reloads need no dump; with a scope (the services a
// reload changed) nothing outside it is looked at, copied or rewritten.
import { applyOp } from './apply.js';
import { readTable, type IpvsKernel } from './kernel.js';
import type { IpvsTable } from './model.js';
import type { IpvsOp, OpResult } from './ops.js';
import type { Ownership } from './ownership.js';
import { reconcile, type Scope } from './reconcile.js';
import type { IpvsStateStore } from './state-store.js';

export interface ConvergeInput {
  kernel: IpvsKernel;
  store: IpvsStateStore;
  /** The kernel's table as lvsd knows it; updated in place with every op that succeeds. */
  view: IpvsTable;
  /** What lvsd owns; a scoped pass that succeeds updates it in place. */
  owned: Ownership;
  desired: IpvsTable;
  flushForeign: boolean;
  /** The only services that may differ (see ReconcileInput.scope); absent: all. */
  scope?: Scope;
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
  /** True when the last pass succeeded whole: the view then holds the desired table exactly. */
  settled: boolean;
  /** Set when the repair pass could not re-read the kernel. */
  rereadError?: string;
  /**
   * Set when the ownership could not be recorded after the ops: the kernel and the returned
   * ownership are right, and the file still holds the intent recorded before them (a superset).
   */
  recordError?: string;
}

export async function converge(input: ConvergeInput): Promise<ConvergeResult> {
  const { kernel, store, desired, flushForeign, scope, view } = input;
  const first = reconcile({ desired, kernel: view, owned: input.owned, flushForeign, scope });
  // Ownership changes with adds, deletes and adoptions only; a reload of weights writes nothing.
  const record = input.alwaysRecord === true || first.adopted.length > 0 || first.ops.some(changesOwnership);
  // what lvsd may own whichever ops succeed: recorded before anything is applied
  const intent = () =>
    scope === undefined ? input.owned.union(first.owned) : input.owned.unionScope(scope, first.owned);
  if (record) await store.saveOwned(new Set(intent().ids()));
  const ops = [...(input.extraOps ?? []), ...first.ops];
  const results = await kernel.apply(ops);
  applySucceeded(view, ops, results);
  const base = { adopted: first.adopted, foreign: first.foreign };
  if (results.every((r) => r.ok)) {
    const owned = scope === undefined ? first.owned : input.owned.replaceScope(scope, first.owned);
    const recorded = record ? await save(store, owned) : {};
    return { ...base, view, owned, ops, results, passes: 1, settled: true, ...recorded };
  }

  const reread = await readTable(kernel);
  if (!reread.ok) {
    const owned = intent();
    return {
      ...base,
      view,
      owned,
      ops,
      results,
      passes: 1,
      settled: false,
      rereadError: reread.error.message,
    };
  }
  const second = reconcile({ desired, kernel: reread.value, owned: intent(), flushForeign });
  const repairResults = await kernel.apply(second.ops);
  const repaired = reread.value;
  applySucceeded(repaired, second.ops, repairResults);
  const recorded = await save(store, second.owned);
  return {
    ...recorded,
    ...base,
    view: repaired,
    owned: second.owned,
    ops: [...ops, ...second.ops],
    results: [...results, ...repairResults],
    passes: 2,
    settled: repairResults.every((r) => r.ok),
  };
}

/** Records ownership once the ops are done; a failure is reported, not thrown (see recordError). */
async function save(store: IpvsStateStore, owned: Ownership): Promise<{ recordError?: string }> {
  try {
    await store.saveOwned(new Set(owned.ids()));
    return {};
  } catch (e) {
    return { recordError: e instanceof Error ? e.message : String(e) };
  }
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
