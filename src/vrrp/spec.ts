// Checks of an InstanceSpec. The config loader enforces these rules with file:line:column; the engine
// checks again, defensively: errors make the Instance constructor throw (a broken invariant), warnings
// describe what the engine will do instead of what was written.
import { addressBytes } from './address.js';
import type { InstanceSpec } from './types.js';
import { OWNER_PRIORITY } from './types.js';

export class InvalidInstanceSpec extends Error {
  override readonly name = 'InvalidInstanceSpec';
  constructor(
    readonly instance: string,
    readonly errors: readonly string[],
  ) {
    super(`vrrp instance "${instance}": ${errors.join('; ')}`);
  }
}

export interface SpecProblems {
  errors: string[];
  warnings: string[];
}

const isInt = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;

function intervalErrors(spec: InstanceSpec): string[] {
  const ms = spec.advertIntervalMs;
  if (spec.version === 2 && !(isInt(ms, 1000, 255_000) && ms % 1000 === 0))
    return [`v2 advert_interval must be whole seconds 1..255, not ${ms}ms`];
  if (spec.version === 3 && !(isInt(ms, 10, 40_950) && ms % 10 === 0))
    return [`v3 advert_interval must be 10ms..40.95s in steps of 10ms, not ${ms}ms`];
  return [];
}

function trackerErrors(spec: InstanceSpec): string[] {
  const errors: string[] = [];
  const all = [...spec.trackInterfaces, ...spec.trackScripts, ...spec.trackFiles];
  for (const t of all) {
    if (!Number.isInteger(t.weight) || Math.abs(t.weight) > 254) errors.push(`tracker ${t.name}: bad weight`);
    else if (spec.priority === OWNER_PRIORITY && t.weight !== 0)
      errors.push(`tracker ${t.name}: the address owner (priority 255) can only track with weight 0`);
  }
  for (const s of spec.trackScripts) {
    if (!isInt(s.rise, 1, 1_000_000) || !isInt(s.fall, 1, 1_000_000))
      errors.push(`tracker ${s.name}: rise and fall must be at least 1`);
  }
  return errors;
}

export function specProblems(spec: InstanceSpec): SpecProblems {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!isInt(spec.virtualRouterId, 1, 255)) errors.push(`virtual_router_id must be 1..255`);
  if (spec.version !== 2 && spec.version !== 3) errors.push(`version must be 2 or 3`);
  if (!isInt(spec.priority, 1, 255)) errors.push(`priority must be 1..255`);
  errors.push(...intervalErrors(spec), ...trackerErrors(spec));
  if (!(spec.preemptDelayMs >= 0)) errors.push(`preempt_delay must not be negative`);
  if (addressBytes(spec.primaryAddress) === null) errors.push(`bad primary address "${spec.primaryAddress}"`);
  const g = spec.garp;
  if (![g.masterDelayMs, g.masterRepeat, g.masterRefreshMs, g.masterRefreshRepeat].every((n) => n >= 0))
    errors.push(`garp values must not be negative`);
  if (!spec.preempt && spec.stateHint === 'master')
    warnings.push(
      `preempt: false needs state: backup; it is ignored with state: master (as keepalived does)`,
    );
  if (!spec.preempt && spec.priority === OWNER_PRIORITY)
    warnings.push(`preempt: false is ignored for the address owner, which always preempts (RFC 5798)`);
  return { errors, warnings };
}

/** Whether a backup may preempt a lower-priority master. */
export function preemptEnabled(spec: InstanceSpec): boolean {
  return spec.preempt || spec.stateHint === 'master' || spec.priority === OWNER_PRIORITY;
}
