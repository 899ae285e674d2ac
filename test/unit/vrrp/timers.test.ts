import test from 'ava';
import { masterDownIntervalMs, skewMs } from '../../../src/vrrp/timers.js';

test('v3 skew is (256 - priority) x Master_Adver_Interval / 256, rounded down to ms', (t) => {
  t.is(skewMs(3, 100, 1000), 609); // 156 * 1000 / 256 = 609.375
  t.is(skewMs(3, 100, 50), 30); // 156 * 50 / 256 = 30.47
  t.is(skewMs(3, 255, 1000), 3);
  t.is(skewMs(3, 1, 1000), 996);
  t.is(skewMs(3, 200, 10), 2);
  t.is(skewMs(3, 254, 10), 0);
});

test('v2 skew is (256 - priority) / 256 seconds whatever the advert interval', (t) => {
  t.is(skewMs(2, 100, 1000), 609);
  t.is(skewMs(2, 100, 3000), 609);
  t.is(skewMs(2, 255, 1000), 3);
  t.is(skewMs(2, 1, 5000), 996);
});

test('Master_Down_Interval is 3 x Master_Adver_Interval + Skew_Time', (t) => {
  t.is(masterDownIntervalMs(3, 100, 1000), 3609);
  t.is(masterDownIntervalMs(3, 100, 50), 180);
  t.is(masterDownIntervalMs(2, 100, 1000), 3609);
  t.is(masterDownIntervalMs(2, 100, 2000), 6609);
  t.is(masterDownIntervalMs(3, 150, 2000), 6828);
});

test('a higher priority always times out no later than a lower one', (t) => {
  for (const version of [2, 3] as const) {
    for (let p = 1; p < 255; p++) {
      t.true(masterDownIntervalMs(version, p + 1, 1000) <= masterDownIntervalMs(version, p, 1000));
    }
  }
});
