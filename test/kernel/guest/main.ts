// The kernel suite's program inside the QEMU guest: one node process runs every scenario in turn
// and writes results.json to the results share; the host's tests read it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adapter } from './scenario-adapter.js';
import { golden } from './scenario-golden.js';
import { lvsdProcess } from './scenario-lvsd.js';
import { managerScenario } from './scenario-manager.js';
import { nat } from './scenario-nat.js';
import { seconds } from './util.js';

const scenarios: Record<string, () => Promise<unknown>> = {
  golden,
  adapter,
  manager: managerScenario,
  lvsd: lvsdProcess,
  nat,
};
const only = process.argv.slice(2);
const out = process.env.LVSD_RESULTS ?? '.';
const results: Record<string, { seconds: number; value?: unknown; error?: string }> = {};

for (const [name, run] of Object.entries(scenarios)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const t0 = process.hrtime.bigint();
  try {
    results[name] = { seconds: 0, value: await run() };
  } catch (e) {
    results[name] = { seconds: 0, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  (results[name] as { seconds: number }).seconds = seconds(t0);
  console.log(
    `scenario ${name}: ${results[name]?.error === undefined ? 'ran' : 'FAILED'} in ${results[name]?.seconds.toFixed(1)} s`,
  );
  writeFileSync(
    join(out, 'results.json'),
    JSON.stringify({ kernel: process.env.LVSD_KERNEL, results }, null, 1),
  );
}
