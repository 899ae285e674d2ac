// VRRP: scripts and files to track, instances, sync groups. Per-instance rules that need more than
// one key (families, versions, transports) are in ../checks/vrrp.ts.
import * as z from 'zod';
import {
  absolutePath,
  command,
  duration,
  int,
  interfaceName,
  ipAddress,
  name,
  obj,
  whenValid,
  evenWithKeyIssues,
  familyOf,
  parsePrefixed,
  routeDestination,
} from './primitives.js';
import { instanceRules, normalizeInstance } from '../rules/instance.js';

export const vrrpScriptBase = obj(
  {
    command,
    interval: duration('how often the script runs', { minMs: 10 }).prefault('1s'),
    timeout: duration('a run that takes longer fails', { minMs: 10 })
      .optional()
      .meta({ description: 'a run that takes longer fails; default: the interval' }),
    rise: int(1, 255, 'consecutive successes before the script counts as passing').default(1),
    fall: int(1, 255, 'consecutive failures before the script counts as failing').default(1),
    weight: int(-253, 253, 'added to the priority while passing (> 0) or failing (< 0); 0: FAULT while failing').default(0),
    user: z.string().min(1).optional().meta({ description: 'run as this user instead of global.script_user' }),
  },
  'a script whose exit status is tracked (0 passes)',
);

/** The timeout defaults to the interval. */
export const vrrpScriptSchema = vrrpScriptBase.transform((script) => ({ ...script, timeout: script.timeout ?? script.interval }));

export const vrrpTrackFileSchema = obj(
  {
    path: absolutePath,
    weight: int(-254, 254, 'the integer in the file is multiplied by this and added to the priority').default(1),
  },
  'a file holding an integer that shifts the priority',
);

const notifySchema = obj(
  {
    master: command.optional(),
    backup: command.optional(),
    fault: command.optional(),
    stop: command.optional(),
    any: command.optional().meta({ description: 'runs on every change with INSTANCE|GROUP name STATE priority appended' }),
  },
  'commands run on state changes',
);

export type NotifyConfig = z.output<typeof notifySchema>;

const SCOPES = ['global', 'site', 'link', 'host'] as const;

const vipObject = obj({
  address: z.string().meta({ description: 'the address, with an optional /prefix' }),
  prefix_length: int(0, 128).optional(),
  dev: interfaceName.optional().meta({ description: 'the interface; default: the instance interface' }),
  label: z.string().max(15).optional().meta({ description: 'an address label such as eth1:vip (IPv4)' }),
  scope: z.enum(SCOPES).optional(),
});

/** "192.0.2.10/24" or { address, dev, label, scope }, normalized to an object with prefix_length. */
export const vipSchema = z.union([z.string(), vipObject]).transform((vip, ctx) => {
  const spec = typeof vip === 'string' ? { address: vip } : vip;
  const parsed = parsePrefixed(spec.address);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed, path: typeof vip === 'string' ? [] : ['address'] });
    return z.NEVER;
  }
  const given = typeof vip === 'string' ? undefined : vip.prefix_length;
  if (given !== undefined && spec.address.includes('/') && given !== parsed.prefix_length) {
    ctx.addIssue({ code: 'custom', message: 'the prefix is given twice and differs', path: ['prefix_length'] });
  }
  const maxPrefix = familyOf(parsed.address) === 'ipv4' ? 32 : 128;
  if (given !== undefined && given > maxPrefix) {
    ctx.addIssue({ code: 'custom', message: `expected a prefix length of 0..${maxPrefix}`, path: ['prefix_length'] });
  }
  return { ...spec, address: parsed.address, prefix_length: spec.address.includes('/') ? parsed.prefix_length : (given ?? parsed.prefix_length) };
});

export type Vip = z.output<typeof vipSchema>;

const routeSchema = obj({
  to: routeDestination,
  via: ipAddress.optional(),
  dev: interfaceName.optional(),
  src: ipAddress.optional(),
  metric: int(0, 4294967295).optional(),
  table: int(1, 4294967295).optional(),
  scope: z.enum(SCOPES).optional(),
});

