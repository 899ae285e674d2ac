// Writes configuration files into a fresh temporary directory, loads them, and reports issues as
// "file:line:column path: message" with file names relative to that directory.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatIssue } from '../../src/config/issues.js';
import { loadConfig, type LoadResult } from '../../src/config/load.js';

export type Files = Record<string, string | string[]>;

/** Runs fn with a directory holding `files` (relative paths; arrays are joined as lines), then removes it. */
export function withFiles<T>(files: Files, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'lvsd-config-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  let result: T;
  try {
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Array.isArray(content) ? `${content.join('\n')}\n` : content);
    }
    result = fn(dir);
  } catch (error) {
    cleanup();
    throw error;
  }
  if (result instanceof Promise) return result.finally(cleanup) as T;
  cleanup();
  return result;
}

/** Loads `main` (default lvsd.yaml) from `files`. */
export function load(files: Files, main = 'lvsd.yaml'): { result: LoadResult; issues: string[] } {
  return withFiles(files, (dir) => {
    const result = loadConfig(join(dir, main), { hostname: 'test-host' });
    const issues = result.ok ? [] : result.issues.map((i) => formatIssue(i).replaceAll(`${dir}/`, ''));
    return { result, issues };
  });
}

/** The issues of a single main file given as lines. */
export function issuesOf(lines: string[]): string[] {
  return load({ 'lvsd.yaml': lines }).issues;
}

/** The normalized configuration of valid files; throws with the issues otherwise. */
export function configOf(files: Files) {
  const { result, issues } = load(files);
  if (!result.ok) throw new Error(`expected a valid configuration:\n${issues.join('\n')}`);
  return result.config;
}
