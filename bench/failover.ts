// Failover time, lvsd against keepalived (Debian's package) in the same namespaces with the same roles
// and configurations: a (priority 150) master, b (100) backup, both state BACKUP, one VIP, VRRP v3 at
// 50 ms (20 runs) and 1 s (5 runs), the master stopped by a crash (SIGKILL of its processes and its
// link down) and by SIGTERM (priority 0). Measured on a capture at the bridge: the takeover (b's first
// advert minus a's last advert or its priority-0 advert) against the RFC timer (Master_Down_Interval
// after a crash, Skew_Time after priority 0), and the client's longest gap in echo replies (10 ms pings).
//   npm run bench -- failover                (as root; never part of npm test)
//   LVSD_BENCH_RUNS_FAST=5 LVSD_BENCH_RUNS_SLOW=2 npm run bench -- failover   (a quicker look)
import { spawnSync } from 'node:child_process';
import { masterDownIntervalMs, skewMs } from '../src/vrrp/timers.js';
import {
  scratch,
  writeKeepalivedConfig,
  writeLvsdConfig,
  type InstanceOptions,
} from '../test/netns/helpers/configs.js';
import { startKeepalived } from '../test/netns/helpers/keepalived.js';
import { createLab, SUBNET4 } from '../test/netns/helpers/lab.js';
import { startLvsd, stop, type Proc } from '../test/netns/helpers/procs.js';
import {
  measure,
  restartA,
  settle,
  type Director,
  type Mode,
  type RunContext,
  type Sample,
} from './lib/failover-run.js';
import { median, percentile, printTable } from './lib/stats.js';

const VIP = `${SUBNET4}.100`;
const SETUPS = [
  { interval: '50ms', intervalMs: 50, runs: Number(process.env.LVSD_BENCH_RUNS_FAST ?? 20) },
  { interval: '1s', intervalMs: 1000, runs: Number(process.env.LVSD_BENCH_RUNS_SLOW ?? 5) },
];
const DAEMONS = ['lvsd', 'keepalived'] as const;
const MODES: Mode[] = ['crash', 'sigterm'];

function whyNot(): string | null {
  if (process.getuid?.() !== 0) return 'it needs root (network namespaces)';
  for (const tool of ['keepalived', 'tcpdump', 'ping'])
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  return null;
}

function director(
  daemon: (typeof DAEMONS)[number],
  lab: RunContext['lab'],
  dir: string,
  interval: string,
): Director {
  const options = (priority: number): InstanceOptions => ({
    priority,
    advertInterval: interval,
    vips: [`${VIP}/24`],
  });
  let starts = 0;
  const files = Object.fromEntries(
    (['a', 'b'] as const).map((host) => {
      const priority = host === 'a' ? 150 : 100;
      const path =
        daemon === 'lvsd'
          ? writeLvsdConfig(
              dir,
              `${host}-${interval}`,
              { web: options(priority) },
              { global: { log: { level: 'info' } } },
            )
          : writeKeepalivedConfig(dir, `${host}-${interval}`, options(priority));
      return [host, path];
    }),
  );
  return {
    start: (host) =>
      daemon === 'lvsd'
        ? startLvsd(lab.ns(host), `lvsd-${host}-${starts++}`, files[host] as string)
        : startKeepalived(lab.ns(host), `kad-${host}`, dir, files[host] as string),
  };
}

/** The RFC timer b runs after a stops: Master_Down_Interval after a crash, Skew_Time after priority 0. */
function rfcTimerMs(mode: Mode, intervalMs: number): number {
  return mode === 'crash' ? masterDownIntervalMs(3, 100, intervalMs) : skewMs(3, 100, intervalMs);
}

type Key = `${string} ${Mode} ${string}`;

async function main(): Promise<number> {
  const why = whyNot();
  if (why !== null) {
    process.stdout.write(`bench failover SKIPPED: ${why}\n`);
    return 0;
  }
  const lab = createLab(['a', 'b', 'c']);
  const files = scratch();
  const results = new Map<Key, Sample[]>();
  try {
    for (const setup of SETUPS)
      for (const daemon of DAEMONS) {
        const ctx: RunContext = {
          lab,
          dir: files.dir,
          vip: VIP,
          intervalMs: setup.intervalMs,
          director: director(daemon, lab, files.dir, setup.interval),
          procs: {},
        };
        ctx.procs.b = ctx.director.start('b');
        ctx.procs.a = ctx.director.start('a');
        await settle(ctx, 20_000);
        for (let run = 0; run < setup.runs; run++)
          for (const mode of MODES) {
            const sample = await measure(ctx, mode);
            const key: Key = `${daemon} ${mode} ${setup.interval}`;
            results.set(key, [...(results.get(key) ?? []), sample]);
            process.stdout.write(
              `${key} run ${run + 1}: takeover ${sample.takeoverMs.toFixed(1)} ms, client gap ${sample.gapMs.toFixed(0)} ms\n`,
            );
            await restartA(ctx, mode);
          }
        await Promise.all(Object.values(ctx.procs).map((p: Proc) => stop(p)));
      }
  } finally {
    lab.destroy();
    files.cleanup();
  }
  report(results);
  return 0;
}

function report(results: Map<Key, Sample[]>): void {
  const rows: (string | number)[][] = [
    [
      'adverts',
      'stop',
      'runs',
      'RFC timer ms',
      'lvsd takeover p50',
      'p95',
      'keepalived p50',
      'p95',
      'ratio p50',
      'lvsd gap p50',
      'p95',
      'keepalived gap p50',
      'p95',
      'ratio p50',
    ],
  ];
  for (const setup of SETUPS)
    for (const mode of MODES) {
      const l = results.get(`lvsd ${mode} ${setup.interval}`) ?? [];
      const k = results.get(`keepalived ${mode} ${setup.interval}`) ?? [];
      const take = (s: Sample[]) => s.map((x) => x.takeoverMs);
      const gap = (s: Sample[]) => s.map((x) => x.gapMs);
      rows.push([
        `v3 ${setup.interval}`,
        mode,
        l.length,
        rfcTimerMs(mode, setup.intervalMs),
        median(take(l)),
        percentile(take(l), 95),
        median(take(k)),
        percentile(take(k), 95),
        median(take(l)) / median(take(k)),
        median(gap(l)),
        percentile(gap(l), 95),
        median(gap(k)),
        percentile(gap(k), 95),
        median(gap(l)) / median(gap(k)),
      ]);
    }
  printTable(
    "failover: takeover on the wire and the client's longest gap (ms); ratio = lvsd / keepalived",
    rows,
  );
  const deviation: (string | number)[][] = [['adverts', 'stop', 'lvsd p50 - RFC', 'keepalived p50 - RFC']];
  for (const setup of SETUPS)
    for (const mode of MODES) {
      const rfc = rfcTimerMs(mode, setup.intervalMs);
      const p50 = (d: string) =>
        median((results.get(`${d} ${mode} ${setup.interval}`) ?? []).map((x) => x.takeoverMs));
      deviation.push([`v3 ${setup.interval}`, mode, p50('lvsd') - rfc, p50('keepalived') - rfc]);
    }
  printTable('takeover median minus the RFC timer (target for lvsd: within 2 ms)', deviation);
}

process.exitCode = await main();
