// npm run fuzz [-- --count N] [--seed S] [--case I]
// Fuzzes the VRRP codec (see fuzz.ts): N cases (default 1,000,000) from seed S (default: random, printed).
// --case I replays case I of seed S alone and prints it. Exits 1 when a case fails, with replay commands.
import { randomInt } from 'node:crypto';
import { caseAt, checkCase, describeCase, runFuzz, type FuzzReport } from './fuzz.js';

interface Options {
  readonly count: number;
  readonly seed: number;
  readonly replay: number | null;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): number | null => {
    const i = argv.indexOf(name);
    if (i < 0) return null;
    const n = Number(argv[i + 1]);
    if (!Number.isSafeInteger(n) || n < 0) usage(`${name} needs a non-negative integer`);
    return n;
  };
  for (const arg of argv)
    if (arg.startsWith('--') && !['--count', '--seed', '--case'].includes(arg))
      usage(`unknown option ${arg}`);
  return {
    count: value('--count') ?? 1_000_000,
    seed: (value('--seed') ?? randomInt(2 ** 32)) >>> 0,
    replay: value('--case'),
  };
}

function usage(message: string): never {
  console.error(`fuzz: ${message}\nusage: npm run fuzz -- [--count N] [--seed S] [--case I]`);
  process.exit(2);
}

function replay(seed: number, index: number): void {
  const c = caseAt(seed, index);
  const problem = checkCase(c);
  console.log(`vrrp codec fuzz: seed ${seed}, case ${index}\n${describeCase(c)}`);
  console.log(problem === null ? 'ok' : `FAILED: ${problem}`);
  process.exit(problem === null ? 0 : 1);
}

function report(r: FuzzReport): void {
  const seconds = r.elapsedMs / 1000;
  console.log(
    `${r.count.toLocaleString('en-US')} cases in ${seconds.toFixed(1)} s (${Math.round(r.count / seconds).toLocaleString('en-US')}/s)`,
  );
  const outcomes = [...r.stats.outcomes].sort(([a], [b]) => a.localeCompare(b));
  for (const [outcome, n] of outcomes) console.log(`  ${outcome.padEnd(28)} ${n.toLocaleString('en-US')}`);
  for (const f of r.failures) {
    console.log(`\nFAILED case ${f.index}: ${f.problem}\n${f.description}`);
    console.log(`replay: npm run fuzz -- --seed ${r.seed} --case ${f.index}`);
  }
  if (r.failures.length > 0)
    console.log(
      `\n${r.failures.length} failing case(s); seed ${r.seed}; rerun: npm run fuzz -- --seed ${r.seed} --count ${r.count}`,
    );
}

const options = parseOptions(process.argv.slice(2));
if (options.replay !== null) replay(options.seed, options.replay);
console.log(`vrrp codec fuzz: seed ${options.seed}, ${options.count.toLocaleString('en-US')} cases`);
const result = runFuzz(options.seed, options.count);
report(result);
process.exit(result.failures.length > 0 ? 1 : 0);
