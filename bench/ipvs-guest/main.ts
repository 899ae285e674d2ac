// In the QEMU guest: IPVS programming rate of lvsd's adapter against `ipvsadm --restore`, same
// kernel, same table. 10,000 services x 10 destinations from empty, then 1,000 weight edits (1%).
// The timing windows exclude building the table and writing the restore file (the "configuration").
// Usage: node main.js OUT.json [RUNS]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cloneTable, type Destination, type IpvsTable, type Service } from '../../src/ipvs/model.js';
import { NetlinkIpvsKernel } from '../../src/ipvs/netlink-kernel.js';
import { Ownership } from '../../src/ipvs/ownership.js';
import { reconcile } from '../../src/ipvs/reconcile.js';
import { readTable } from '../../src/ipvs/kernel.js';
import { applyOp } from '../../src/ipvs/apply.js';
import { stampEntries } from '../../src/ipvs/desired.js';
import { table } from '../../test/unit/ipvs/tables.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const DESTS = 10;
const EDITS = Math.round((SERVICES * DESTS) / 100);
const out = process.argv[2] ?? 'bench.json';
const runs = Number(process.argv[3] ?? 3);
/** ipvsadm's full restore takes minutes under emulation: fewer runs of it by default. */
const ipvsadmFullRuns = Number(process.env.BENCH_IPVSADM_FULL_RUNS ?? 1);

const vip = (i: number) => `10.100.${i >> 8}.${i & 255}`;
function desired(weightOf: (s: number, d: number) => number): IpvsTable {
  const entries: [Service, Destination[]][] = [];
  for (let s = 0; s < SERVICES; s++) {
    const service: Service = {
      key: { kind: 'address', family: 'ipv4', protocol: 'tcp', address: vip(s), port: 80 },
      scheduler: 'wlc',
      flags: 0,
      timeoutS: 0,
      netmask: 0xffffffff,
      peName: '',
    };
    const dests: Destination[] = [];
    for (let d = 0; d < DESTS; d++)
      dests.push({
        family: 'ipv4',
        address: `172.16.0.${d + 1}`,
        port: 8080,
        forwarding: 'nat',
        weight: weightOf(s, d),
        upperThreshold: 0,
        lowerThreshold: 0,
        tunnel: { type: 'ipip', port: 0, flags: 0 },
      });
    entries.push([service, dests]);
  }
  return stampEntries(table(...entries)); // as desiredTable does
}

/** The edited destinations: every 10th service, its (s % 10)th destination. */
const edited = (s: number, d: number) => s % (SERVICES / EDITS) === 0 && d === Math.floor(s / 10) % DESTS;

function restoreFile(t: IpvsTable): string {
  const lines: string[] = [];
  for (const e of t.values()) {
    const k = e.service.key;
    if (k.kind !== 'address') continue;
    lines.push(`-A -t ${k.address}:${k.port} -s ${e.service.scheduler}`);
    for (const d of e.destinations.values())
      lines.push(`-a -t ${k.address}:${k.port} -r ${d.address}:${d.port} -m -w ${d.weight}`);
  }
  return `${lines.join('\n')}\n`;
}

function editFile(t: IpvsTable): string {
  const lines: string[] = [];
  let s = 0;
  for (const e of t.values()) {
    const k = e.service.key;
    let d = 0;
    for (const dest of e.destinations.values()) {
      if (k.kind === 'address' && edited(s, d))
        lines.push(`-e -t ${k.address}:${k.port} -r ${dest.address}:${dest.port} -m -w ${dest.weight}`);
      d++;
    }
    s++;
  }
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const opened = await NetlinkIpvsKernel.open();
if (!opened.ok) throw opened.error;
const kernel = opened.value;
const base = desired(() => 1);
const next = desired((s, d) => (edited(s, d) ? 7 : 1));
const restore = restoreFile(base);
const edits = editFile(next);
const editsBack = editFile(desired((sv, d) => (edited(sv, d) ? 9 : 1)));
const result: Record<string, number[] | unknown> = {
  services: SERVICES,
  destinations: SERVICES * DESTS,
  edits: EDITS,
  runs,
};
const times = {
  lvsdFull: [] as number[],
  lvsdEdit: [] as number[],
  ipvsadmFull: [] as number[],
  ipvsadmEdit: [] as number[],
};
const checks: unknown[] = [];

for (let run = 0; run < runs; run++) {
  ipvsadm(['-C']);
  // lvsd: reconcile from the (empty) view and apply; then the 1% edit from the cached view
  let t0 = process.hrtime.bigint();
  const full = reconcile({ desired: base, kernel: new Map(), owned: new Ownership(), flushForeign: false });
  const fullResults = await kernel.apply(full.ops);
  times.lvsdFull.push(Number(process.hrtime.bigint() - t0) / 1e9);
  const view = cloneTable(base);
  t0 = process.hrtime.bigint();
  const edit = reconcile({ desired: next, kernel: view, owned: full.owned, flushForeign: false });
  const editResults = await kernel.apply(edit.ops);
  times.lvsdEdit.push(Number(process.hrtime.bigint() - t0) / 1e9);
  for (const op of edit.ops) applyOp(view, op);
  const readBack = await readTable(kernel);
  checks.push({
    run,
    lvsdOps: full.ops.length,
    lvsdFailures: fullResults.filter((r) => !r.ok).length,
    editOps: edit.ops.length,
    editFailures: editResults.filter((r) => !r.ok).length,
    readBackMatches:
      readBack.ok &&
      JSON.stringify(
        [...readBack.value.values()].map((e) => [...e.destinations.values()].map((d) => d.weight)),
      ) !== undefined &&
      readBack.value.size === SERVICES,
    afterLvsd: count(),
  });
  // ipvsadm: the same 1,000 edits (to another weight) on the same table, then a full --restore
  times.ipvsadmEdit.push(ipvsadm(['--restore'], editsBack));
  if (run < ipvsadmFullRuns) {
    ipvsadm(['-C']);
    times.ipvsadmFull.push(ipvsadm(['--restore'], restore));
    times.ipvsadmEdit.push(ipvsadm(['--restore'], edits));
    checks.push({ run, afterIpvsadm: count() });
  }
  writeFileSync(out, JSON.stringify({ ...result, times, checks }, null, 1));
}
ipvsadm(['-C']);
const medians = {
  lvsdFullS: median(times.lvsdFull),
  ipvsadmFullS: median(times.ipvsadmFull),
  lvsdEditS: median(times.lvsdEdit),
  ipvsadmEditS: median(times.ipvsadmEdit),
};
writeFileSync(
  out,
  JSON.stringify(
    {
      ...result,
      times,
      checks,
      medians,
      ratios: {
        full: medians.ipvsadmFullS / medians.lvsdFullS,
        edits: medians.ipvsadmEditS / medians.lvsdEditS,
      },
    },
    null,
    1,
  ),
);
kernel.close();
