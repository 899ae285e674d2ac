// Runs a zod schema and turns its issues into path issues, with the known keys of every map that
// had an unknown key (for did-you-mean).
import * as z from 'zod';
import { fromZodIssues, type PathIssue } from './issues.js';

export type Validated<T> = { ok: true; data: T } | { ok: false; issues: PathIssue[] };

export function validate<T extends z.ZodType>(schema: T, input: unknown): Validated<z.output<T>> {
  const knownKeys = new Map<string, readonly string[]>();
  const result = schema.safeParse(input, {
    reportInput: true,
    error: (issue) => {
      if (issue.code === 'unrecognized_keys' && issue.inst instanceof z.ZodObject) {
        knownKeys.set(JSON.stringify(issue.path ?? []), Object.keys(issue.inst.shape));
      }
      return undefined;
    },
  });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, issues: fromZodIssues(result.error.issues, knownKeys) };
}
