// Splits one file into entities (global, each named instance/script/..., each virtual server) and
// validates each on its own, so that one broken entity does not hide the errors of the others.
import * as z from 'zod';
import { formatPath, type ConfigIssue, type PathIssue } from './issues.js';
import { globalSchema } from './schema/global.js';
import { name, obj } from './schema/primitives.js';
import { connectionSyncSchema } from './schema/root.js';
import { virtualServerSchema } from './schema/virtual-server.js';
import {
  vrrpInstanceSchema,
  vrrpScriptSchema,
  vrrpSyncGroupSchema,
  vrrpTrackFileSchema,
} from './schema/vrrp.js';
import type { KeyPath, SourceFile } from './source.js';
import { validate } from './validate.js';

export const SECTIONS = {
  global: { kind: 'single', schema: globalSchema, noun: 'global' },
  connection_sync: { kind: 'single', schema: connectionSyncSchema, noun: 'connection_sync' },
  vrrp_scripts: { kind: 'named', schema: vrrpScriptSchema, noun: 'vrrp_script' },
  vrrp_track_files: { kind: 'named', schema: vrrpTrackFileSchema, noun: 'vrrp_track_file' },
  vrrp_instances: { kind: 'named', schema: vrrpInstanceSchema, noun: 'vrrp_instance' },
  vrrp_sync_groups: { kind: 'named', schema: vrrpSyncGroupSchema, noun: 'vrrp_sync_group' },
  virtual_servers: { kind: 'list', schema: virtualServerSchema, noun: 'virtual server' },
} as const;

export type SectionName = keyof typeof SECTIONS;

/** One global, one instance, one virtual server...: `data` is present when it is valid. */
export interface Entity {
  section: SectionName;
  key: string | number;
  source: SourceFile;
  path: KeyPath;
  data?: unknown;
}

export interface ParsedFile {
  includes: { pattern: string; path: KeyPath }[];
  entities: Entity[];
  issues: ConfigIssue[];
}

const emptyToMap = (v: unknown) => (v === null ? {} : v);
const emptyToList = (v: unknown) => (v === null ? [] : v);

/** The top level of a file: known keys, and the right kind of value under each. */
const shellSchema = obj({
  $schema: z.string().optional(),
  include: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  global: z.preprocess(emptyToMap, z.unknown()),
  connection_sync: z.preprocess(emptyToMap, z.unknown()),
  vrrp_scripts: z.preprocess(emptyToMap, z.record(name, z.unknown())).optional(),
  vrrp_track_files: z.preprocess(emptyToMap, z.record(name, z.unknown())).optional(),
  vrrp_instances: z.preprocess(emptyToMap, z.record(name, z.unknown())).optional(),
  vrrp_sync_groups: z.preprocess(emptyToMap, z.record(name, z.unknown())).optional(),
  virtual_servers: z.preprocess(emptyToList, z.array(z.unknown())).optional(),
});

export function parseSections(source: SourceFile, data: unknown): ParsedFile {
  const out: ParsedFile = { includes: [], entities: [], issues: [] };
  const top = validate(shellSchema, data);
  if (!top.ok) {
    out.issues.push(...top.issues.map((issue) => positioned(source, [], issue)));
    return out;
  }
  const include = top.data.include;
  (typeof include === 'string' ? [include] : (include ?? [])).forEach((pattern, i) =>
    out.includes.push({ pattern, path: typeof include === 'string' ? ['include'] : ['include', i] }),
  );
  for (const [section, spec] of Object.entries(SECTIONS) as [SectionName, (typeof SECTIONS)[SectionName]][]) {
    const value: unknown = top.data[section];
    if (value === undefined) continue;
    const items: [string | number, unknown][] =
      spec.kind === 'single'
        ? [[section, value]]
        : Object.entries(value as object).map(([k, v]) => [spec.kind === 'list' ? Number(k) : k, v]);
    for (const [key, raw] of items) {
      const path: KeyPath = spec.kind === 'single' ? [section] : [section, key];
      const result = validate(spec.schema, raw);
      out.entities.push({ section, key, source, path, ...(result.ok ? { data: result.data } : {}) });
      if (!result.ok) out.issues.push(...result.issues.map((issue) => positioned(source, path, issue)));
    }
  }
  return out;
}

/** A path issue inside `source` at `base`, with its position. */
export function positioned(source: SourceFile, base: KeyPath, issue: PathIssue): ConfigIssue {
  const path = [...base, ...issue.path];
  return { position: source.position(path, issue.target), path: formatPath(path), message: issue.message };
}
