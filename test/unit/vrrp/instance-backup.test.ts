// RFC 5798 section 6.4.2 (Backup), preempt, nopreempt, preempt_delay and keepalived's rule that a
// discarded advert does not reset the timer.
import test from 'ava';
import { advert, adverts, effects, spec, started, transitions, types } from './helpers.js';
import { Instance } from '../../../src/vrrp/instance.js';

test('6.4.2: a BACKUP holds no VIPs and sends nothing while the master advertises', (t) => {
  const { inst, actions } = started();
  const all = [...actions];
  for (let now = 1000; now <= 20_000; now += 1000)
    all.push(...inst.step({ type: 'advert', advert: advert({ priority: 150 }) }, now));
  t.is(inst.state, 'BACKUP');
  t.false(all.some((a) => a.type === 'add-vips' || a.type === 'send-advert' || a.type === 'garp'));
});

test('6.4.2: Shutdown cancels the Master_Down_Timer and returns to INIT', (t) => {
  const { inst } = started();
  const actions = inst.step({ type: 'shutdown' }, 100);
  t.is(inst.state, 'INIT');
  t.is(inst.nextDeadlineMs(), null);
  t.deepEqual(types(effects(actions)), ['transition']);
  t.deepEqual(transitions(actions), ['BACKUP -> INIT (shutdown)']);
  t.deepEqual(inst.step({ type: 'timer' }, 100_000), []);
});

test('6.4.2: Master_Down_Timer fires: advert, GARP, advert timer, MASTER', (t) => {
  const { inst } = started({ advertIntervalMs: 1000 });
  t.deepEqual(inst.step({ type: 'timer' }, 3608), [], 'an early wake-up does nothing');
  const actions = inst.step({ type: 'timer' }, 3609);
  t.is(inst.state, 'MASTER');
  t.deepEqual(types(effects(actions)), ['transition', 'send-advert', 'add-vips', 'garp']);
  t.deepEqual(adverts(actions), [100]);
  t.is(inst.nextDeadlineMs(), 3609 + 1000);
});

test('6.4.2: priority 0 sets Master_Down_Timer to Skew_Time only', (t) => {
  const { inst } = started({ priority: 100, advertIntervalMs: 1000 });
  inst.step({ type: 'advert', advert: advert({ priority: 0 }) }, 1000);
  t.is(inst.nextDeadlineMs(), 1000 + 609);
  t.deepEqual(transitions(inst.step({ type: 'timer' }, 1609)), ['BACKUP -> MASTER (master down timer)']);
});

test('6.4.2: priority 0 with v2 waits the v2 skew, (256 - P)/256 s', (t) => {
  const { inst } = started({ version: 2, priority: 200, advertIntervalMs: 3000 });
  inst.step({ type: 'advert', advert: advert({ version: 2, priority: 0, advertIntervalMs: 3000 }) }, 1000);
  t.is(inst.nextDeadlineMs(), 1000 + 218);
});

test('6.4.2: priority 0 with a skew under 1 ms takes over in the same step', (t) => {
  const { inst } = started({ priority: 254, advertIntervalMs: 10 });
  const actions = inst.step({ type: 'advert', advert: advert({ priority: 0, advertIntervalMs: 10 }) }, 5);
  t.is(inst.state, 'MASTER');
  t.deepEqual(adverts(actions), [254]);
});

test('6.4.2: a priority >= ours resets Master_Down_Timer and v3 adopts the advertised interval', (t) => {
  const { inst } = started({ priority: 100, advertIntervalMs: 1000 });
  inst.step({ type: 'advert', advert: advert({ priority: 100, advertIntervalMs: 200 }) }, 3000);
  t.is(inst.nextDeadlineMs(), 3000 + 600 + 121); // 3 x 200 + 156 x 200 / 256
  t.is(inst.info(3000).masterAdverIntervalMs, 200);
  t.deepEqual(inst.info(3000).master, { address: '10.0.0.2', priority: 100 });
  inst.step({ type: 'advert', advert: advert({ priority: 200, advertIntervalMs: 200 }) }, 3500);
  t.is(inst.nextDeadlineMs(), 3500 + 721);
});

test('6.4.2: v2 keeps its own interval and drops adverts whose interval differs (RFC 3768)', (t) => {
  const { inst } = started({ version: 2, advertIntervalMs: 1000 });
  inst.step({ type: 'advert', advert: advert({ version: 2, priority: 200, advertIntervalMs: 2000 }) }, 3000);
  t.is(inst.nextDeadlineMs(), 3609, 'the mismatched advert did not reset the timer');
  t.deepEqual(inst.info(3000).dropped, { 'interval mismatch': 1 });
  inst.step({ type: 'advert', advert: advert({ version: 2, priority: 200, advertIntervalMs: 1000 }) }, 3000);
  t.is(inst.nextDeadlineMs(), 3000 + 3609);
});

