// IPVS in the daemon: the IpvsManager over the real adapter, with calls serialized (a reload waits for
// the start, stop for both). It starts when there is something to do (virtual servers, connection
// sync, lvs_timeouts, or entries recorded by an earlier run), so a VRRP-only director never touches
// IPVS; a reload that adds virtual servers starts it then. Failures are logged; VRRP runs on.
import type { Config } from '../config/types.js';
import type { Logger } from '../lib/logger.js';
import type { VirtualServerDelta } from '../ipvs/desired-patch.js';
import { IpvsManager } from '../ipvs/manager.js';
import { NetlinkIpvsKernel } from '../ipvs/netlink-kernel.js';
import type { IpvsPlan } from '../ipvs/plan.js';
import { FileStateStore } from '../ipvs/state-store.js';
import type { SyncState } from '../ipvs/model.js';
import { formatStatus, statusJson } from '../ipvs/status.js';
import { procSysctl } from '../ipvs/sysctl.js';

export interface IpvsService {
  /** delta: which virtual servers changed (the reload plan's), when known. */
  reload(config: Config, delta?: VirtualServerDelta): Promise<void>;
  stop(): Promise<void>;
  info(): ReturnType<IpvsManager['getInfo']>;
  /** The kernel's table for lvsctl status: ipvsadm -Ln text and JSON (null while IPVS is not in use). */
  status(): Promise<IpvsStatus>;
  /** connection_sync.follow_instance: master daemon while that instance is MASTER. */
  setSyncRole(role: SyncState): Promise<void>;
}

export interface IpvsStatus {
  state: string;
  table: string | null;
  services: ReturnType<typeof statusJson>['services'] | null;
  error?: string;
}

function wanted(config: Config): boolean {
  return (
    config.virtual_servers.length > 0 ||
    config.connection_sync !== undefined ||
    config.global.lvs_timeouts !== undefined
  );
}

export function startIpvs(config: Config, log: Logger): IpvsService {
  const store = new FileStateStore(config.global.state_dir);
  const manager = new IpvsManager({
    openKernel: () => NetlinkIpvsKernel.open(),
    store,
    log,
    sysctl: procSysctl,
  });
  let started = false;
  let queue: Promise<unknown> = Promise.resolve();
  const run = (what: string, task: () => Promise<IpvsPlan | null | void>): Promise<void> => {
    const next = queue.then(task).then(
      () => undefined,
      (e: unknown) =>
        void log.error(`ipvs ${what} failed`, { error: e instanceof Error ? e.message : String(e) }),
    );
    queue = next;
    return next;
  };
  const startIfWanted = async (c: Config) => {
    if (!wanted(c) && (await store.loadOwned()).owned.size === 0) return null;
    started = true;
    return manager.start(c);
  };
  void run('start', () => startIfWanted(config));
  return {
    reload: (c, delta) => run('reload', () => (started ? manager.reload(c, delta) : startIfWanted(c))),
    stop: () => run('stop', () => manager.stop()),
    info: () => manager.getInfo(),
    status: async () => {
      const snapshot = await manager.snapshot();
      const info = manager.info;
      if (snapshot === null || info === null) return { state: manager.state, table: null, services: null };
      if (!snapshot.ok)
        return { state: manager.state, table: null, services: null, error: snapshot.error.message };
      const table = formatStatus(info, snapshot.value);
      return { state: manager.state, table, services: statusJson(info, snapshot.value).services };
    },
    setSyncRole: (role) => run('sync role', () => manager.setSyncRole(role)),
  };
}
