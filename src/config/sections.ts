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
const namedSection = z.preprocess(emptyToMap, z.record(name, z.unknown()));

/** The top level of a file: each key is checked on its own, so one bad key hides nothing else. */
const topLevel = {
  $schema: z.string(),
  include: z.union([z.string().min(1), z.array(z.string().min(1))]),
  global: z.preprocess(emptyToMap, z.unknown()),
  connection_sync: z.preprocess(emptyToMap, z.unknown()),
  vrrp_scripts: namedSection,
  vrrp_track_files: namedSection,
  vrrp_instances: namedSection,
  vrrp_sync_groups: namedSection,
  virtual_servers: z.preprocess(emptyToList, z.array(z.unknown())),
} satisfies Record<string, z.ZodType>;

type TopKey = keyof typeof topLevel;
const TOP_KEYS = Object.keys(topLevel) as TopKey[];

export function parseSections(source: SourceFile, data: unknown): ParsedFile {
  const out: ParsedFile = { includes: [], entities: [], issues: [] };
  const report = (base: KeyPath) => (issue: PathIssue) => out.issues.push(positioned(source, base, issue));
  const top = validate(obj(Object.fromEntries(TOP_KEYS.map((k) => [k, z.unknown().optional()]))), data);
  if (!top.ok) top.issues.forEach(report([]));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return out;
  const values = data as Record<string, unknown>;
  for (const key of TOP_KEYS) {
    if (values[key] === undefined) continue;
    const checked = validate(topLevel[key], values[key]);
    if (!checked.ok) checked.issues.forEach(report([key]));
    else if (key === 'include') out.includes.push(...includes(checked.data as string | string[]));
    else if (key !== '$schema') out.entities.push(...sectionEntities(source, key, checked.data, report));
  }
  return out;
}

function includes(value: string | string[]): ParsedFile['includes'] {
  if (typeof value === 'string') return [{ pattern: value, path: ['include'] }];
  return value.map((pattern, i) => ({ pattern, path: ['include', i] }));
}

function sectionEntities(
  source: SourceFile,
  section: SectionName,
  value: unknown,
  report: (base: KeyPath) => (issue: PathIssue) => void,
): Entity[] {
  const spec = SECTIONS[section];
  const items: [string | number, unknown][] =
    spec.kind === 'single'
      ? [[section, value]]
      : Object.entries(value as object).map(([k, v]) => [spec.kind === 'list' ? Number(k) : k, v]);
  return items.map(([key, raw]) => {
    const path: KeyPath = spec.kind === 'single' ? [section] : [section, key];
    const result = validate(spec.schema, raw);
    if (!result.ok) result.issues.forEach(report(path));
    return { section, key, source, path, ...(result.ok ? { data: result.data } : {}) };
  });
}

/** A path issue inside `source` at `base`, with its position. */
export function positioned(source: SourceFile, base: KeyPath, issue: PathIssue): ConfigIssue {
  const path = [...base, ...issue.path];
  return { position: source.position(path, issue.target), path: formatPath(path), message: issue.message };
}
