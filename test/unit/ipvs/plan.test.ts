// The recorded plan: every step of a small plan; a large one keeps its failed steps and counts by kind.
import { constants } from 'node:os';
import test from 'ava';
import { ipvsErrorFor } from '../../../src/ipvs/errors.js';
import { describeOp, type IpvsOp, type OpResult } from '../../../src/ipvs/ops.js';
import { LISTED_STEPS, logPlan, makePlan } from '../../../src/ipvs/plan.js';
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

test('logging: a small plan op by op, a large one as counts by kind; failures always, at most 50 lines', (t) => {
  const lines = (p: ReturnType<typeof plan>) => {
    const out: string[] = [];
    const sink = (level: string) => (m: string, meta?: Record<string, unknown>) =>
      void out.push(
        `${level} ${m}${meta?.['edit-dest'] === undefined ? '' : ` edit-dest=${String(meta['edit-dest'])}`}`,
      );
    logPlan(p, { info: sink('info'), warn: sink('warn'), error: sink('error') });
    return out;
  };
  const small = lines(plan(3, (i) => i === 1));
  t.is(small.length, 4);
  t.regex(small[1] ?? '', /^error ipvs edit-dest .* failed: ENOENT$/);
  t.is(small[3], 'info ipvs plan applied');
  const large = lines(plan(200, (i) => i < 60));
  t.is(large.filter((l) => l.startsWith('error ipvs edit-dest')).length, 50);
  t.deepEqual(large.slice(-2), ['error ipvs: 10 more ops failed', 'info ipvs plan applied edit-dest=200']);
  t.is(large.filter((l) => l.startsWith('info')).length, 1, 'no line per successful op');
});
