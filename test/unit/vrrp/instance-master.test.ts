// RFC 5798 section 6.4.3 (Master), RFC 9568's re-assertion, accept mode and the GARP schedule.
import test from 'ava';
import { advert, adverts, effects, master, started, transitions, types } from './helpers.js';

test('6.4.3: a MASTER holds the VIPs it added; accept mode is carried into add-vips', (t) => {
  const { actions } = master({ accept: false });
  t.deepEqual(
    actions.filter((a) => a.type === 'add-vips'),
    [{ type: 'add-vips', instance: 'web', vips: ['192.0.2.10/24'], accept: false }],
  );
  const owner = started({ priority: 255, accept: false }).actions.find((a) => a.type === 'add-vips');
  t.true(owner?.type === 'add-vips' && owner.accept, 'the owner always accepts (RFC 5798 6.4.3)');
  const accepting = master({ accept: true }).actions.find((a) => a.type === 'add-vips');
  t.true(accepting?.type === 'add-vips' && accepting.accept);
});

test('6.4.3: Shutdown cancels the advert timer, sends priority 0, drops the VIPs and returns to INIT', (t) => {
  const { inst, at } = master();
  const actions = inst.step({ type: 'shutdown' }, at + 10);
  t.is(inst.state, 'INIT');
  t.deepEqual(types(effects(actions)), ['transition', 'send-advert', 'remove-vips']);
  t.deepEqual(adverts(actions), [0]);
  t.is(inst.nextDeadlineMs(), null);
  t.deepEqual(inst.step({ type: 'timer' }, at + 100_000), []);
});

test('6.4.3: Adver_Timer fires: send an advert and reset the timer to Advertisement_Interval', (t) => {
  const { inst, at } = master({
    advertIntervalMs: 1000,
    garp: { masterDelayMs: 0, masterRepeat: 1, masterRefreshMs: 0, masterRefreshRepeat: 1 },
  });
  t.deepEqual(inst.step({ type: 'timer' }, at + 999), []);
  t.deepEqual(adverts(inst.step({ type: 'timer' }, at + 1000)), [100]);
  t.is(inst.nextDeadlineMs(), at + 2000);
});

test('6.4.3: after a stall the advert timer fires once and restarts from now (no burst of adverts)', (t) => {
  const { inst, at } = master({
    advertIntervalMs: 100,
    garp: { masterDelayMs: 0, masterRepeat: 1, masterRefreshMs: 0, masterRefreshRepeat: 1 },
  });
  t.deepEqual(adverts(inst.step({ type: 'timer' }, at + 1050)), [100]);
  t.is(inst.nextDeadlineMs(), at + 1150);
});

test('6.4.3: priority 0 received: send an advert at once and reset the advert timer', (t) => {
  const { inst, at } = master({
    advertIntervalMs: 1000,
    garp: { masterDelayMs: 0, masterRepeat: 1, masterRefreshMs: 0, masterRefreshRepeat: 1 },
  });
  const actions = inst.step({ type: 'advert', advert: advert({ priority: 0 }) }, at + 300);
  t.deepEqual(types(actions), ['send-advert']);
  t.is(inst.state, 'MASTER');
  t.is(inst.nextDeadlineMs(), at + 1300);
});

test('6.4.3: a higher priority: cancel the advert timer, take its interval, set Master_Down_Timer, BACKUP', (t) => {
  const { inst, at } = master({ priority: 100, advertIntervalMs: 1000 });
  const actions = inst.step(
    { type: 'advert', advert: advert({ priority: 101, advertIntervalMs: 500 }) },
    at + 10,
  );
  t.is(inst.state, 'BACKUP');
  t.deepEqual(types(effects(actions)), ['transition', 'remove-vips']);
  t.deepEqual(adverts(actions), [], 'stepping down sends no priority-0 advert');
  t.deepEqual(transitions(actions), ['MASTER -> BACKUP (higher priority 101 from 10.0.0.2)']);
  t.is(inst.nextDeadlineMs(), at + 10 + 1500 + 304); // 3 x 500 + 156 x 500 / 256
});

test('6.4.3: an equal priority from a higher primary address wins the tie: BACKUP', (t) => {
  const { inst, at } = master({ priority: 100, primaryAddress: '10.0.0.5' });
  inst.step({ type: 'advert', advert: advert({ priority: 100, sourceAddress: '10.0.0.10' }) }, at + 1);
  t.is(inst.state, 'BACKUP', '10.0.0.10 > 10.0.0.5 as numbers (not as text)');
});

