// Expanding include patterns. Each path segment may use *, ? and [...] (no **); a pattern without
// them names one file. Results are sorted by name within each directory, so loading is deterministic.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

const MAGIC = /[*?[]/;

export function hasGlob(pattern: string): boolean {
  return MAGIC.test(pattern);
}

/** Files matching `pattern`, resolved against `baseDir`. Directories that do not exist match nothing. */
export function expandGlob(pattern: string, baseDir: string): string[] {
  const absolute = isAbsolute(pattern) ? pattern : resolve(baseDir, pattern);
  const segments = absolute.split(sep).filter((s) => s.length > 0);
  let candidates: string[] = [sep];
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    const next: string[] = [];
    for (const dir of candidates) {
      if (!hasGlob(segment)) {
        next.push(join(dir, segment));
        continue;
      }
      const re = segmentRegExp(segment);
      for (const entry of listDir(dir))
        if (re.test(entry) && !(entry.startsWith('.') && !segment.startsWith('.')))
          next.push(join(dir, entry));
    }
    candidates = last ? next.filter(isFile) : next.filter(isDirectory);
  }
  return candidates;
}

function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] ?? '';
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        const body = segment
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
