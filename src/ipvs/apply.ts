// What an operation does to a table, as the kernel does it: the cached view is updated with this
// after a successful batch, and the fake kernel runs on it. Returns 0 or the errno the kernel gives.
import { constants } from 'node:os';
import { copyDestination, copyService, destId, serviceId, type IpvsTable } from './model.js';
import type { IpvsOp } from './ops.js';

const { EEXIST, ESRCH, ENOENT, EINVAL, ERANGE } = constants.errno;

/** Schedulers of Debian 12's kernel (6.1); twos arrived later. */
export const KERNEL_SCHEDULERS = new Set([
  'rr',
  'wrr',
  'lc',
  'wlc',
  'lblc',
  'lblcr',
  'dh',
  'sh',
  'sed',
  'nq',
  'mh',
  'fo',
  'ovf',
]);

/** Applies op to table in place; the errno the kernel would answer, 0 on success. Daemon and timeout ops leave the table alone. */
export function applyOp(
  table: IpvsTable,
  op: IpvsOp,
  schedulers: ReadonlySet<string> = KERNEL_SCHEDULERS,
): number {
  switch (op.op) {
    case 'add-service': {
      const id = serviceId(op.service.key);
      if (table.has(id)) return EEXIST;
      if (schedulers !== null && !schedulers.has(op.service.scheduler)) return ENOENT;
      if (!validNetmask(op.service.key.family, op.service.netmask)) return EINVAL;
      table.set(id, { service: copyService(op.service), destinations: new Map() });
      return 0;
    }
    case 'edit-service': {
      const entry = table.get(serviceId(op.service.key));
      if (entry === undefined) return ESRCH;
      if (schedulers !== null && !schedulers.has(op.service.scheduler)) return ENOENT;
      if (!validNetmask(op.service.key.family, op.service.netmask)) return EINVAL;
      entry.service = copyService(op.service);
      return 0;
    }
    case 'delete-service':
      return table.delete(serviceId(op.key)) ? 0 : ESRCH;
    case 'add-dest':
    case 'edit-dest': {
      const entry = table.get(serviceId(op.service));
      if (entry === undefined) return ESRCH;
      const d = op.dest;
      if (d.weight < 0 || d.lowerThreshold > d.upperThreshold) return ERANGE;
      if (d.forwarding === 'tun' && d.tunnel.type === 'gue' && d.tunnel.port === 0) return EINVAL;
      if (d.family !== op.service.family && d.forwarding !== 'tun') return EINVAL;
      const id = destId(op.dest);
      const exists = entry.destinations.has(id);
      if (op.op === 'add-dest' && exists) return EEXIST;
      if (op.op === 'edit-dest' && !exists) return ENOENT;
      entry.destinations.set(id, copyDestination(op.dest));
      return 0;
    }
    case 'delete-dest': {
      const entry = table.get(serviceId(op.service));
      if (entry === undefined) return ESRCH;
      return entry.destinations.delete(destId(op.dest)) ? 0 : ENOENT;
    }
    case 'flush':
      table.clear();
      return 0;
    default:
      return 0;
  }
}

function validNetmask(family: string, netmask: number): boolean {
  return family !== 'ipv6' || (netmask >= 1 && netmask <= 128);
}
