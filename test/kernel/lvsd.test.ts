// The real lvsd process in the guest, `ipvsadm -S -n` as the oracle: it programs its configuration
// at start, a SIGHUP after one weight changed edits only that entry (the table and the plan recorded
// in state_dir agree), SIGTERM stops it leaving the entries, and a foreign service is never touched.
import test from 'ava';
import type { IpvsPlan } from '../../src/ipvs/plan.js';
import { scenario } from './harness/session.js';

interface Lvsd {
  afterStart: string[];
  afterReload: string[];
  afterStop: string[];
  startPlan: IpvsPlan;
  reloadPlan: IpvsPlan;
  code: number | null;
  log: string;
}

let result: Lvsd;
test.before(async (t) => {
  t.timeout(15 * 60_000);
  result = await scenario<Lvsd>('lvsd');
});

const FOREIGN = '-A -u 198.51.100.7:123 -s rr';

test('lvsd started on a configuration programs it', (t) => {
  t.deepEqual(result.afterStart, [
    '-A -f 30 -s sh -b sh-port',
    '-A -t 192.0.2.30:443 -s wlc',
    FOREIGN,
    '-a -f 30 -r 10.0.3.3:0 -i -w 1 --tun-type gre --tun-csum',
    '-a -t 192.0.2.30:443 -r 10.0.3.1:443 -g -w 1',
    '-a -t 192.0.2.30:443 -r 10.0.3.2:443 -g -w 2',
  ]);
  t.is(result.startPlan.reason, 'start');
  t.is(result.startPlan.steps.length, 5);
  t.deepEqual(result.startPlan.foreign, ['udp 198.51.100.7:123']);
});

test('a reload changing one weight changes only that entry, and the recorded plan says so', (t) => {
  t.deepEqual(
    result.afterStart.filter((l) => !result.afterReload.includes(l)),
    ['-a -t 192.0.2.30:443 -r 10.0.3.1:443 -g -w 1'],
  );
  t.deepEqual(
    result.afterReload.filter((l) => !result.afterStart.includes(l)),
    ['-a -t 192.0.2.30:443 -r 10.0.3.1:443 -g -w 5'],
  );
  t.is(result.reloadPlan.reason, 'reload');
  t.deepEqual(
    result.reloadPlan.steps.map((s) => `${s.ok} ${s.op}`),
    ['true edit-dest tcp 192.0.2.30:443 -> 10.0.3.1:443 dr weight 5 thresholds 0-0'],
  );
  t.regex(result.log, /info \[\w+\] ipvs plan applied plan=reload ops=1 failed=0 passes=1 compared=1/);
  t.is(
    result.reloadPlan.compared,
    1,
    "the supervisor's reload plan reached the lvs child: one service compared",
  );
  t.is(result.startPlan.compared, 'all');
});

test('SIGTERM stops lvsd (exit 0) and, without lvs_flush_on_stop, leaves its entries', (t) => {
  t.is(result.code, 0);
  t.deepEqual(result.afterStop, result.afterReload);
  t.true(result.afterStop.includes(FOREIGN));
});
