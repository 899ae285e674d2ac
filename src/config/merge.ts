// Merging the files' entities: maps merge by name, virtual servers by address:port:protocol or
// fwmark; a name defined twice is an error naming both places; global and connection_sync may
// appear in one file only.
import { formatPath, formatPosition, type ConfigIssue } from './issues.js';
import { SECTIONS, type Entity, type SectionName } from './sections.js';
import { serviceName } from './service-name.js';

export interface Merged {
  /** Entities by section, in load order; every name or service identity at most once. */
  sections: Map<SectionName, Entity[]>;
  issues: ConfigIssue[];
}

export function mergeEntities(entities: readonly Entity[]): Merged {
  const sections = new Map<SectionName, Entity[]>();
  const seen = new Map<string, Entity>();
  const issues: ConfigIssue[] = [];
  for (const entity of entities) {
    const identity = identify(entity);
    const first = identity === undefined ? undefined : seen.get(identity);
    if (first !== undefined) {
      issues.push(duplicate(entity, first));
      continue;
    }
    if (identity !== undefined) seen.set(identity, entity);
    const list = sections.get(entity.section) ?? [];
    list.push(entity);
    sections.set(entity.section, list);
  }
  return { sections, issues };
}

/** What makes two entities the same thing; undefined when it cannot be known (an invalid virtual server). */
function identify(entity: Entity): string | undefined {
  const spec = SECTIONS[entity.section];
  if (spec.kind === 'single') return entity.section;
  if (spec.kind === 'named') return `${entity.section}\0${entity.key}`;
  const vs = entity.data as
    { fwmark?: number; family: string; address?: string; port?: number; protocol: string } | undefined;
  return vs === undefined ? undefined : `virtual_servers\0${serviceName(vs)}`;
}

function duplicate(entity: Entity, first: Entity): ConfigIssue {
  const spec = SECTIONS[entity.section];
  const there = formatPosition(first.source.position(first.path, 'key'));
  const message =
    spec.kind === 'single'
      ? `${entity.section} may appear in one file only; it is also at ${there}`
      : spec.kind === 'named'
        ? `${spec.noun} "${entity.key}" is defined twice: here and at ${there}`
        : `virtual server ${identify(entity)?.split('\0')[1]} is defined twice: here and at ${there}`;
  return { position: entity.source.position(entity.path, 'key'), path: formatPath(entity.path), message };
}
