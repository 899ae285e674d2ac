// In the QEMU guest: IPVS programming rate of lvsd against `ipvsadm --restore`, same kernel, same
// table. 10,000 services x 10 destinations from empty, then 1,000 weight edits (1%).
// lvsd runs as the daemon's lvs child does: IpvsManager.start on the configuration, then
// IpvsManager.reload with the supervisor's reload plan (which virtual servers changed), over the real
// netlink adapter and a state_dir on disk; its log lines go to a counting sink.
// The timing windows exclude building the configuration (the loader reads one virtual server, which
// is copied to 10,000 addresses), the reload's deep copy of it (as a re-parse gives) and the reload
// plan (timed apart: the supervisor's work on the parsed configuration); and for ipvsadm, writing the
// restore file.
// Each run is one process in a fresh network namespace (IPVS state is per namespace; the kernel keeps
// deleted destinations in a trash list that every later add scans, so a flushed table is not "empty").
// Usage: node main.js OUT.json lvsd|ipvsadm   (appends this run's times to OUT.json)
// BENCH_PROFILE=DIR writes a CPU profile of each lvsd window there (full.cpuprofile, edit.cpuprofile).
import { spawnSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/types.js';
import { reloadPlan } from '../../src/daemon/reload-plan.js';
import { readTable } from '../../src/ipvs/kernel.js';
import { IpvsManager, type LogSink } from '../../src/ipvs/manager.js';
import { NetlinkIpvsKernel } from '../../src/ipvs/netlink-kernel.js';
import { FileStateStore } from '../../src/ipvs/state-store.js';
import { procSysctl } from '../../src/ipvs/sysctl.js';
import { configOf } from '../../test/helpers/config-files.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const DESTS = 10;
const EDITS = Math.round((SERVICES * DESTS) / 100);
const out = process.argv[2] ?? 'bench.json';
const mode = process.argv[3] ?? 'lvsd';

const vip = (i: number) => `10.100.${i >> 8}.${i & 255}`;

/** The edited destinations: every 10th service, its (s / 10 % 10)th destination. */
const edited = (s: number, d: number) => s % (SERVICES / EDITS) === 0 && d === Math.floor(s / 10) % DESTS;

function configuration(): Config {
  const lines = [
    'global: { router_id: bench }',
    'virtual_servers:',
    '  - address: 10.100.0.0',
    '    port: 80',
  ];
  lines.push('    scheduler: wlc', '    forwarding: nat', '    real_servers:');
  for (let d = 0; d < DESTS; d++) lines.push(`      - { address: 172.16.0.${d + 1}, port: 8080, weight: 1 }`);
  const template = configOf({ 'lvsd.yaml': lines });
  const vs = template.virtual_servers[0];
  if (vs === undefined) throw new Error('the template has no virtual server');
  const virtualServers = [];
  for (let s = 0; s < SERVICES; s++) virtualServers.push({ ...structuredClone(vs), address: vip(s) });
  return { ...template, virtual_servers: virtualServers };
}

/** The configuration with the 1% edit, as a new parse gives it: every object new. */
function edit(config: Config): Config {
  const next = structuredClone(config);
  next.virtual_servers.forEach((vs, s) =>
    vs.real_servers.forEach((rs, d) => {
      if (edited(s, d)) rs.weight = 7;
    }),
  );
  return next;
}

function restoreFile(config: Config): string {
  const lines: string[] = [];
  for (const vs of config.virtual_servers) {
    lines.push(`-A -t ${vs.address}:${vs.port} -s ${vs.scheduler}`);
    for (const rs of vs.real_servers)
      lines.push(`-a -t ${vs.address}:${vs.port} -r ${rs.address}:${rs.port} -m -w ${rs.weight}`);
  }
  return `${lines.join('\n')}\n`;
}

function editFile(config: Config): string {
  const lines: string[] = [];
  config.virtual_servers.forEach((vs, s) =>
    vs.real_servers.forEach((rs, d) => {
      if (edited(s, d))
        lines.push(`-e -t ${vs.address}:${vs.port} -r ${rs.address}:${rs.port} -m -w ${rs.weight}`);
    }),
  );
  return `${lines.join('\n')}\n`;
}

function ipvsadm(args: string[], input?: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('ipvsadm', args, { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`ipvsadm ${args.join(' ')}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function count(): { services: number; dests: number } {
  const text = spawnSync('ipvsadm', ['-Ln'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
  const lines = text.split('\n');
  return {
    services: lines.filter((l) => l.startsWith('TCP')).length,
    dests: lines.filter((l) => l.startsWith('  ->')).length - 1,
  };
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** Runs fn, with a CPU profile written to BENCH_PROFILE/name.cpuprofile when that is set. */
async function window<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (dir === undefined) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

const base = configuration();
const next = edit(base);
const record: Record<string, unknown> = {
  mode,
  services: SERVICES,
  destinations: SERVICES * DESTS,
  edits: EDITS,
};
if (mode === 'lvsd') {
  const stateDir = mkdtempSync(join(tmpdir(), 'lvsd-bench-state-'));
  let logLines = 0;
  const line = () => void logLines++;
  const log: LogSink = { info: line, warn: line, error: line };
  const manager = new IpvsManager({
    openKernel: () => NetlinkIpvsKernel.open(),
    store: new FileStateStore(stateDir),
    log,
    sysctl: procSysctl,
  });
  let t0 = process.hrtime.bigint();
  const full = await window('full', () => manager.start(base));
  record.fullS = seconds(t0);
  t0 = process.hrtime.bigint();
  const delta = reloadPlan(base, next).virtualServers.delta;
  record.configDiffS = seconds(t0);
  t0 = process.hrtime.bigint();
  const edits = await window('edit', () => manager.reload(next, delta));
  record.editS = seconds(t0);
  const kernel = await NetlinkIpvsKernel.open();
  if (!kernel.ok) throw kernel.error;
  const readBack = await readTable(kernel.value);
  kernel.value.close();
  const weights = readBack.ok
    ? [...readBack.value.values()].flatMap((e) => [...e.destinations.values()].map((d) => d.weight))
    : [];
  record.check = {
    ops: full?.ops ?? -1,
    failures: full?.failed ?? -1,
    editOps: edits?.ops ?? -1,
    editFailures: edits?.failed ?? -1,
    deltaServices: delta.upserted.length + delta.removed.length,
    readBackServices: readBack.ok ? readBack.value.size : -1,
    weight7: weights.filter((w) => w === 7).length,
    logLines,
    table: count(),
  };
  rmSync(stateDir, { recursive: true, force: true });
} else {
  const restore = restoreFile(base);
  const edits = editFile(next);
  record.fullS = ipvsadm(['--restore'], restore);
  record.editS = ipvsadm(['--restore'], edits);
  record.check = { table: count() };
}
let all: Record<string, unknown>[] = [];
try {
  all = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>[];
} catch {
  all = [];
}
all.push(record);
writeFileSync(out, JSON.stringify(all, null, 1));
