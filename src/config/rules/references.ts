// Rules across entities: names that must exist, VRIDs and VIPs that must be unique, and the
// defaults that come from another entity (tracker weights, sync_id, SMTP HELO name).
import type { PathIssue } from '../issues.js';
import type { SectionName } from '../sections.js';
import { didYouMean } from '../suggest.js';
import type { Config } from '../types.js';
import { instanceFamily } from './instance.js';

type Known = ReadonlyMap<SectionName, ReadonlySet<string>>;

/** Reports broken references and collisions, and fills the defaults that depend on other entities. */
export function resolveReferences(config: Config, known: Known): PathIssue[] {
  const issues: PathIssue[] = [];
  const ref = (section: SectionName, name: string, path: PathIssue['path']) => {
    const names = known.get(section) ?? new Set<string>();
    if (names.has(name)) return;
    const suggestion = didYouMean(name, [...names]);
    const noun = section.replace(/s$/, '');
    const hint =
      suggestion === undefined
        ? names.size === 0
          ? ` (there are no ${section})`
          : ''
        : `; did you mean "${suggestion}"?`;
    issues.push({ path, target: 'value', message: `no ${noun} named "${name}"${hint}` });
  };
  checkInstances(config, ref, issues);
  checkSyncGroups(config, ref, issues);
  const sync = config.connection_sync;
  if (sync !== undefined) {
    if (sync.follow_instance !== undefined)
      ref('vrrp_instances', sync.follow_instance, ['connection_sync', 'follow_instance']);
    const followed =
      sync.follow_instance === undefined ? undefined : config.vrrp_instances[sync.follow_instance];
    sync.sync_id ??= followed?.virtual_router_id ?? 0;
  }
  for (const vs of config.virtual_servers) {
    for (const rs of vs.real_servers)
      for (const check of rs.checks) if (check.type === 'smtp') check.helo_name ??= config.global.router_id;
  }
  return issues;
}

type Ref = (section: SectionName, name: string, path: PathIssue['path']) => void;

function checkInstances(config: Config, ref: Ref, issues: PathIssue[]): void {
  const vrids = new Map<string, string>();
  const vips = new Map<string, string>();
  for (const [name, instance] of Object.entries(config.vrrp_instances)) {
    const slot = `${instance.interface}/${instanceFamily(instance)}/${instance.virtual_router_id}`;
    const other = vrids.get(slot);
    if (other !== undefined) {
      issues.push({
        path: ['vrrp_instances', name, 'virtual_router_id'],
        target: 'value',
        message: `VRID ${instance.virtual_router_id} is already used on ${instance.interface} (${instanceFamily(instance)}) by instance "${other}"`,
      });
    } else vrids.set(slot, name);
    for (const key of ['virtual_ipaddresses', 'virtual_ipaddresses_excluded'] as const) {
      instance[key].forEach((vip, i) => {
        const holder = vips.get(vip.address);
        if (holder !== undefined && holder !== name) {
          issues.push({
            path: ['vrrp_instances', name, key, i],
            target: 'value',
            message: `${vip.address} is also a VIP of instance "${holder}"`,
          });
        }
        vips.set(vip.address, name);
      });
    }
    resolveTrackers(config, name, ref, issues);
  }
}

function resolveTrackers(config: Config, name: string, ref: Ref, issues: PathIssue[]): void {
  const instance = config.vrrp_instances[name];
  if (instance === undefined) return;
  const kinds = [
    ['track_scripts', 'vrrp_scripts', (n: string) => config.vrrp_scripts[n]?.weight],
    ['track_files', 'vrrp_track_files', (n: string) => config.vrrp_track_files[n]?.weight],
  ] as const;
  for (const [key, section, definedWeight] of kinds) {
    instance[key].forEach((track, i) => {
      ref(section, track.name, ['vrrp_instances', name, key, i, 'name']);
      track.weight ??= definedWeight(track.name) ?? 0;
      if (instance.priority === 255 && track.weight !== 0) {
        issues.push({
          path: ['vrrp_instances', name, key, i],
          target: 'value',
          message: `the address owner (priority 255) can only track with weight 0 (FAULT); "${track.name}" has weight ${track.weight}`,
        });
      }
    });
  }
}

function checkSyncGroups(config: Config, ref: Ref, issues: PathIssue[]): void {
  const memberOf = new Map<string, string>();
  for (const [group, spec] of Object.entries(config.vrrp_sync_groups)) {
    spec.instances.forEach((instance, i) => {
      const path = ['vrrp_sync_groups', group, 'instances', i];
      ref('vrrp_instances', instance, path);
      const other = memberOf.get(instance);
      if (other !== undefined) {
        const where =
          other === group ? 'is listed twice in this group' : `is already in sync group "${other}"`;
        issues.push({
          path,
          target: 'value',
          message: `instance "${instance}" ${where}; an instance belongs to one group`,
        });
      }
      memberOf.set(instance, group);
    });
  }
}