const trackInterface = z
  .union([interfaceName, obj({ name: interfaceName, weight: int(-254, 254).default(0) })])
  .transform((t) => (typeof t === 'string' ? { name: t, weight: 0 } : t))
  .meta({ description: 'an interface whose link state is tracked; weight 0: FAULT while down' });

const trackRef = z
  .union([
    name,
    obj({
      name,
      weight: int(-254, 254).optional().meta({ description: 'overrides the weight given where the tracker is defined' }),
    }),
  ])
  .transform((t) => (typeof t === 'string' ? { name: t, weight: undefined } : t))
  .meta({ description: 'a tracker by name, or { name, weight }' });

const garpSchema = obj(
  {
    master_delay: duration('the second burst of gratuitous ARPs/NAs this long after becoming master').prefault('5s'),
    master_repeat: int(0, 255, 'gratuitous ARPs/NAs per burst').default(5),
    master_refresh: duration('repeat a burst this often while master; 0 turns it off').prefault('0s'),
    master_refresh_repeat: int(1, 255, 'gratuitous ARPs/NAs per refresh').default(1),
  },
  "gratuitous ARP / unsolicited NA timing, as keepalived's garp_master_*",
);

export const vrrpInstanceBase = obj(
  {
    interface: interfaceName,
    virtual_router_id: int(1, 255, 'the VRID, 1..255, unique per interface and address family'),
    version: z.literal([2, 3]).default(3).meta({ description: 'VRRP version 2 (RFC 3768) or 3 (RFC 5798)' }),
    state: z.enum(['backup', 'master']).default('backup').meta({ description: 'a start-up hint' }),
    priority: int(1, 255, '1..255; 255 = address owner; default 100, or 255 with state: master').optional(),
    advert_interval: duration('the advertisement interval').prefault('1s'),
    preempt: z.boolean().default(true),
    preempt_delay: duration('wait this long before preempting a lower-priority master', { maxMs: 1_000_000 }).prefault('0s'),
    accept: z.boolean().default(true).meta({ description: 'accept traffic to the VIPs while master' }),
    transport: z.enum(['raw', 'udp']).default('raw').meta({ description: 'raw: IP protocol 112; udp: for networks that drop it' }),
    udp_port: int(1, 65535, 'with transport: udp; default 8112').optional(),
    unicast_source: ipAddress.optional(),
    unicast_peers: z.array(ipAddress).optional().meta({ description: 'unicast instead of multicast; required with transport: udp' }),
    v3_checksum_as_v2: z.boolean().default(false).meta({ description: 'v3 checksum without the pseudo-header, for such peers' }),
    authentication: obj({
      type: z.literal('pass'),
      password: z.string().min(1).max(8, 'VRRP v2 passwords have at most 8 characters'),
    }).optional(),
    virtual_ipaddresses: z.array(vipSchema).default([]),
    virtual_ipaddresses_excluded: z.array(vipSchema).default([]).meta({ description: 'held with the instance, not advertised; any family' }),
    virtual_routes: z.array(routeSchema).default([]),
    track_interfaces: z.array(trackInterface).default([]),
    track_scripts: z.array(trackRef).default([]),
    track_files: z.array(trackRef).default([]),
    garp: garpSchema.prefault({}),
    notify: notifySchema.prefault({}),
  },
  'a VRRP instance (virtual router)',
);

export type VrrpInstanceInput = z.output<typeof vrrpInstanceBase>;

export const vrrpInstanceSchema = vrrpInstanceBase
  .superRefine(instanceRules, evenWithKeyIssues)
  .transform(whenValid(normalizeInstance));

export const vrrpSyncGroupSchema = obj(
  {
    instances: z.array(name).min(1, 'a sync group needs at least one instance'),
    notify: notifySchema.prefault({}),
  },
  'instances that change state together',
);
