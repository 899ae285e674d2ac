// Advert timing under load (issue 6's bench/jitter; false failovers start as late adverts): one
// director alone as MASTER, VRRP v3 at 50 ms, adverts captured at the bridge for a while, with both
// cores busy (one process spinning, one allocating: a busy neighbour and its garbage collector). The
// deviation of each advert's spacing from 50 ms, for lvsd with real-time priority (and idle, as the
// baseline), lvsd with vrrp_realtime_priority: 0, and keepalived without and with vrrp_rt_priority.
//   npm run bench -- jitter        (as root; never part of npm test)
// The lvs child has no work of its own yet (no IPVS in this kernel): the load comes from outside.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { startCapture } from '../test/netns/helpers/capture.js';
import { advertsIn } from '../test/netns/helpers/checks.js';
import { scratch, writeKeepalivedConfig, writeLvsdConfig } from '../test/netns/helpers/configs.js';
import { startKeepalived } from '../test/netns/helpers/keepalived.js';
import { createLab, hasAddress, SUBNET4, type Lab } from '../test/netns/helpers/lab.js';
import { spawnIn, startLvsd, stop, type Proc } from '../test/netns/helpers/procs.js';
import { sleep, waitFor } from '../test/netns/helpers/wait.js';
import { median, percentile, printTable } from './lib/stats.js';

const VIP = `${SUBNET4}.100`;
const INTERVAL_MS = 50;
const SECONDS = Number(process.env.LVSD_BENCH_JITTER_SECONDS ?? 20);
const BURNERS = [
  'for (;;) {}',
  'let a = []; for (;;) { a.push(new Array(2000).fill(Math.random())); if (a.length > 2000) a = []; }',
];

interface Case {
  name: string;
  load: boolean;
  start(lab: Lab, dir: string): Proc;
}

const lvsd = (realtime: number) => (lab: Lab, dir: string) =>
  startLvsd(
    lab.ns('a'),
    `lvsd-rt${realtime}`,
    writeLvsdConfig(
      dir,
      `a-rt${realtime}`,
      { web: { priority: 150, vips: [`${VIP}/24`] } },
      {
        global: { vrrp_realtime_priority: realtime, log: { level: 'info' } },
      },
    ),
  );

const keepalived = (rtPriority: number | null) => (lab: Lab, dir: string) => {
  const path = writeKeepalivedConfig(dir, `kad-rt${rtPriority ?? 0}`, { priority: 150, vips: [`${VIP}/24`] });
  if (rtPriority !== null)
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('global_defs {', `global_defs {\n  vrrp_rt_priority ${rtPriority}`),
    );
  return startKeepalived(lab.ns('a'), `kad-rt${rtPriority ?? 0}`, dir, path);
};

const CASES: Case[] = [
  { name: 'lvsd, real-time 50, idle', load: false, start: lvsd(50) },
  { name: 'lvsd, real-time 50, loaded', load: true, start: lvsd(50) },
  { name: 'lvsd, real-time off, loaded', load: true, start: lvsd(0) },
  { name: 'keepalived, default, loaded', load: true, start: keepalived(null) },
  { name: 'keepalived, vrrp_rt_priority 50, loaded', load: true, start: keepalived(50) },
];

/** Deviations of the advert spacing from the interval, in ms. */
async function deviations(lab: Lab, dir: string, c: Case): Promise<number[]> {
  const daemon = c.start(lab, dir);
  await waitFor('the VIP', () => hasAddress(lab, 'a', VIP), 10_000);
  await sleep(500);
  const burners = c.load
    ? BURNERS.map((code, i) => spawnIn(lab.ns('c'), `burn${i}`, [process.execPath, '-e', code]))
    : [];
  await sleep(500);
  const capture = await startCapture(lab, dir, 'ip proto 112');
  await sleep(SECONDS * 1000);
  const frames = await capture.stop();
  for (const b of burners) b.signalGroup('SIGKILL');
  await stop(daemon);
  const times = advertsIn(frames).map((ad) => Number(ad.timeUs) / 1000);
  return times.slice(1).map((ms, i) => Math.abs(ms - (times[i] as number) - INTERVAL_MS));
}

async function main(): Promise<number> {
  if (process.getuid?.() !== 0) {
    process.stdout.write('bench jitter SKIPPED: it needs root (network namespaces)\n');
    return 0;
  }
  if (spawnSync('sh', ['-c', 'command -v keepalived && command -v tcpdump']).status !== 0) {
    process.stdout.write('bench jitter SKIPPED: keepalived and tcpdump are needed\n');
    return 0;
  }
  const lab = createLab(['a', 'c']);
  const files = scratch();
  const rows: (string | number)[][] = [['case', 'adverts', 'p50 ms', 'p99 ms', 'max ms']];
  try {
    for (const c of CASES) {
      const d = await deviations(lab, files.dir, c);
      rows.push([c.name, String(d.length + 1), median(d), percentile(d, 99), Math.max(...d)]);
      process.stdout.write(`${c.name}: p99 deviation ${percentile(d, 99).toFixed(2)} ms\n`);
    }
  } finally {
    lab.destroy();
    files.cleanup();
  }
  printTable(
    `advert spacing at ${INTERVAL_MS} ms: |spacing - ${INTERVAL_MS}| over ${SECONDS} s (target: p99 < 2 ms with real-time on)`,
    rows,
  );
  return 0;
}

process.exitCode = await main();
