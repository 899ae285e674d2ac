// Loading: the main file, then conf.d/*.yaml beside it in name order, then include: globs (relative
// to the including file). Every error of every file is collected; nothing is returned half-valid.
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assemble } from './assemble.js';
import { formatPath, sortIssues, type ConfigIssue } from './issues.js';
import { mergeEntities } from './merge.js';
import { resolveReferences } from './rules/references.js';
import { parseSections, type Entity } from './sections.js';
import { expandGlob, hasGlob } from './glob.js';
import { SourceFile, type KeyPath } from './source.js';
import type { Config } from './types.js';

export interface LoadOptions {
  /** The default of global.router_id. */
  hostname: string;
}

export type LoadResult =
  | { ok: true; config: Config; files: string[] }
  /** `unreadable`: the main file itself could not be read (lvsd --check exits 2). */
  | { ok: false; unreadable: boolean; issues: ConfigIssue[]; files: string[] };

interface Pending {
  path: string;
  kind: 'main' | 'conf.d' | 'include';
  /** Where an included file was named, for "cannot read" errors. */
  from?: { source: SourceFile; path: KeyPath };
}

export function loadConfig(mainPath: string, options: LoadOptions): LoadResult {
  const main = resolve(mainPath);
  const issues: ConfigIssue[] = [];
  const entities: Entity[] = [];
  const loaded = new Set<string>();
  const files: string[] = [];
  const queue: Pending[] = [
    { path: main, kind: 'main' },
    ...confDFiles(main).map((path): Pending => ({ path, kind: 'conf.d' })),
  ];
  let mainSource: SourceFile | undefined;
  while (queue.length > 0) {
    const next = queue.shift() as Pending;
    const read = readSource(next, loaded);
    if (read === 'seen') continue;
    if (typeof read === 'string') {
      if (next.kind === 'main')
        return { ok: false, unreadable: true, issues: [unreadable(main, read)], files };
      issues.push(
        next.from === undefined ? unreadable(next.path, read) : unreadableInclude(next.from, next.path, read),
      );
      continue;
    }
    mainSource ??= read;
    files.push(read.path);
    const parsed = read.parse();
    if (!parsed.ok) {
      issues.push(
        ...parsed.issues.map((i) => ({ position: i.position, path: '', message: `YAML: ${i.message}` })),
      );
      continue;
    }
    const sections = parseSections(read, parsed.data);
    issues.push(...sections.issues);
    entities.push(...sections.entities);
    for (const include of sections.includes)
      queue.push(...expandInclude(read, include.pattern, include.path, issues));
  }
  const merged = mergeEntities(entities);
  issues.push(...merged.issues);
  const assembled = assemble(merged, mainSource as SourceFile, options.hostname);
  issues.push(...resolveReferences(assembled.config, assembled.known).map(assembled.locate));
  if (issues.length > 0) return { ok: false, unreadable: false, issues: sortIssues(issues), files };
  return { ok: true, config: assembled.config, files };
}

function confDFiles(main: string): string[] {
  const dir = join(dirname(main), 'conf.d');
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') && !f.startsWith('.'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** The file's source, 'seen' when it is loaded already, or why it cannot be read. */
function readSource(pending: Pending, loaded: Set<string>): SourceFile | 'seen' | string {
  try {
    const real = realpathSync(pending.path);
    if (loaded.has(real)) return 'seen';
    loaded.add(real);
    return new SourceFile(pending.path, readFileSync(real, 'utf8'));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
  }
}

function expandInclude(source: SourceFile, pattern: string, path: KeyPath, issues: ConfigIssue[]): Pending[] {
  const baseDir = dirname(source.path);
  const from = { source, path };
  if (!hasGlob(pattern)) return [{ path: resolve(baseDir, pattern), kind: 'include', from }];
  const matches = expandGlob(pattern, baseDir);
  if (matches.length === 0 && pattern.includes('**')) {
    issues.push({
      position: source.position(path),
      path: formatPath(path),
      message: '"**" is not supported; use one "*" per directory level',
    });
  }
  return matches.map((match): Pending => ({ path: match, kind: 'include', from }));
}

function unreadable(path: string, why: string): ConfigIssue {
  return {
    position: { file: path, line: 1, column: 1 },
    path: '',
    message: `cannot read the configuration file: ${why}`,
  };
}

function unreadableInclude(from: NonNullable<Pending['from']>, path: string, why: string): ConfigIssue {
  return {
    position: from.source.position(from.path),
    path: formatPath(from.path),
    message: `cannot read included file ${path}: ${why}`,
  };
}
