// bench ipvs: IPVS programming rate of lvsd (its IPVS manager, as the daemon's lvs child runs it)
// against `ipvsadm --restore`, measured in one QEMU guest run (Debian's kernel, software emulation):
// 10,000 services x 10 destinations from empty, then a reload with 1,000 weight edits. Prints the medians of BENCH_RUNS runs (default 3) and the ratios.
// Needs root and QEMU (the kernel suite's harness). BENCH_SERVICES shrinks the table for a quick try.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../test/helpers/paths.js';
import { runGuest } from '../test/kernel/harness/qemu.js';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const services = process.env.BENCH_SERVICES ?? '10000';
// each run in its own fresh network namespace, lvsd and ipvsadm alternating
const job = [
  `cd '${repoRoot}'`,
  `for i in $(seq ${runs}); do`,
  `  for mode in lvsd ipvsadm; do`,
  '    ip netns add bench-$mode-$i',
  // the kernel accepts a destination it can route to: a dummy link holds the real servers' subnet
  '    ip -n bench-$mode-$i link add d0 type dummy && ip -n bench-$mode-$i addr add 172.16.0.254/16 dev d0',
  '    ip -n bench-$mode-$i link set d0 up && ip -n bench-$mode-$i link set lo up',
  `    ip netns exec bench-$mode-$i env BENCH_SERVICES=${services} node dist/bench/ipvs-guest/main.js /run/lvsd-results/bench.json $mode || exit 1`,
  '    ip netns del bench-$mode-$i',
  '  done',
  'done',
  '',
].join('\n');
const run = await runGuest(job, { name: 'bench-ipvs', timeoutMs: 60 * 60_000, memMb: 3072 });
if (run.rc !== 0) {
  console.error(
    `bench ipvs: the guest run failed (rc ${run.rc}); ${run.resultsDir}\n${run.out.slice(-2000)}\n${run.console.slice(-2000)}`,
  );
  process.exit(1);
}
const all = JSON.parse(readFileSync(join(run.resultsDir, 'bench.json'), 'utf8')) as {
  mode: string;
  services: number;
  destinations: number;
  edits: number;
  fullS: number;
  editS: number;
  configDiffS?: number;
  check: unknown;
}[];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const of = (mode: string, key: 'fullS' | 'editS' | 'configDiffS') =>
  all.filter((r) => r.mode === mode).map((r) => r[key] ?? NaN);
const m = {
  lvsdFull: median(of('lvsd', 'fullS')),
  ipvsadmFull: median(of('ipvsadm', 'fullS')),
  lvsdEdit: median(of('lvsd', 'editS')),
  ipvsadmEdit: median(of('ipvsadm', 'editS')),
};
const s = (x: number) => `${x.toFixed(2)} s`;
const first = all[0];
console.log(
  `guest run: ${run.seconds.toFixed(0)} s; ${first?.services} services x ${(first?.destinations ?? 0) / (first?.services ?? 1)} destinations, ${first?.edits} edits; medians of ${runs} runs, each in a fresh network namespace`,
);
console.log(
  `full table   lvsd ${s(m.lvsdFull)}   ipvsadm --restore ${s(m.ipvsadmFull)}   ratio ${(m.ipvsadmFull / m.lvsdFull).toFixed(1)}x`,
);
console.log(
  `1% edits     lvsd ${s(m.lvsdEdit)}   ipvsadm --restore ${s(m.ipvsadmEdit)}   ratio ${(m.ipvsadmEdit / m.lvsdEdit).toFixed(1)}x`,
);
console.log(
  `not in the windows: the supervisor's reload plan over the parsed configurations took ${of('lvsd', 'configDiffS').map(s).join(', ')}`,
);
console.log(`all runs: ${JSON.stringify(all)}`);
