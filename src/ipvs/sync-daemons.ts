// Which kernel sync daemons should run, and the ops that get there (pure). Without follow_instance
// both run; with it, the master daemon runs while that instance is MASTER and the backup otherwise.
import type { ConnectionSyncConfig } from '../config/types.js';
import type { SyncDaemon, SyncState } from './model.js';
import type { IpvsOp } from './ops.js';

export function wantedDaemons(sync: ConnectionSyncConfig | undefined, role: SyncState): SyncDaemon[] {
  if (sync === undefined) return [];
  const states: SyncState[] = sync.follow_instance === undefined ? ['master', 'backup'] : [role];
  return states.map((state) => ({
    state,
    interface: sync.interface,
    syncId: sync.sync_id,
    maxLen: sync.max_len ?? 0,
    group: sync.group,
    port: sync.port,
    ttl: sync.ttl,
  }));
}

/** A running daemon matches a wanted one when every value given (non-zero, non-empty) is equal. */
export function sameDaemon(running: SyncDaemon, wanted: SyncDaemon): boolean {
  const eq = <T>(a: T, b: T, unset: T) => b === unset || a === b;
  return (
    running.state === wanted.state &&
    running.interface === wanted.interface &&
    running.syncId === wanted.syncId &&
    eq(running.maxLen, wanted.maxLen, 0) &&
    eq(running.group, wanted.group, '') &&
    eq(running.port, wanted.port, 0) &&
    eq(running.ttl, wanted.ttl, 0)
  );
}

/** Stops what runs and is not wanted (or differs), starts what is wanted and not running. */
export function daemonOps(running: readonly SyncDaemon[], wanted: readonly SyncDaemon[]): IpvsOp[] {
  const ops: IpvsOp[] = [];
  const keep = new Set<SyncState>();
  for (const r of running) {
    const w = wanted.find((x) => x.state === r.state);
    if (w !== undefined && sameDaemon(r, w)) keep.add(r.state);
    else ops.push({ op: 'stop-daemon', state: r.state });
  }
  for (const w of wanted) if (!keep.has(w.state)) ops.push({ op: 'start-daemon', daemon: w });
  return ops;
}
