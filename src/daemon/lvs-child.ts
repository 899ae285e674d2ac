// The lvs child's entry point (forked by the supervisor): the IPVS manager (ipvs-service.ts), later
// the checkers. It follows the VRRP state of connection_sync.follow_instance for the sync daemons, and
// stops (the manager's stop) when asked, on SIGTERM/SIGINT, or when the supervisor is gone.
import type { Config } from '../config/types.js';
import type { Logger } from '../lib/logger.js';
import { daemonLogger } from './daemon-log.js';
import { sendToParent, serveSupervisor, type ToChild } from './ipc.js';
import { startIpvs, type IpvsService } from './ipvs-service.js';

let ipvs: IpvsService | null = null;
let log: Logger | null = null;
let config: Config | null = null;
let syncRole: 'master' | 'backup' | null = null;
let stopping = false;

async function onMessage(m: ToChild): Promise<void> {
  switch (m.type) {
    case 'start':
      if (ipvs !== null) return;
      config = m.config;
      log = daemonLogger(config.global.log, 'lvs');
      ipvs = startIpvs(config, log);
      return void sendToParent({ type: 'started', detail: {} });
    case 'reload':
      config = m.config;
      if (log !== null) log.level = m.config.global.log.level;
      await ipvs?.reload(m.config, m.virtualServers);
      return void sendToParent({ type: 'reply', id: m.id, ok: true, result: ipvs?.info().state ?? null });
    case 'info': {
      const status = ipvs === null ? null : await ipvs.status();
      return void sendToParent({ type: 'reply', id: m.id, ok: true, result: status });
    }
    case 'vrrp-states': {
      const follow = config?.connection_sync?.follow_instance;
      if (follow === undefined || ipvs === null) return;
      const role = m.states[follow] === 'MASTER' ? 'master' : 'backup';
      if (role === syncRole) return;
      syncRole = role;
      log?.info('connection sync follows the VRRP state', { instance: follow, role });
      return ipvs.setSyncRole(role);
    }
    case 'stop':
      return stop('stop requested');
    case 'tracker':
      return;
  }
}

function stop(reason: string): void {
  if (stopping) return;
  stopping = true;
  log?.info('stopping', { reason });
  const guard = setTimeout(() => process.exit(1), 5000);
  void (ipvs?.stop() ?? Promise.resolve()).then(() => {
    clearTimeout(guard);
    process.exit(0);
  });
}

serveSupervisor((m) => void onMessage(m), stop);
