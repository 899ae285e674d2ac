// The IPVS manager of the lvs child: programs virtual_servers at start (adopting configured entries,
// removing recorded ones no longer configured, flushing foreign ones with lvs_flush), applies the
// minimal diff on reload from its cached view, removes its entries on stop with lvs_flush_on_stop,
// sets lvs_timeouts and drives the sync daemons. A reload told which virtual servers changed (the
// supervisor's reload plan) rebuilds and compares those only. Without IPVS in the kernel it says so once and
// does nothing else, so VRRP runs on.
import type { Config } from '../config/types.js';
import { converge } from './converge.js';
import { desiredTable, desiredTimeouts } from './desired.js';
import { patchDesired, type VirtualServerDelta } from './desired-patch.js';
import {
  readSnapshot,
  readTable,
  type IpvsKernel,
  type KernelResult,
  type KernelSnapshot,
} from './kernel.js';
import type { IpvsInfo, IpvsTable, SyncState } from './model.js';
import type { LogSink } from './plan.js';
import type { IpvsOp, OpResult } from './ops.js';
import { PlanRing, logPlan, makePlan, type IpvsPlan, type PlanReason } from './plan.js';
import { Ownership } from './ownership.js';
import { removeOwned, type Scope } from './reconcile.js';
import type { IpvsStateStore } from './state-store.js';
import { daemonOps, wantedDaemons } from './sync-daemons.js';
import type { SysctlReader } from './sysctl.js';
import { startupWarnings } from './warnings.js';

export type { LogSink } from './plan.js';

export interface IpvsManagerDeps {
  openKernel: () => Promise<KernelResult<IpvsKernel>>;
  store: IpvsStateStore;
  log: LogSink;
  sysctl: SysctlReader;
  now?: () => Date;
}

export type ManagerState = 'idle' | 'running' | 'unavailable' | 'stopped';

export class IpvsManager {
  state: ManagerState = 'idle';
  info: IpvsInfo | null = null;
  readonly plans = new PlanRing();
  private kernel: IpvsKernel | null = null;
  private config: Config | null = null;
  private view: IpvsTable = new Map();
  /** The running configuration's table. */
  private desired: IpvsTable = new Map();
  /** The view matched desired exactly after the last convergence (a reload may then look at its changes only). */
  private settled = false;
  private owned = new Ownership();
  private syncRole: SyncState = 'backup';

  constructor(private readonly deps: IpvsManagerDeps) {}

  async start(config: Config): Promise<IpvsPlan | null> {
    this.config = config;
    const log = this.deps.log;
    const opened = await this.deps.openKernel();
    if (!opened.ok) {
      this.state = 'unavailable';
      log.warn(
        `no IPVS in this kernel (${opened.error.message}); virtual servers are not programmed, VRRP runs on`,
      );
      return null;
    }
    this.kernel = opened.value;
    const info = await this.kernel.info();
    if (info.ok) {
      this.info = info.value;
      log.info('IPVS found', { version: info.value.version, conn_table_size: info.value.connTableSize });
    }
    for (const warning of startupWarnings(config, this.deps.sysctl)) log.warn(warning);
    const loaded = await this.deps.store.loadOwned();
    if (loaded.warning !== undefined) log.warn(loaded.warning);
    const table = await readTable(this.kernel);
    if (!table.ok) {
      log.error('cannot read the IPVS table; virtual servers are not programmed', {
        error: table.error.message,
      });
      this.state = 'unavailable';
      return null;
    }
    this.state = 'running';
    this.view = table.value;
    this.owned = Ownership.fromIds(loaded.owned);
    this.desired = desiredTable(config);
    return this.apply('start', config.global.lvs_flush, await this.startExtraOps(config));
  }

  /**
   * Applies a new configuration. With delta (which virtual servers changed, from the reload plan)
   * only those are rebuilt and compared; without it, or when the last convergence left differences,
   * every service is.
   */
  async reload(config: Config, delta?: VirtualServerDelta): Promise<IpvsPlan | null> {
    const previous = this.config;
    this.config = config;
    if (this.state !== 'running' || previous === null) return null;
    // the configuration moves on now: until this reload is known to be in the kernel, the next one
    // compares everything (anything below may throw)
    const settled = this.settled;
    this.settled = false;
    const extra: IpvsOp[] = [];
    const timeouts = desiredTimeouts(config);
    if (timeouts !== null && JSON.stringify(timeouts) !== JSON.stringify(desiredTimeouts(previous)))
      extra.push({ op: 'set-timeouts', timeouts });
    if (JSON.stringify(config.connection_sync) !== JSON.stringify(previous.connection_sync))
      extra.push(...(await this.daemonChanges(config)));
    const scope =
      delta === undefined || !settled
        ? null
        : patchDesired(this.desired, previous.virtual_servers, config.virtual_servers, delta);
    if (scope === null) this.desired = desiredTable(config);
    return this.apply('reload', false, extra, scope ?? undefined);
  }

