// The operations lvsd performs on the IPVS table, one per kernel command, and their outcomes. A plan
// is a list of these; the codec turns each into one generic-netlink message.
import type { IpvsError } from './errors.js';
import {
  destId,
  serviceId,
  type DestKey,
  type Destination,
  type Service,
  type ServiceKey,
  type SyncDaemon,
  type SyncState,
  type Timeouts,
} from './model.js';

export type IpvsOp =
  | { op: 'add-service'; service: Service }
  | { op: 'edit-service'; service: Service }
  | { op: 'delete-service'; key: ServiceKey }
  | { op: 'add-dest'; service: ServiceKey; dest: Destination }
  | { op: 'edit-dest'; service: ServiceKey; dest: Destination }
  | { op: 'delete-dest'; service: ServiceKey; dest: DestKey }
  | { op: 'set-timeouts'; timeouts: Timeouts }
  | { op: 'flush' }
  | { op: 'start-daemon'; daemon: SyncDaemon }
  | { op: 'stop-daemon'; state: SyncState }
  | { op: 'zero'; key?: ServiceKey };

export type OpResult = { ok: true } | { ok: false; error: IpvsError };

export const OK: OpResult = Object.freeze({ ok: true });

/** The object an operation is about, for logs and errors: "tcp 192.0.2.10:80 -> 10.0.0.1:80". */
export function describeOp(op: IpvsOp): string {
  switch (op.op) {
    case 'add-service':
    case 'edit-service':
      return serviceId(op.service.key);
    case 'delete-service':
      return serviceId(op.key);
    case 'add-dest':
    case 'edit-dest':
    case 'delete-dest':
      return `${serviceId(op.service)} -> ${destId(op.dest)}`;
    case 'set-timeouts':
      return `timeouts tcp ${op.timeouts.tcpS}s tcp_fin ${op.timeouts.tcpFinS}s udp ${op.timeouts.udpS}s`;
    case 'flush':
      return 'all services';
    case 'start-daemon':
      return `sync daemon ${op.daemon.state} on ${op.daemon.interface} id ${op.daemon.syncId}`;
    case 'stop-daemon':
      return `sync daemon ${op.state}`;
    case 'zero':
      return op.key === undefined ? 'all counters' : serviceId(op.key);
  }
}

/** One line per operation, as plans are logged and recorded: "edit-dest tcp 192.0.2.10:80 -> 10.0.0.1:80 weight 3". */
export function formatOp(op: IpvsOp): string {
  const what = `${op.op} ${describeOp(op)}`;
  switch (op.op) {
    case 'add-service':
    case 'edit-service': {
      const s = op.service;
      return `${what} ${s.scheduler} flags 0x${s.flags.toString(16)} timeout ${s.timeoutS}s netmask ${s.netmask >>> 0}`;
    }
    case 'add-dest':
    case 'edit-dest': {
      const d = op.dest;
      const tunnel =
        d.forwarding === 'tun' ? ` ${d.tunnel.type} port ${d.tunnel.port} flags ${d.tunnel.flags}` : '';
      return `${what} ${d.forwarding}${tunnel} weight ${d.weight} thresholds ${d.lowerThreshold}-${d.upperThreshold}`;
    }
    default:
      return what;
  }
}
