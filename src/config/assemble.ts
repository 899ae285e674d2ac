// Builds the one Config from the merged entities, and maps a path in it back to file:line:column.
import { formatPath, type ConfigIssue, type PathIssue } from './issues.js';
import type { Merged } from './merge.js';
import { globalSchema } from './schema/global.js';
import { SECTIONS, type Entity, type SectionName } from './sections.js';
import type { KeyPath, SourceFile } from './source.js';
import type { Config } from './types.js';

export interface Assembled {
  /** The configuration from the valid entities; references are not resolved yet. */
  config: Config;
  /** Names defined in any file, valid or not: a reference to an invalid one is not also "unknown". */
  known: Map<SectionName, Set<string>>;
  /** The position of a path of `config`. */
  locate(issue: PathIssue): ConfigIssue;
}

export function assemble(merged: Merged, main: SourceFile, hostname: string): Assembled {
  const byPath = new Map<string, Entity>();
  const known = new Map<SectionName, Set<string>>();
  const valid = (section: SectionName) =>
    (merged.sections.get(section) ?? []).filter((e) => e.data !== undefined);
  const named = <T>(section: SectionName): Record<string, T> => {
    known.set(section, new Set((merged.sections.get(section) ?? []).map((e) => String(e.key))));
    const out: Record<string, T> = {};
    for (const entity of valid(section)) {
      out[String(entity.key)] = entity.data as T;
      byPath.set(`${section}\0${entity.key}`, entity);
    }
    return out;
  };
  const single = <T>(section: SectionName): T | undefined => {
    const entity = valid(section)[0];
    if (entity !== undefined) byPath.set(section, entity);
    return entity?.data as T | undefined;
  };
  const virtualServers = valid('virtual_servers');
  virtualServers.forEach((entity, i) => byPath.set(`virtual_servers\0${i}`, entity));
  const global = single<Config['global']>('global') ?? globalSchema.parse({});
  const connectionSync = single<Config['connection_sync']>('connection_sync');
  const config: Config = {
    global: { router_id: global.router_id ?? hostname, ...global } as Config['global'],
    vrrp_scripts: named('vrrp_scripts'),
    vrrp_track_files: named('vrrp_track_files'),
    vrrp_instances: named('vrrp_instances'),
    vrrp_sync_groups: named('vrrp_sync_groups'),
    virtual_servers: virtualServers.map((e) => e.data as Config['virtual_servers'][number]),
    ...(connectionSync === undefined ? {} : { connection_sync: connectionSync }),
  };
  const locate = (issue: PathIssue): ConfigIssue => {
    const [section, key, ...rest] = issue.path;
    const kind = SECTIONS[section as SectionName]?.kind;
    const entity =
      kind === 'single' ? byPath.get(String(section)) : byPath.get(`${String(section)}\0${String(key)}`);
    const source = entity?.source ?? main;
    const inner: KeyPath = kind === 'single' ? [key, ...rest].filter((s) => s !== undefined) : rest;
    const path = entity === undefined ? issue.path : [...entity.path, ...inner];
    return { position: source.position(path, issue.target), path: formatPath(path), message: issue.message };
  };
  return { config, known, locate };
}