  /** Follows the VRRP state of connection_sync.follow_instance. */
  async setSyncRole(role: SyncState): Promise<IpvsPlan | null> {
    this.syncRole = role;
    const config = this.config;
    if (this.state !== 'running' || config === null || config.connection_sync?.follow_instance === undefined)
      return null;
    const ops = await this.daemonChanges(config);
    return ops.length === 0 ? null : this.applyOps('sync-role', ops);
  }

  async stop(): Promise<IpvsPlan | null> {
    const kernel = this.kernel;
    const config = this.config;
    if (this.state !== 'running' || kernel === null || config === null) {
      this.state = 'stopped';
      return null;
    }
    this.state = 'stopped';
    const ops: IpvsOp[] = await this.daemonChanges(config, []);
    if (config.global.lvs_flush_on_stop) ops.push(...removeOwned(this.view, this.owned));
    const plan = ops.length === 0 ? null : await this.applyOps('stop', ops);
    if (config.global.lvs_flush_on_stop) {
      this.owned = new Ownership();
      await this.deps.store.saveOwned(new Set());
    }
    kernel.close();
    this.kernel = null;
    return plan;
  }

  /** The kernel's table with counters, for status. */
  async snapshot(): Promise<KernelResult<KernelSnapshot> | null> {
    return this.kernel === null ? null : readSnapshot(this.kernel);
  }

  getInfo() {
    return {
      state: this.state,
      ipvs: this.info,
      services: this.view.size,
      owned: this.owned.size,
      lastPlan: this.plans.last() ?? null,
    };
  }

  private async startExtraOps(config: Config): Promise<IpvsOp[]> {
    const timeouts = desiredTimeouts(config);
    return [
      ...(timeouts === null ? [] : [{ op: 'set-timeouts' as const, timeouts }]),
      ...(await this.daemonChanges(config)),
    ];
  }

  private async daemonChanges(config: Config, wanted = wantedDaemons(config.connection_sync, this.syncRole)) {
    const running = await (this.kernel as IpvsKernel).daemons();
    if (!running.ok) {
      this.deps.log.warn('cannot read the sync daemons', { error: running.error.message });
      return [];
    }
    return daemonOps(running.value, wanted);
  }

  private async apply(reason: PlanReason, flushForeign: boolean, extraOps: IpvsOp[], scope?: Scope) {
    const r = await converge({
      kernel: this.kernel as IpvsKernel,
      store: this.deps.store,
      view: this.view,
      owned: this.owned,
      desired: this.desired,
      flushForeign,
      extraOps,
      alwaysRecord: reason === 'start',
      ...(scope === undefined ? {} : { scope }),
    });
    this.view = r.view;
    this.owned = r.owned;
    this.settled = r.settled;
    for (const id of r.adopted)
      this.deps.log.warn(`adopting IPVS entry ${id}: it exists but lvsd did not create it`);
    if (r.rereadError !== undefined)
      this.deps.log.error('cannot re-read the IPVS table', { error: r.rereadError });
    if (r.recordError !== undefined)
      this.deps.log.error('cannot record the IPVS entries lvsd owns in state_dir', { error: r.recordError });
    const compared = scope === undefined || r.passes > 1 ? 'all' : scope.size;
    return this.record(reason, r.ops, r.results, r.adopted, r.foreign, r.passes, compared);
  }

  private async applyOps(reason: PlanReason, ops: IpvsOp[]): Promise<IpvsPlan> {
    const results = await (this.kernel as IpvsKernel).apply(ops);
    return this.record(reason, ops, results, [], [], 1, 0);
  }

  private async record(
    reason: PlanReason,
    ops: IpvsOp[],
    results: OpResult[],
    adopted: string[],
    foreign: string[],
    passes: number,
    compared: number | 'all',
  ): Promise<IpvsPlan> {
    const at = (this.deps.now?.() ?? new Date()).toISOString();
    const plan = makePlan({ reason, at, ops, results, adopted, foreign, passes, compared });
    this.plans.push(plan);
    logPlan(plan, this.deps.log);
    try {
      await this.deps.store.savePlan(plan);
    } catch (e) {
      this.deps.log.warn('cannot record the plan', { error: (e as Error).message });
    }
    return plan;
  }
}
