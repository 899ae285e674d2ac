// The one narrow interface between lvsd and the kernel's IPVS: reads (info, timeouts, dumps) and
// apply(ops) for every change. NetlinkIpvsKernel is the real adapter, FakeIpvsKernel the recording
// fake. Failures are values: a read gives { ok: false, error }, apply gives one result per op.
import type { IpvsError } from './errors.js';
import {
  destId,
  serviceId,
  type IpvsInfo,
  type IpvsTable,
  type KernelDestination,
  type KernelService,
  type ServiceKey,
  type SyncDaemon,
  type Timeouts,
} from './model.js';
import type { IpvsOp, OpResult } from './ops.js';

export type KernelResult<T> = { ok: true; value: T } | { ok: false; error: IpvsError };

export interface IpvsKernel {
  info(): Promise<KernelResult<IpvsInfo>>;
  timeouts(): Promise<KernelResult<Timeouts>>;
  services(): Promise<KernelResult<KernelService[]>>;
  destinations(service: ServiceKey): Promise<KernelResult<KernelDestination[]>>;
  daemons(): Promise<KernelResult<SyncDaemon[]>>;
  /** Runs the ops in order, batched; one result per op. A failed op does not stop the others. */
  apply(ops: readonly IpvsOp[]): Promise<OpResult[]>;
  close(): void;
}

/** A dump of every service with its destinations and counters. */
export interface KernelSnapshot {
  services: { service: KernelService; destinations: KernelDestination[] }[];
}

export async function readSnapshot(kernel: IpvsKernel): Promise<KernelResult<KernelSnapshot>> {
  const services = await kernel.services();
  if (!services.ok) return services;
  const out: KernelSnapshot = { services: [] };
  for (const service of services.value) {
    const dests = await kernel.destinations(service.key);
    // a service deleted between the two dumps is simply gone
    if (!dests.ok && dests.error.name === 'IpvsNotFoundError') continue;
    if (!dests.ok) return dests;
    out.services.push({ service, destinations: dests.value });
  }
  return { ok: true, value: out };
}

/** The model table of a snapshot (counters dropped). */
export function tableOf(snapshot: KernelSnapshot): IpvsTable {
  const table: IpvsTable = new Map();
  for (const { service, destinations } of snapshot.services) {
    const { stats: _stats, ...model } = service;
    const dests = new Map(
      destinations.map((d) => {
        const { activeConns: _a, inactiveConns: _i, persistentConns: _p, stats: _s, ...dest } = d;
        return [destId(dest), dest] as const;
      }),
    );
    table.set(serviceId(service.key), { service: model, destinations: dests });
  }
  return table;
}

export async function readTable(kernel: IpvsKernel): Promise<KernelResult<IpvsTable>> {
  const snapshot = await readSnapshot(kernel);
  return snapshot.ok ? { ok: true, value: tableOf(snapshot.value) } : snapshot;
}
