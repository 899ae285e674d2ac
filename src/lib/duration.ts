// Durations as operators write them: "10ms", "1s", "1.5s", "5m", "1h", or a bare number of seconds.
// Everything inside lvsd counts milliseconds.

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;

/** Milliseconds, or null when `input` is not a duration. Fractions of a millisecond are rejected. */
export function parseDurationMs(input: string | number): number | null {
  if (typeof input === 'number') return finiteMs(input * 1000);
  const match = DURATION.exec(input.trim());
  if (match === null) return null;
  const [, amount, unit] = match;
  return finiteMs(Number(amount) * (UNIT_MS[unit ?? 's'] ?? Number.NaN));
}

function finiteMs(ms: number): number | null {
  if (!Number.isFinite(ms) || ms < 0) return null;
  const rounded = Math.round(ms);
  // Allow float noise such as 0.07 * 1000 = 70.00000000000001, but not 1.5ms.
  return Math.abs(rounded - ms) < 1e-6 ? rounded : null;
}

/** The shortest exact spelling of a duration: 50ms, 1s, 5m. */
export function formatDurationMs(ms: number): string {
  if (ms !== 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms !== 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms !== 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
