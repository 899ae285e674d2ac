// The unit tests' golden messages, sent byte for byte to Debian's kernel in the QEMU guest: each is
// acknowledged and has exactly the effect `ipvsadm -S -n` reads back.
import test from 'ava';
import { GOLDEN_OPS } from '../unit/ipvs/golden.js';
import { scenario } from './harness/session.js';

interface Golden {
  familyId: number;
  steps: { name: string; errno: number; saved: string[] }[];
}

let result: Golden;
test.before(async (t) => {
  t.timeout(15 * 60_000);
  result = await scenario<Golden>('golden');
});

test('every golden message was sent', (t) => {
  t.deepEqual(
    result.steps.map((s) => s.name),
    GOLDEN_OPS.map((g) => g.name),
  );
  t.true(result.familyId >= 16);
});

GOLDEN_OPS.forEach((g, i) => {
  test(`kernel accepts and applies: ${g.name}`, (t) => {
    const step = result.steps[i];
    if (step === undefined) return t.fail('not run');
    t.is(step.errno, 0);
    for (const line of g.shows)
      t.true(step.saved.includes(line), `ipvsadm -S shows: ${line}\n${step.saved.join('\n')}`);
    for (const line of g.hides) t.false(step.saved.includes(line), `ipvsadm -S no longer shows: ${line}`);
  });
});

test('after the final flush the table is empty', (t) => {
  t.deepEqual(result.steps.at(-1)?.saved, []);
});
