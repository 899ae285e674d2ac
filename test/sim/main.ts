// The simulator's command line (npm run sim):
//   npm run sim                          1,000 seeds from 1
//   npm run sim -- --seeds 100000        more seeds
//   npm run sim -- --first 5000 --seeds 100
//   npm run sim -- --seed 1234 [--trace] replay one seed (with its event trace)
import { replayCommand, runSeed } from './swarm.js';

interface Options {
  first: number;
  count: number;
  trace: boolean;
}

function parse(argv: readonly string[]): Options {
  const opts: Options = { first: 1, count: 1000, trace: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) usage(`${arg} needs a non-negative integer`);
      return n;
    };
    if (arg === '--seeds') opts.count = value();
    else if (arg === '--first') opts.first = value();
    else if (arg === '--seed') [opts.first, opts.count] = [value(), 1];
    else if (arg === '--trace') opts.trace = true;
    else usage(`unknown argument ${arg}`);
  }
  return opts;
}

function usage(message: string): never {
  process.stderr.write(
    `sim: ${message}\nusage: npm run sim -- [--seeds N] [--first S] [--seed S] [--trace]\n`,
  );
  process.exit(2);
}

function main(): void {
  const opts = parse(process.argv.slice(2));
  const t0 = process.hrtime.bigint();
  let failures = 0;
  let events = 0;
  for (let seed = opts.first; seed < opts.first + opts.count; seed++) {
    const r = runSeed(seed, opts.trace);
    events += r.events;
    if (opts.trace) for (const line of r.trace) process.stdout.write(`${line}\n`);
    if (r.ok) continue;
    failures++;
    process.stdout.write(`FAIL seed ${seed}: ${r.failure}\n  replay: ${replayCommand(seed)}\n`);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(
    `${opts.count} seeds from ${opts.first}: ${failures} failed, ${events} events, ${seconds.toFixed(1)} s\n`,
  );
  process.exit(failures > 0 ? 1 : 0);
}

main();
