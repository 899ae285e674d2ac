// bench ipvs: IPVS programming rate of lvsd's adapter against `ipvsadm --restore`, measured in one
// QEMU guest run (Debian's kernel, software emulation): 10,000 services x 10 destinations from
// empty, then 1,000 weight edits. Prints the medians of BENCH_RUNS runs (default 3) and the ratios.
// Needs root and QEMU (the kernel suite's harness). BENCH_SERVICES shrinks the table for a quick try.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../test/helpers/paths.js';
import { runGuest } from '../test/kernel/harness/qemu.js';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const services = process.env.BENCH_SERVICES ?? '10000';
const job = `cd '${repoRoot}' && BENCH_SERVICES=${services} node dist/bench/ipvs-guest/main.js /run/lvsd-results/bench.json ${runs}\n`;
const run = await runGuest(job, { name: 'bench-ipvs', timeoutMs: 60 * 60_000, memMb: 3072 });
if (run.rc !== 0) {
  console.error(
    `bench ipvs: the guest run failed (rc ${run.rc}); ${run.resultsDir}\n${run.out.slice(-2000)}\n${run.console.slice(-2000)}`,
  );
  process.exit(1);
}
const r = JSON.parse(readFileSync(join(run.resultsDir, 'bench.json'), 'utf8')) as {
  services: number;
  destinations: number;
  edits: number;
  times: Record<string, number[]>;
  medians: Record<string, number>;
  ratios: { full: number; edits: number };
  checks: unknown[];
};
const s = (x: number | undefined) => `${(x ?? NaN).toFixed(2)} s`;
console.log(
  `guest run: ${run.seconds.toFixed(0)} s; ${r.services} services x ${r.destinations / r.services} destinations, ${r.edits} edits, ${runs} runs`,
);
console.log(
  `full table   lvsd adapter ${s(r.medians.lvsdFullS)}   ipvsadm --restore ${s(r.medians.ipvsadmFullS)}   ratio ${r.ratios.full.toFixed(1)}x`,
);
console.log(
  `1% edits     lvsd adapter ${s(r.medians.lvsdEditS)}   ipvsadm --restore ${s(r.medians.ipvsadmEditS)}   ratio ${r.ratios.edits.toFixed(1)}x`,
);
console.log(`all runs: ${JSON.stringify(r.times)}`);
console.log(`checks: ${JSON.stringify(r.checks)}`);
