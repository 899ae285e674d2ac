// Runs a range of seeds inside an ava test; the seeds are split over several test files so that ava's
// workers share them out over the cores.
import test from 'ava';
import { replayCommand, runSeed } from './swarm.js';

export function swarmTest(first: number, count: number): void {
  test(`seeds ${first}..${first + count - 1} keep every invariant`, (t) => {
    const failures: string[] = [];
    let converged = 0;
    let windows = 0;
    for (let seed = first; seed < first + count; seed++) {
      const r = runSeed(seed);
      converged += r.counts.converged;
      windows += r.counts.windows;
      if (!r.ok) failures.push(`seed ${seed}: ${r.failure}\n  replay: ${replayCommand(seed)}`);
    }
    t.deepEqual(failures.slice(0, 10), [], `${failures.length} failing seeds`);
    t.true(windows >= count, 'every seed has at least one quiet window');
    t.true(converged > 100 * count, 'convergence was checked after many events');
  });
}
