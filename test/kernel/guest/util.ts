// Helpers of the in-guest program: shell commands, ipvsadm, and the kernel adapter.
import { execFileSync, spawnSync } from 'node:child_process';
import { NetlinkIpvsKernel } from '../../../src/ipvs/netlink-kernel.js';
import type { IpvsTable } from '../../../src/ipvs/model.js';

/** Runs a shell command; its stdout. Throws with stderr when it fails. */
export function sh(command: string): string {
  const r = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command}: exit ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}

export function ipvsadm(...args: string[]): string {
  return execFileSync('ipvsadm', args, { encoding: 'utf8' });
}

/** `ipvsadm -S -n` as a sorted list of lines. */
export function saved(): string[] {
  return ipvsadm('-S', '-n')
    .split('\n')
    .filter((l) => l !== '')
    .sort();
}

export async function openKernel(): Promise<NetlinkIpvsKernel> {
  const r = await NetlinkIpvsKernel.open();
  if (!r.ok) throw r.error;
  return r.value;
}

/** A table as plain JSON-able data, sorted. */
export function plainTable(t: IpvsTable) {
  return [...t.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, e]) => ({
      id,
      service: e.service,
      destinations: [...e.destinations.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, d]) => d),
    }));
}

export function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