test('6.4.3 / RFC 9568: an equal priority from a lower address, or a lower priority, is answered with an advert', (t) => {
  const { inst, at } = master({
    priority: 100,
    primaryAddress: '10.0.0.5',
    advertIntervalMs: 1000,
    garp: { masterDelayMs: 0, masterRepeat: 1, masterRefreshMs: 0, masterRefreshRepeat: 1 },
  });
  const tie = inst.step(
    { type: 'advert', advert: advert({ priority: 100, sourceAddress: '10.0.0.4' }) },
    at + 100,
  );
  t.deepEqual(adverts(tie), [100]);
  const lower = inst.step(
    { type: 'advert', advert: advert({ priority: 99, sourceAddress: '10.0.0.200' }) },
    at + 200,
  );
  t.deepEqual(adverts(lower), [100]);
  t.is(inst.state, 'MASTER');
  t.is(inst.nextDeadlineMs(), at + 1200, 're-asserting resets the advert timer');
});

test('v2 MASTER stepping down keeps its own interval for Master_Down_Interval', (t) => {
  const { inst, at } = master({ version: 2, priority: 100, advertIntervalMs: 2000 });
  inst.step({ type: 'advert', advert: advert({ version: 2, priority: 200, advertIntervalMs: 2000 }) }, at);
  t.is(inst.nextDeadlineMs(), at + 6000 + 609);
});

test('GARP: the advert first, then master_repeat at once, again after master_delay, then none', (t) => {
  const garp = { masterDelayMs: 5000, masterRepeat: 5, masterRefreshMs: 0, masterRefreshRepeat: 1 };
  const { inst, at, actions } = master({ advertIntervalMs: 1000, garp });
  t.deepEqual(types(effects(actions)), ['transition', 'send-advert', 'add-vips', 'garp']);
  t.like(
    actions.find((a) => a.type === 'garp'),
    { repeat: 5, vips: ['192.0.2.10/24'] },
  );
  const bursts: number[] = [];
  for (let now = at + 1000; now <= at + 20_000; now += 1000) {
    for (const a of inst.step({ type: 'timer' }, now)) if (a.type === 'garp') bursts.push(now - at);
  }
  t.deepEqual(bursts, [5000]);
});

test('GARP: master_refresh repeats master_refresh_repeat every period while MASTER', (t) => {
  const garp = { masterDelayMs: 0, masterRepeat: 2, masterRefreshMs: 3000, masterRefreshRepeat: 1 };
  const { inst, at } = master({ advertIntervalMs: 1000, garp });
  const bursts: string[] = [];
  for (let now = at + 500; now <= at + 10_000; now += 500) {
    for (const a of inst.step({ type: 'timer' }, now))
      if (a.type === 'garp') bursts.push(`${now - at}:${a.repeat}`);
  }
  t.deepEqual(bursts, ['3000:1', '6000:1', '9000:1']);
});

test('GARP: leaving MASTER cancels the pending bursts', (t) => {
  const garp = { masterDelayMs: 5000, masterRepeat: 5, masterRefreshMs: 2000, masterRefreshRepeat: 1 };
  const { inst, at } = master({ advertIntervalMs: 1000, garp });
  inst.step({ type: 'advert', advert: advert({ priority: 200 }) }, at + 100);
  const later = [];
  for (let now = at + 200; now <= at + 20_000; now += 100) {
    later.push(...inst.step({ type: 'advert', advert: advert({ priority: 200 }) }, now));
  }
  t.false(later.some((a) => a.type === 'garp'));
});

test('GARP: a stall fires each pending burst once', (t) => {
  const garp = { masterDelayMs: 1000, masterRepeat: 3, masterRefreshMs: 2000, masterRefreshRepeat: 1 };
  const { inst, at } = master({ advertIntervalMs: 1000, garp });
  const actions = inst.step({ type: 'timer' }, at + 9000);
  t.deepEqual(
    actions.flatMap((a) => (a.type === 'garp' ? [a.repeat] : [])),
    [3, 1],
  );
  t.is(inst.nextDeadlineMs(), at + 10_000);
});
