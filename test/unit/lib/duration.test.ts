import test from 'ava';
import { formatDurationMs, parseDurationMs } from '../../../src/lib/duration.js';

test('units and bare seconds parse to milliseconds', (t) => {
  t.is(parseDurationMs('10ms'), 10);
  t.is(parseDurationMs('1s'), 1000);
  t.is(parseDurationMs('1.5s'), 1500);
  t.is(parseDurationMs('5m'), 300_000);
  t.is(parseDurationMs('1h'), 3_600_000);
  t.is(parseDurationMs('3'), 3000);
  t.is(parseDurationMs(2), 2000);
  t.is(parseDurationMs(0.07), 70);
  t.is(parseDurationMs(' 20 ms '), 20);
});

test('malformed, negative and sub-millisecond durations are rejected', (t) => {
  for (const bad of ['', 's', '1x', '-1s', '1.5ms', '1e3', 'ten seconds', '0.0001'])
    t.is(parseDurationMs(bad), null, bad);
  t.is(parseDurationMs(-1), null);
  t.is(parseDurationMs(Number.NaN), null);
  t.is(parseDurationMs(Number.POSITIVE_INFINITY), null);
});

test('format picks the largest exact unit', (t) => {
  t.is(formatDurationMs(50), '50ms');
  t.is(formatDurationMs(1000), '1s');
  t.is(formatDurationMs(1500), '1500ms');
  t.is(formatDurationMs(300_000), '5m');
  t.is(formatDurationMs(0), '0ms');
});
