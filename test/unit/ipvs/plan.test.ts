// The recorded plan: every step of a small plan; a large one keeps its failed steps and counts by kind.
import { constants } from 'node:os';
import test from 'ava';
import { ipvsErrorFor } from '../../../src/ipvs/errors.js';
import { describeOp, type IpvsOp, type OpResult } from '../../../src/ipvs/ops.js';
import { LISTED_STEPS, makePlan } from '../../../src/ipvs/plan.js';
import { dest, tcp } from './tables.js';

function plan(count: number, failing: (i: number) => boolean) {
  const ops: IpvsOp[] = [];
  const results: OpResult[] = [];
  for (let i = 0; i < count; i++) {
    const op: IpvsOp = {
      op: 'edit-dest',
      service: tcp('192.0.2.10', 80),
      dest: dest(`10.0.${i >> 8}.${i & 255}`),
    };
    ops.push(op);
    results.push(
      failing(i)
        ? { ok: false, error: ipvsErrorFor(op.op, describeOp(op), constants.errno.ENOENT) }
        : { ok: true },
    );
  }
  return makePlan({
    reason: 'reload',
    at: 'now',
    ops,
    results,
    adopted: [],
    foreign: [],
    passes: 1,
    compared: 1,
  });
}

test('a small plan lists every step with its outcome', (t) => {
  const p = plan(3, (i) => i === 1);
  t.deepEqual(
    p.steps.map((s) => `${s.ok} ${s.op.split(' ').slice(0, 5).join(' ')} ${s.error?.code ?? ''}`),
    [
      'true edit-dest tcp 192.0.2.10:80 -> 10.0.0.0:80 ',
      'false edit-dest tcp 192.0.2.10:80 -> 10.0.0.1:80 ENOENT',
      'true edit-dest tcp 192.0.2.10:80 -> 10.0.0.2:80 ',
    ],
  );
  t.deepEqual([p.ops, p.failed, p.kinds], [3, 1, { 'edit-dest': 3 }]);
});

test('a large plan lists its failed steps only, at most LISTED_STEPS, and counts every op', (t) => {
  const p = plan(LISTED_STEPS * 3, (i) => i % 2 === 0);
  t.is(p.ops, LISTED_STEPS * 3);
  t.is(p.failed, (LISTED_STEPS * 3) / 2);
  t.deepEqual(p.kinds, { 'edit-dest': LISTED_STEPS * 3 });
  t.is(p.steps.length, LISTED_STEPS);
  t.true(p.steps.every((s) => !s.ok && s.error?.code === 'ENOENT'));
  t.deepEqual(plan(LISTED_STEPS + 1, () => false).steps, []);
});
