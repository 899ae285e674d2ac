// IPVS virtual servers and their real servers. Rules across keys (families, fwmark services,
// scheduler flags, forwarding options) are in ../checks/lvs.ts.
import * as z from 'zod';
import { checkDefaultsSchema, checkSchema } from './checks.js';
import { normalizeVirtualServer } from '../rules/normalize-lvs.js';
import { virtualServerRules } from '../rules/virtual-server.js';
import { command, duration, evenWithKeyIssues, family, int, ipAddress, name, obj, port, whenValid } from './primitives.js';

/** Every scheduler of the kernel's IPVS (twos since Linux 6.x). */
export const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'mh', 'fo', 'ovf', 'twos'] as const;
export const SCHEDULER_FLAGS = ['sh-port', 'sh-fallback', 'mh-port', 'mh-fallback'] as const;
export const FORWARDING = ['nat', 'dr', 'tun'] as const;
export const TUNNEL_TYPES = ['ipip', 'gue', 'gre'] as const;
export const PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;

export const tunnelSchema = obj(
  {
    type: z.enum(TUNNEL_TYPES).default('ipip'),
    port: int(1, 65535, 'the UDP port of a gue tunnel').optional(),
    checksum: z.enum(['none', 'csum', 'remcsum']).default('none').meta({ description: 'gue and gre tunnel checksums' }),
  },
  'the tunnel of forwarding: tun',
);

const persistenceSchema = obj(
  {
    timeout: duration('how long a client sticks to its real server', { minMs: 1000 }).prefault('300s'),
    netmask: ipAddress.optional().meta({ description: 'IPv4 services: clients in one netmask stick together; default 255.255.255.255' }),
    prefix_length: int(1, 128, 'IPv6 services: clients in one prefix stick together; default 128').optional(),
  },
  'persistent (sticky) connections',
);

const quorumSchema = obj(
  {
    min_weight: int(0, 4294967295, 'the service is up while the live real servers weigh at least this').default(1),
    hysteresis: int(0, 4294967295, 'up at min_weight + hysteresis, down below min_weight - hysteresis').default(0),
    up: command.optional(),
    down: command.optional(),
  },
  'the quorum of live weight; below it the sorry server takes over',
);

const sorryServerSchema = obj(
  {
    address: ipAddress,
    port: port.optional().meta({ description: 'default: the service port' }),
    forwarding: z.enum(FORWARDING).optional(),
    weight: int(0, 65535).default(1),
  },
  'takes all traffic while the quorum is lost',
);

export const realServerBase = obj(
  {
    address: ipAddress,
    port: port.optional().meta({ description: 'default: the service port (0 for fwmark services)' }),
    weight: int(0, 65535, 'IPVS weight, 0..65535').default(1),
    forwarding: z.enum(FORWARDING).optional().meta({ description: "default: the virtual server's" }),
    tunnel: tunnelSchema.optional(),
    upper_threshold: int(0, 4294967295, 'no new connections above this many').default(0),
    lower_threshold: int(0, 4294967295, 'new connections again below this many').default(0),
    inhibit_on_failure: z.boolean().default(false).meta({ description: "weight 0 instead of removal when down (ldirectord's quiescent)" }),
    notify_up: command.optional(),
    notify_down: command.optional(),
    check: checkSchema.optional(),
    checks: z.array(checkSchema).min(1).optional().meta({ description: 'several checks: up only while all pass' }),
  },
  'a real server behind the virtual server',
);

export type RealServerInput = z.output<typeof realServerBase>;

export const realServerSchema = realServerBase.superRefine((rs, ctx) => {
  if (rs.check !== undefined && rs.checks !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['checks'], message: 'give check (one) or checks (several), not both' });
  }
});

export const virtualServerBase = obj(
  {
    name: name.optional(),
    address: ipAddress.optional(),
    port: port.optional(),
    fwmark: int(1, 4294967295, 'a firewall-mark service instead of address and port').optional(),
    family: family.optional().meta({ description: 'fwmark services: ipv4 or ipv6' }),
    protocol: z.enum(PROTOCOLS).default('tcp'),
    scheduler: z
      .enum(SCHEDULERS)
      .default('wlc')
      .meta({ description: 'the IPVS scheduler; twos needs a kernel with ip_vs_twos (not Debian 12, Linux 6.1)' }),
    scheduler_flags: z.array(z.enum(SCHEDULER_FLAGS)).default([]),
    forwarding: z.enum(FORWARDING).default('nat'),
    tunnel: tunnelSchema.optional(),
    persistence: persistenceSchema.optional(),
    one_packet: z.boolean().default(false).meta({ description: 'schedule every UDP datagram on its own' }),
    quorum: quorumSchema.prefault({}),
    sorry_server: sorryServerSchema.optional(),
    alpha: z.boolean().default(false).meta({ description: 'new real servers start down until a check passes' }),
    check_defaults: checkDefaultsSchema.prefault({}),
    real_servers: z.array(realServerSchema).default([]),
  },
  'an IPVS virtual service',
);

export type VirtualServerInput = z.output<typeof virtualServerBase>;

export const virtualServerSchema = virtualServerBase
  .superRefine(virtualServerRules, evenWithKeyIssues)
  .transform(whenValid(normalizeVirtualServer));
