// Boots the kernel suite's QEMU guest (Debian's stock kernel, software emulation) on a job: a shell
// script that runs chrooted in the host's tree, shared read-only, with a writable results share.
// The guest powers off when the job ends; its files come back through the share.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/paths.js';

export const cacheDir = process.env.LVSD_QEMU_CACHE ?? '/var/cache/lvsd-test';
const prepareScript = join(repoRoot, 'test/kernel/harness/prepare.sh');

export interface GuestImage {
  kernelVersion: string;
  vmlinuz: string;
  initramfs: string;
}

export interface GuestRun {
  /** The job's exit status, or null when it never finished (timeout, crash). */
  rc: number | null;
  /** The serial console (kernel and init messages). */
  console: string;
  /** The job's stdout and stderr. */
  out: string;
  resultsDir: string;
  seconds: number;
  timedOut: boolean;
}

export interface GuestOptions {
  /** Names the results directory. */
  name: string;
  /** Use this results directory (created) instead of a new one under the cache. */
  resultsDir?: string;
  timeoutMs?: number;
  memMb?: number;
  cpus?: number;
}

/** Runs prepare.sh (downloads and builds what is missing); throws with its reason on failure. */
export function prepareGuest(): GuestImage {
  const r = spawnSync('bash', [prepareScript], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr.trim().split('\n').at(-1) ?? 'prepare.sh failed');
  const values = new Map(
    r.stdout
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  );
  const get = (key: string): string => {
    const value = values.get(key);
    if (value === undefined) throw new Error(`prepare.sh printed no ${key}`);
    return value;
  };
  return { kernelVersion: get('KERNEL_VERSION'), vmlinuz: get('VMLINUZ'), initramfs: get('INITRAMFS') };
}

export async function runGuest(job: string, options: GuestOptions): Promise<GuestRun> {
  const image = prepareGuest();
  const runs = join(cacheDir, 'runs');
  pruneRuns(runs);
  const resultsDir = options.resultsDir ?? join(runs, `${options.name}-${process.pid}-${Date.now()}`);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'job.sh'), job);
  const args = [
    ...['-machine', 'pc', '-accel', 'tcg,thread=multi', '-cpu', 'max'],
    ...['-m', String(options.memMb ?? 2048), '-smp', String(options.cpus ?? 2)],
    ...['-nodefaults', '-no-user-config', '-display', 'none', '-monitor', 'none', '-serial', 'stdio'],
    ...['-nic', 'none', '-no-reboot', '-kernel', image.vmlinuz, '-initrd', image.initramfs],
    ...['-append', 'console=ttyS0 panic=-1 quiet loglevel=3 mitigations=off'],
    ...['-virtfs', 'local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap'],
    ...['-virtfs', `local,path=${resultsDir},mount_tag=results,security_model=none`],
  ];
  const t0 = Date.now();
  const timeoutMs = options.timeoutMs ?? 8 * 60_000;
  const { console: text, timedOut } = await new Promise<{ console: string; timedOut: boolean }>((resolve) => {
    const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let killed = false;
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ console: out.replace(/\r/g, ''), timedOut: killed });
    });
  });
  writeFileSync(join(resultsDir, 'console.log'), text);
  const rcFile = join(resultsDir, 'job.rc');
  const rc = existsSync(rcFile) ? Number(readFileSync(rcFile, 'utf8').trim()) : null;
  const outFile = join(resultsDir, 'job.out');
  const out = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  return { rc, console: text, out, resultsDir, seconds: (Date.now() - t0) / 1000, timedOut };
}

/** Keeps the 20 newest result directories. */
function pruneRuns(runs: string): void {
  if (!existsSync(runs)) return;
  const dirs = readdirSync(runs)
    .map((name) => ({ path: join(runs, name), mtimeMs: statSync(join(runs, name)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of dirs.slice(20)) rmSync(old.path, { recursive: true, force: true });
}
