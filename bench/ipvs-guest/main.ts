// In the QEMU guest: IPVS programming rate of lvsd's adapter against `ipvsadm --restore`, same
// kernel, same table. 10,000 services x 10 destinations from empty, then 1,000 weight edits (1%).
// The timing windows exclude building the table and writing the restore file (the "configuration").
// Each run is one process in a fresh network namespace (IPVS state is per namespace; the kernel keeps
// deleted destinations in a trash list that every later add scans, so a flushed table is not "empty").
// Usage: node main.js OUT.json lvsd|ipvsadm   (appends this run's times to OUT.json)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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
const mode = process.argv[3] ?? 'lvsd';

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

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

const base = desired(() => 1);
const next = desired((s, d) => (edited(s, d) ? 7 : 1));
const record: Record<string, unknown> = {
  mode,
  services: SERVICES,
  destinations: SERVICES * DESTS,
  edits: EDITS,
};
if (mode === 'lvsd') {
  const opened = await NetlinkIpvsKernel.open();
  if (!opened.ok) throw opened.error;
  const kernel = opened.value;
  // from empty: reconcile against the empty view, apply
  let t0 = process.hrtime.bigint();
  const full = reconcile({ desired: base, kernel: new Map(), owned: new Ownership(), flushForeign: false });
  const reconcileFullS = seconds(t0);
  const fullResults = await kernel.apply(full.ops);
  record.fullS = seconds(t0);
  record.reconcileFullS = reconcileFullS;
  // the 1% edit, as a reload does it: from the cached (stamped) view
  const view = cloneTable(base);
  t0 = process.hrtime.bigint();
  const edit = reconcile({ desired: next, kernel: view, owned: full.owned, flushForeign: false });
  const reconcileEditS = seconds(t0);
  const editResults = await kernel.apply(edit.ops);
  record.editS = seconds(t0);
  record.reconcileEditS = reconcileEditS;
  for (const op of edit.ops) applyOp(view, op);
  const readBack = await readTable(kernel);
  record.check = {
    ops: full.ops.length,
    failures: fullResults.filter((r) => !r.ok).length,
    editOps: edit.ops.length,
    editFailures: editResults.filter((r) => !r.ok).length,
    readBackServices: readBack.ok ? readBack.value.size : -1,
    table: count(),
  };
  kernel.close();
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
