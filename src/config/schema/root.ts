// The shape of one configuration file. Every top-level key is optional in a file; the loader merges
// the files (main, conf.d/*.yaml, includes) and then applies the cross-checks.
import * as z from 'zod';
import { isMulticastIp, parseIp } from '../../lib/ip.js';
import { globalSchema } from './global.js';
import { int, interfaceName, name, obj, port } from './primitives.js';
import { virtualServerSchema } from './virtual-server.js';
import { vrrpInstanceSchema, vrrpScriptSchema, vrrpSyncGroupSchema, vrrpTrackFileSchema } from './vrrp.js';

export const connectionSyncSchema = obj(
  {
    interface: interfaceName,
    sync_id: int(0, 255, 'default: the VRID of follow_instance, else 0').optional(),
    follow_instance: name.optional().meta({ description: 'master daemon while this instance is MASTER, backup otherwise; unset: both' }),
    group: z.string().default('224.0.0.81').meta({ description: 'a multicast group (the kernel rejects unicast)' }),
    port: port.default(8848),
    ttl: int(1, 255).default(1),
    max_len: int(1, 65507, 'the largest sync message').optional(),
  },
  "the kernel's IPVS connection-sync daemons",
).superRefine((sync, ctx) => {
  if (!isMulticast(sync.group)) {
    ctx.addIssue({ code: 'custom', path: ['group'], message: `expected a multicast group (the kernel rejects unicast), got "${sync.group}"` });
  }
});

function isMulticast(address: string): boolean {
  const bytes = parseIp(address);
  return bytes !== null && isMulticastIp(bytes);
}

const include = z
  .union([z.string().min(1), z.array(z.string().min(1))])
  .transform((v) => (typeof v === 'string' ? [v] : v))
  .meta({ description: 'more files to load: paths or globs, relative to this file' });

const named = <T extends z.ZodType>(schema: T) => z.record(name, schema);

export const fileSchema = obj(
  {
    $schema: z.string().optional().meta({ description: 'for editors; ignored' }),
    global: globalSchema.optional(),
    include: include.optional(),
    vrrp_scripts: named(vrrpScriptSchema).optional().meta({ description: 'tracked scripts, by name' }),
    vrrp_track_files: named(vrrpTrackFileSchema).optional().meta({ description: 'tracked files, by name' }),
    vrrp_instances: named(vrrpInstanceSchema).optional().meta({ description: 'VRRP instances, by name' }),
    vrrp_sync_groups: named(vrrpSyncGroupSchema).optional().meta({ description: 'sync groups, by name' }),
    virtual_servers: z.array(virtualServerSchema).optional().meta({ description: 'IPVS virtual services' }),
    connection_sync: connectionSyncSchema.optional(),
  },
  'an lvsd configuration file (the main file, a conf.d file or an included file)',
);

export type FileConfig = z.output<typeof fileSchema>;
