// The recording fake of IpvsKernel: an in-memory table with the kernel's answers (EEXIST, ESRCH,
// ENOENT, EINVAL, ERANGE), every call recorded, failures injectable, and an "unavailable" mode.
import { constants } from 'node:os';
import { applyOp, KERNEL_SCHEDULERS } from './apply.js';
import { IpvsUnavailableError, ipvsErrorFor } from './errors.js';
import type { IpvsKernel, KernelResult } from './kernel.js';
import {
  ZERO_STATS,
  cloneTable,
  serviceId,
  type IpvsInfo,
  type IpvsTable,
  type KernelDestination,
  type KernelService,
  type ServiceKey,
  type SyncDaemon,
  type Timeouts,
} from './model.js';
import { OK, describeOp, type IpvsOp, type OpResult } from './ops.js';

export type FakeCall =
  | { call: 'apply'; ops: IpvsOp[] }
  | { call: 'info' | 'timeouts' | 'services' | 'daemons' | 'close' }
  | { call: 'destinations'; service: string };

export interface FakeOptions {
  table?: IpvsTable;
  /** The kernel has no IPVS: every call fails with IpvsUnavailableError. */
  unavailable?: boolean;
  schedulers?: ReadonlySet<string>;
}

export class FakeIpvsKernel implements IpvsKernel {
  table: IpvsTable;
  timeoutValues: Timeouts = { tcpS: 900, tcpFinS: 120, udpS: 300 };
  daemonList: SyncDaemon[] = [];
  readonly calls: FakeCall[] = [];
  unavailable: boolean;
  private readonly schedulers: ReadonlySet<string>;
  private readonly failures: { match: (op: IpvsOp) => boolean; errno: number; times: number }[] = [];

  constructor(options: FakeOptions = {}) {
    this.table = options.table === undefined ? new Map() : cloneTable(options.table);
    this.unavailable = options.unavailable ?? false;
    this.schedulers = options.schedulers ?? KERNEL_SCHEDULERS;
  }

  /** The next `times` ops matching fail with errno, changing nothing. */
  failNext(match: (op: IpvsOp) => boolean, errno: number, times = 1): void {
    this.failures.push({ match, errno, times });
  }

  /** Every op applied so far, in order (the ops of every apply call). */
  appliedOps(): IpvsOp[] {
    return this.calls.flatMap((c) => (c.call === 'apply' ? c.ops : []));
  }

  async info(): Promise<KernelResult<IpvsInfo>> {
    this.calls.push({ call: 'info' });
    return this.guard(() => ({ version: '1.2.1', connTableSize: 4096 }), 'get-info', 'IPVS');
  }

  async timeouts(): Promise<KernelResult<Timeouts>> {
    this.calls.push({ call: 'timeouts' });
    return this.guard(() => ({ ...this.timeoutValues }), 'get-timeouts', 'timeouts');
  }

  async services(): Promise<KernelResult<KernelService[]>> {
    this.calls.push({ call: 'services' });
    return this.guard(
      () => [...this.table.values()].map((e) => ({ ...e.service, stats: { ...ZERO_STATS } })),
      'dump-services',
      'services',
    );
  }

  async destinations(service: ServiceKey): Promise<KernelResult<KernelDestination[]>> {
    const id = serviceId(service);
    this.calls.push({ call: 'destinations', service: id });
    if (this.unavailable) return this.unavailableResult('dump-destinations', id);
    const entry = this.table.get(id);
    if (entry === undefined)
      return { ok: false, error: ipvsErrorFor('dump-destinations', id, constants.errno.ESRCH) };
    const dests = [...entry.destinations.values()].map((d) => ({
      ...d,
      activeConns: 0,
      inactiveConns: 0,
      persistentConns: 0,
      stats: { ...ZERO_STATS },
    }));
    return { ok: true, value: dests };
  }

  async daemons(): Promise<KernelResult<SyncDaemon[]>> {
    this.calls.push({ call: 'daemons' });
    return this.guard(() => this.daemonList.map((d) => ({ ...d })), 'dump-daemons', 'sync daemons');
  }

  async apply(ops: readonly IpvsOp[]): Promise<OpResult[]> {
    this.calls.push({ call: 'apply', ops: [...ops] });
    return ops.map((op) => this.applyOne(op));
  }

  close(): void {
    this.calls.push({ call: 'close' });
  }

  private applyOne(op: IpvsOp): OpResult {
    if (this.unavailable) return { ok: false, error: this.unavailableError(op.op, describeOp(op)) };
    const failure = this.failures.find((f) => f.times > 0 && f.match(op));
    if (failure !== undefined) {
      failure.times--;
      return { ok: false, error: ipvsErrorFor(op.op, describeOp(op), failure.errno) };
    }
    const errno = this.applyDaemonOrTimeouts(op) ?? applyOp(this.table, op, this.schedulers);
    return errno === 0 ? OK : { ok: false, error: ipvsErrorFor(op.op, describeOp(op), errno) };
  }

  private applyDaemonOrTimeouts(op: IpvsOp): number | undefined {
    const { EEXIST, ESRCH } = constants.errno;
    if (op.op === 'set-timeouts') {
      const t = op.timeouts;
      this.timeoutValues = {
        tcpS: t.tcpS || this.timeoutValues.tcpS,
        tcpFinS: t.tcpFinS || this.timeoutValues.tcpFinS,
        udpS: t.udpS || this.timeoutValues.udpS,
      };
      return 0;
    }
    if (op.op === 'start-daemon') {
      if (this.daemonList.some((d) => d.state === op.daemon.state)) return EEXIST;
      this.daemonList.push({ ...op.daemon });
      return 0;
    }
    if (op.op === 'stop-daemon') {
      const before = this.daemonList.length;
      this.daemonList = this.daemonList.filter((d) => d.state !== op.state);
      return this.daemonList.length === before ? ESRCH : 0;
    }
    return undefined;
  }

  private guard<T>(value: () => T, operation: string, object: string): KernelResult<T> {
    return this.unavailable ? this.unavailableResult(operation, object) : { ok: true, value: value() };
  }

  private unavailableResult(operation: string, object: string): { ok: false; error: IpvsUnavailableError } {
    return { ok: false, error: this.unavailableError(operation, object) };
  }

  private unavailableError(operation: string, object: string): IpvsUnavailableError {
    return new IpvsUnavailableError(operation, object, constants.errno.ENOENT, 'this kernel has no IPVS');
  }
}
