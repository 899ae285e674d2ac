// One guest boot for the whole kernel suite: the first test file to ask boots the guest on the
// in-guest program (test/kernel/guest/main.ts, every scenario in one node process); the others read
// the same results. Ava runs the suite's files one after another in worker threads of one process,
// so the results directory is keyed by that process.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/paths.js';
import { cacheDir, runGuest } from './qemu.js';

export interface ScenarioResult<T> {
  seconds: number;
  value?: T;
  error?: string;
}

export interface SuiteResults {
  kernel: string;
  results: Record<string, ScenarioResult<unknown>>;
  bootSeconds: number;
}

const runDir = join(cacheDir, 'runs', `suite-${process.pid}`);

export async function suiteResults(): Promise<SuiteResults> {
  const done = join(runDir, 'suite.json');
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as SuiteResults;
  const job = `cd '${repoRoot}' && exec node dist/test/kernel/guest/main.js\n`;
  const run = await runGuest(job, { name: 'suite', resultsDir: runDir, timeoutMs: 12 * 60_000 });
  const resultsFile = join(runDir, 'results.json');
  if (run.rc !== 0 || !existsSync(resultsFile)) {
    const why = run.timedOut ? 'timed out' : `job exit status ${run.rc ?? 'none'}`;
    throw new Error(
      `the QEMU guest run failed (${why}) after ${run.seconds.toFixed(1)} s; results in ${runDir}\n` +
        `--- job output ---\n${run.out.slice(-3000)}\n--- console ---\n${run.console.slice(-3000)}`,
    );
  }
  const parsed = JSON.parse(readFileSync(resultsFile, 'utf8')) as Omit<SuiteResults, 'bootSeconds'>;
  const suite: SuiteResults = { ...parsed, bootSeconds: run.seconds };
  writeFileSync(done, JSON.stringify(suite));
  process.stderr.write(
    `kernel suite: guest (kernel ${suite.kernel}) ran in ${run.seconds.toFixed(1)} s; ${run.out}`,
  );
  return suite;
}

/** A scenario's value; throws with its error when it failed in the guest. */
export async function scenario<T>(name: string): Promise<T> {
  const suite = await suiteResults();
  const r = suite.results[name];
  if (r === undefined) throw new Error(`scenario ${name} did not run in the guest`);
  if (r.error !== undefined) throw new Error(`scenario ${name} failed in the guest:\n${r.error}`);
  return r.value as T;
}