test('6.4.2: preempting, a lower priority is discarded and does not reset the timer (keepalived)', (t) => {
  const { inst } = started({ priority: 150, advertIntervalMs: 1000 });
  const deadline = inst.nextDeadlineMs();
  for (let now = 500; now < 3000; now += 1000) {
    t.deepEqual(
      inst.step({ type: 'advert', advert: advert({ priority: 100, advertIntervalMs: 50 }) }, now),
      [],
    );
  }
  t.is(inst.nextDeadlineMs(), deadline);
  t.is(inst.info(3000).masterAdverIntervalMs, 1000, 'a discarded advert sets no interval');
  inst.step({ type: 'timer' }, deadline as number);
  t.is(inst.state, 'MASTER');
});

test('6.4.2: preempt: false (nopreempt) accepts a lower priority and stays BACKUP', (t) => {
  const { inst } = started({ priority: 150, preempt: false });
  for (let now = 1000; now <= 30_000; now += 1000) {
    inst.step({ type: 'advert', advert: advert({ priority: 50 }) }, now);
  }
  t.is(inst.state, 'BACKUP');
  t.is(inst.nextDeadlineMs(), 30_000 + 3000 + 414);
});

test('preempt: false is not honoured with state: master, as in keepalived', (t) => {
  const { inst } = started({ priority: 150, preempt: false, stateHint: 'master' });
  inst.step({ type: 'advert', advert: advert({ priority: 50 }) }, 1000);
  t.is(inst.nextDeadlineMs(), 3414, 'the lower advert was discarded');
});

test('preempt_delay: a lower-priority master is accepted for the delay, then preempted', (t) => {
  const { inst } = started({ priority: 150, preemptDelayMs: 5000, advertIntervalMs: 1000 });
  for (let now = 1000; now <= 5000; now += 1000)
    inst.step({ type: 'advert', advert: advert({ priority: 50 }) }, now);
  t.is(inst.nextDeadlineMs(), 5000 + 3414, 'accepted while the delay (started at 1000) runs');
  inst.step({ type: 'advert', advert: advert({ priority: 50 }) }, 6000);
  t.is(inst.nextDeadlineMs(), 8414, 'discarded once the delay is over');
  t.deepEqual(transitions(inst.step({ type: 'timer' }, 8414)), ['BACKUP -> MASTER (master down timer)']);
});

test('preempt_delay: a priority >= ours stops the delay; the next lower master starts it again', (t) => {
  const { inst } = started({ priority: 150, preemptDelayMs: 2000, advertIntervalMs: 1000 });
  inst.step({ type: 'advert', advert: advert({ priority: 50 }) }, 1000);
  inst.step({ type: 'advert', advert: advert({ priority: 200 }) }, 2000);
  inst.step({ type: 'advert', advert: advert({ priority: 50 }) }, 3500);
  inst.step({ type: 'advert', advert: advert({ priority: 50 }) }, 5000);
  t.is(inst.nextDeadlineMs(), 5000 + 3414, 'the delay restarted at 3500, so 5000 is still inside it');
});

test('the owner always preempts, even configured with preempt: false', (t) => {
  const inst = new Instance(spec({ priority: 255, preempt: false }));
  inst.step({ type: 'startup' }, 0);
  inst.step({ type: 'advert', advert: advert({ priority: 255, sourceAddress: '10.0.0.9' }) }, 100);
  t.is(inst.state, 'BACKUP', 'a second owner with a higher address wins the tie');
  const deadline = inst.nextDeadlineMs();
  inst.step({ type: 'advert', advert: advert({ priority: 100 }) }, 200);
  t.is(inst.nextDeadlineMs(), deadline, 'a lower priority does not hold the owner back');
});

test('adverts for another VRID or version, with a bad priority or from ourselves are dropped', (t) => {
  const { inst } = started({ priority: 100 });
  inst.step({ type: 'advert', advert: advert({ vrid: 52, priority: 200 }) }, 1000);
  inst.step({ type: 'advert', advert: advert({ version: 2, priority: 200 }) }, 1000);
  inst.step({ type: 'advert', advert: advert({ priority: 256 }) }, 1000);
  inst.step({ type: 'advert', advert: advert({ advertIntervalMs: 0, priority: 200 }) }, 1000);
  inst.step({ type: 'advert', advert: advert({ sourceAddress: '10.0.0.1', priority: 200 }) }, 1000);
  t.is(inst.nextDeadlineMs(), 3609);
  t.deepEqual(inst.info(1000).dropped, {
    'wrong vrid': 1,
    'wrong version': 1,
    'bad priority': 1,
    'bad interval': 1,
    'own advert': 1,
  });
});
