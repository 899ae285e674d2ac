// global: one per configuration, in one file only.
import * as z from 'zod';
import { absolutePath, duration, int, obj } from './primitives.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export const LOG_FORMATS = ['text', 'json'] as const;

export const logSchema = obj(
  {
    level: z.enum(LOG_LEVELS).default('info'),
    format: z.enum(LOG_FORMATS).default('text').meta({ description: 'text for people and journald, json for log shippers' }),
  },
  'logging to stderr',
);

const lvsTimeouts = obj(
  {
    tcp: duration('IPVS timeout of established TCP connections', { minMs: 1000 }).optional(),
    tcp_fin: duration('IPVS timeout of TCP connections after FIN', { minMs: 1000 }).optional(),
    udp: duration('IPVS timeout of UDP flows', { minMs: 1000 }).optional(),
  },
  'IPVS connection timeouts; unset ones are left as the kernel has them',
);

export const globalSchema = obj(
  {
    router_id: z.string().min(1).optional().meta({ description: "this director's name in logs and notifications; default: the host name" }),
    state_dir: absolutePath.default('/var/lib/lvsd').meta({ description: 'what lvsd created (IPVS entries, VIPs), for clean restarts' }),
    control_socket: absolutePath.default('/run/lvsd/lvsd.sock').meta({ description: 'the lvsctl socket, mode 0600' }),
    pid_file: absolutePath.default('/run/lvsd/lvsd.pid'),
    log: logSchema.prefault({}),
    notify_fifo: absolutePath.optional().meta({ description: "a FIFO that receives keepalived-format state lines" }),
    script_user: z.string().min(1).optional().meta({ description: 'scripts run as this user; unset: root, with a warning' }),
    vrrp_realtime_priority: int(0, 99, 'SCHED_RR priority of the vrrp process; 0 turns real-time scheduling off').default(50),
    lvs_flush: z.boolean().default(false).meta({ description: 'clear IPVS entries lvsd did not create, at start' }),
    lvs_flush_on_stop: z.boolean().default(false).meta({ description: "remove lvsd's IPVS entries on stop" }),
    lvs_timeouts: lvsTimeouts.optional(),
  },
  'settings of this director; in one file only',
);
