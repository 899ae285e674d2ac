// Configuration errors: where (file:line:column), which key (path), and what was expected.
import type * as z from 'zod';
import { didYouMean } from './suggest.js';
import type { KeyPath, Position, Target } from './source.js';

export interface ConfigIssue {
  position: Position;
  /** The key path inside the file, e.g. vrrp_instances.web.priority. */
  path: string;
  message: string;
}

/** An issue before it has a position: a path inside one entity or file, and what the error points at. */
export interface PathIssue {
  path: KeyPath;
  target: Target;
  message: string;
}

export function formatIssue(issue: ConfigIssue): string {
  const { file, line, column } = issue.position;
  return `${file}:${line}:${column}: ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`;
}

export function formatPosition(position: Position): string {
  return `${position.file}:${position.line}:${position.column}`;
}

export function formatPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_$-]+$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Sorts issues by file, line and column, so that they read top to bottom. */
export function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort(
    (a, b) =>
      a.position.file.localeCompare(b.position.file) ||
      a.position.line - b.position.line ||
      a.position.column - b.position.column,
  );
}

/** Zod issues as path issues with messages for people. `knownKeys` maps a JSON path to the keys allowed there. */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  knownKeys: ReadonlyMap<string, readonly string[]>,
): PathIssue[] {
  return issues.flatMap((issue) => fromZodIssue(issue, knownKeys));
}

function fromZodIssue(
  issue: z.core.$ZodIssue,
  knownKeys: ReadonlyMap<string, readonly string[]>,
): PathIssue[] {
  const path = issue.path as KeyPath;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys.get(JSON.stringify(path)) ?? [];
      return issue.keys.map((key) => {
        const suggestion = didYouMean(key, known);
        const hint =
          suggestion === undefined ? `known keys: ${known.join(', ')}` : `did you mean "${suggestion}"?`;
        return { path: [...path, key], target: 'key', message: `unknown key "${key}"; ${hint}` };
      });
    }
    case 'invalid_union':
      return fromUnion(issue, knownKeys);
    case 'invalid_type':
      if (issue.input === undefined)
        return [{ path, target: 'missing', message: `missing required key "${String(path.at(-1))}"` }];
      if (!issue.message.startsWith('Invalid input'))
        return [{ path, target: 'value', message: issue.message }];
      return [
        {
          path,
          target: 'value',
          message: `expected ${article(issue.expected)}, got ${describe(issue.input)}`,
        },
      ];
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const suggestion =
        typeof issue.input === 'string' ? didYouMean(issue.input, issue.values.map(String)) : undefined;
      const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
      const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      return [
        { path, target: 'value', message: `expected ${expected}, got ${describe(issue.input)}${hint}` },
      ];
    }
    case 'too_big':
    case 'too_small':
      return [
        {
          path,
          target: 'value',
          message: /^Too (big|small)/.test(issue.message) ? sizeMessage(issue) : issue.message,
        },
      ];
    default:
      return [{ path, target: 'value', message: issue.message }];
  }
}

/** Reports the branch of a union that matches the input's type, or what the union expects. */
function fromUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  knownKeys: ReadonlyMap<string, readonly string[]>,
): PathIssue[] {
  const path = issue.path as KeyPath;
  const matching = issue.errors.filter(
    (branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  if (matching.length > 0 && matching[0] !== undefined) {
    const nested = matching[0].map((i) => ({ ...i, path: [...path, ...i.path] }) as z.core.$ZodIssue);
    return fromZodIssues(nested, knownKeys);
  }
  const expected = issue.errors.flatMap((branch) =>
    branch.map((i) => (i.code === 'invalid_type' ? i.expected : 'value')),
  );
  const unique = [...new Set(expected)].map(article);
  return [
    { path, target: 'value', message: `expected ${unique.join(' or ')}, got ${describe(issue.input)}` },
  ];
}

function sizeMessage(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === 'too_big';
  const limit = Number(
    big ? (issue as z.core.$ZodIssueTooBig).maximum : (issue as z.core.$ZodIssueTooSmall).minimum,
  );
  const inclusive = issue.inclusive !== false;
  const bound = big ? (inclusive ? 'at most' : 'less than') : inclusive ? 'at least' : 'more than';
  if (issue.origin === 'array') return `expected ${bound} ${limit} item${limit === 1 ? '' : 's'}`;
  if (issue.origin === 'string') return `expected ${bound} ${limit} character${limit === 1 ? '' : 's'}`;
  if (issue.origin === 'number' || issue.origin === 'int')
    return `expected ${bound} ${limit}, got ${describe(issue.input)}`;
  return issue.message;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a map',
    record: 'a map',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    int: 'an integer',
  };
  return names[type] ?? type;
}

/** A short description of a value as YAML would show it. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
