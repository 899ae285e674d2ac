// Building blocks of the configuration schema: durations, addresses, commands, and strict objects
// whose unknown keys are reported with a did-you-mean suggestion.
import { isIP } from 'node:net';
import * as z from 'zod';
import { parseDurationMs } from '../../lib/duration.js';

/**
 * A map whose keys are all known. Unknown keys are reported by the loader, with the known keys of
 * this object as suggestions (see errors.ts, which reads `inst` of the unrecognized_keys issue).
 */
export function obj<T extends z.core.$ZodLooseShape>(shape: T, description?: string) {
  const schema = z.strictObject(shape);
  return description === undefined ? schema : schema.meta({ description });
}

/** A duration: `10ms`, `1s`, `5m`, `1h`, or a number of seconds. Normalized to milliseconds. */
export function duration(description: string, limits: { minMs?: number; maxMs?: number } = {}) {
  return z
    .union([z.string(), z.number()])
    .transform((value, ctx) => {
      const ms = parseDurationMs(value);
      if (ms === null) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a duration such as 50ms, 1s, 5m or a number of seconds, got ${JSON.stringify(value)}`,
        });
        return z.NEVER;
      }
      if (limits.minMs !== undefined && ms < limits.minMs) {
        ctx.addIssue({ code: 'custom', message: `expected at least ${limits.minMs}ms, got ${ms}ms` });
      }
      if (limits.maxMs !== undefined && ms > limits.maxMs) {
        ctx.addIssue({ code: 'custom', message: `expected at most ${limits.maxMs}ms, got ${ms}ms` });
      }
      return ms;
    })
    .meta({ description: `${description} (a duration: 50ms, 1s, 5m, or a number of seconds)` });
}

export function int(min: number, max: number, description?: string) {
  const schema = z.number().int().min(min).max(max);
  return description === undefined ? schema : schema.meta({ description });
}

export const port = int(0, 65535, 'a TCP/UDP port');

export type Family = 'ipv4' | 'ipv6';
export const family = z.enum(['ipv4', 'ipv6']);

export function familyOf(address: string): Family | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** An IPv4 or IPv6 address, no prefix length. */
export const ipAddress = z
  .string()
  .refine((s) => familyOf(s) !== null, { message: 'expected an IPv4 or IPv6 address' })
  .meta({ description: 'an IPv4 or IPv6 address' });

const CIDR = /^([^/\s]+)(?:\/(\d{1,3}))?$/;

export interface Prefixed {
  address: string;
  prefix_length: number;
}

/** "192.0.2.10/24" or "2001:db8::1" into address and prefix length (host length when absent). */
export function parsePrefixed(text: string): Prefixed | string {
  const match = CIDR.exec(text.trim());
  const address = match?.[1] ?? '';
  const fam = familyOf(address);
  if (match === null || fam === null) return `expected an address with an optional /prefix, got "${text}"`;
  const max = fam === 'ipv4' ? 32 : 128;
  const prefix = match[2] === undefined ? max : Number(match[2]);
  if (prefix > max) return `prefix length ${prefix} is out of range for ${fam} (0..${max})`;
  return { address, prefix_length: prefix };
}

/** An address with an optional /prefix, as a string. */
export const prefixedAddress = z
  .string()
  .transform((text, ctx) => {
    const parsed = parsePrefixed(text);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  })
  .meta({ description: 'an address with an optional prefix length, e.g. 192.0.2.10/24' });

/** A network "198.51.100.0/24" or "default". */
export const routeDestination = z
  .string()
  .refine((s) => s === 'default' || typeof parsePrefixed(s) !== 'string', {
    message: 'expected a network such as 198.51.100.0/24, or "default"',
  })
  .meta({ description: 'a destination network, or "default"' });

/** A program and its arguments, run without a shell. */
export const command = z
  .array(z.string().min(1, 'an argument must not be empty'), {
    error: 'expected a command as a list of strings, e.g. ["/usr/local/bin/notify.sh", "master"]',
  })
  .min(1, 'a command needs at least the program to run')
  .meta({ description: 'a program and its arguments, run without a shell' });

export const interfaceName = z
  .string()
  .regex(/^[^\s/:]{1,15}$/, 'expected a network interface name (1..15 characters, no spaces, "/" or ":")')
  .meta({ description: 'a network interface name' });

export const absolutePath = z.string().startsWith('/', 'expected an absolute path');

export const name = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected a name of letters, digits, "_", "." or "-" (at most 64)');

/**
 * A normalizing transform that runs only on valid input. Zod runs transforms after non-aborting
 * issues too (an unknown key, a failed refinement); normalizing such input is pointless and unsafe.
 */
export function whenValid<I, O>(normalize: (value: I) => O) {
  return (value: I, ctx: z.core.$RefinementCtx<I>): O => (ctx.issues.length > 0 ? z.NEVER : normalize(value));
}

/**
 * For rules across keys: run them also when the only problems so far are unknown or missing keys,
 * so that one run reports everything. A value of the wrong type still stops them.
 */
export const evenWithKeyIssues = {
  when: (payload: z.core.ParsePayload): boolean =>
    payload.issues.every((i) => i.code === 'unrecognized_keys' || (i.code === 'invalid_type' && i.input === undefined)),
};

/** The family of `address` when it is a valid address of a family other than `family`; else null. */
export function otherFamily(address: string | undefined, family: Family): Family | null {
  const own = address === undefined ? null : familyOf(address);
  return own !== null && own !== family ? own : null;
}
