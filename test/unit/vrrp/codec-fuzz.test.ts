// A smaller run of the codec fuzz (npm run fuzz runs 1,000,000 cases): no exception, every input accepted
// with a byte-exact canonical round trip or rejected with a known reason and field. LVSD_FUZZ_SEED picks
// another seed; a failure prints its replay command.
import test from 'ava';
import { VRRP_DROP_REASONS } from '../../../src/vrrp/codec/index.js';
import { caseAt, checkCase, runFuzz } from './fuzz.js';

const SEED = Number(process.env.LVSD_FUZZ_SEED ?? 20_251_121) >>> 0;
const COUNT = 30_000;

test(`${COUNT} random and mutated inputs (seed ${SEED})`, (t) => {
  const report = runFuzz(SEED, COUNT);
  for (const f of report.failures) {
    t.log(
      `case ${f.index}: ${f.problem}\n${f.description}\nreplay: npm run fuzz -- --seed ${SEED} --case ${f.index}`,
    );
  }
  t.deepEqual(
    report.failures.map((f) => f.index),
    [],
  );
  // The generator reaches every rule: each drop reason, and acceptance, occurs.
  const outcomes = [...report.stats.outcomes.keys()].map((k) => k.replace(/^(decode|validate):/, '')).sort();
  t.deepEqual(outcomes, [...VRRP_DROP_REASONS, 'accepted'].sort());
  t.true((report.stats.outcomes.get('accepted') ?? 0) > COUNT / 10);
});

test('a case replays alone from its seed and index', (t) => {
  const a = caseAt(SEED, 12_345);
  const b = caseAt(SEED, 12_345);
  t.deepEqual(a, b);
  t.notDeepEqual(caseAt(SEED, 12_346).bytes, a.bytes);
  t.is(checkCase(a), null);
});

test('the checker catches a broken property', (t) => {
  let index = 0;
  while (caseAt(SEED, index).kind !== 'valid') index++;
  const c = caseAt(SEED, index);
  if (c.advert === null) return t.fail('a valid case without its advert');
  t.is(checkCase(c), null);
  const otherPriority = { ...c.advert, priority: (c.advert.priority + 1) % 256 };
  t.regex(checkCase({ ...c, advert: otherPriority }) ?? '', /differs from the encoded one/);
  t.regex(checkCase({ ...c, bytes: c.bytes.subarray(0, 7) }) ?? '', /a valid advert was refused/);
});
