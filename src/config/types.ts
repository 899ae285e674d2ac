// The normalized configuration lvsd runs: every default filled in, durations in milliseconds,
// shorthands expanded. `lvsd --print-config` prints exactly this.
import type * as z from 'zod';
import type { CheckConfig } from './schema/checks.js';
import type { globalSchema } from './schema/global.js';
import type { connectionSyncSchema } from './schema/root.js';
import type { virtualServerSchema } from './schema/virtual-server.js';
import type {
  vrrpInstanceSchema,
  vrrpScriptSchema,
  vrrpSyncGroupSchema,
  vrrpTrackFileSchema,
} from './schema/vrrp.js';

export type { CheckConfig };
export type GlobalConfig = z.output<typeof globalSchema> & { router_id: string };
export type VrrpScriptConfig = z.output<typeof vrrpScriptSchema>;
export type VrrpTrackFileConfig = z.output<typeof vrrpTrackFileSchema>;
export type VrrpSyncGroupConfig = z.output<typeof vrrpSyncGroupSchema>;

type InstanceOutput = z.output<typeof vrrpInstanceSchema>;
type TrackRef = InstanceOutput['track_scripts'][number];
/** Track references carry their effective weight: given here, or from the tracker's definition. */
export type VrrpInstanceConfig = Omit<InstanceOutput, 'track_scripts' | 'track_files'> & {
  track_scripts: (TrackRef & { weight: number })[];
  track_files: (TrackRef & { weight: number })[];
};

export type VirtualServerConfig = z.output<typeof virtualServerSchema>;
export type RealServerConfig = VirtualServerConfig['real_servers'][number];
export type ConnectionSyncConfig = z.output<typeof connectionSyncSchema> & { sync_id: number };

export interface Config {
  global: GlobalConfig;
  vrrp_scripts: Record<string, VrrpScriptConfig>;
  vrrp_track_files: Record<string, VrrpTrackFileConfig>;
  vrrp_instances: Record<string, VrrpInstanceConfig>;
  vrrp_sync_groups: Record<string, VrrpSyncGroupConfig>;
  virtual_servers: VirtualServerConfig[];
  connection_sync?: ConnectionSyncConfig;
}
