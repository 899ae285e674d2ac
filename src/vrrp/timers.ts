// RFC 5798 section 6.1 timer formulas, in milliseconds, and the v2 variant (RFC 3768).
//
// Skew_Time makes the highest-priority backup time out first. Results are whole milliseconds,
// rounded down (keepalived works in microseconds; the RFC in centiseconds, also rounding down).
import type { VrrpVersion } from './types.js';

/** Adverts a backup misses before it declares the master down (keepalived's down_timer_adverts). */
export const DOWN_TIMER_ADVERTS = 3;

/**
 * v3: (256 − priority) × Master_Adver_Interval / 256.
 * v2: (256 − priority) / 256 seconds, whatever the advert interval (RFC 3768 section 6.1).
 */
export function skewMs(version: VrrpVersion, priority: number, masterAdverIntervalMs: number): number {
  if (version === 2) return Math.floor(((256 - priority) * 1000) / 256);
  return Math.floor(((256 - priority) * masterAdverIntervalMs) / 256);
}

/** Master_Down_Interval = 3 × Master_Adver_Interval + Skew_Time. */
export function masterDownIntervalMs(
  version: VrrpVersion,
  priority: number,
  masterAdverIntervalMs: number,
): number {
  return DOWN_TIMER_ADVERTS * masterAdverIntervalMs + skewMs(version, priority, masterAdverIntervalMs);
}

/** The earlier of two optional deadlines (null: none). */
export function earlier(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
