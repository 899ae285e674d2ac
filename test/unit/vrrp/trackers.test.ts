// Trackers: interfaces, scripts with rise/fall, files; weight 0 is FAULT, other weights shift the
// priority within 1..254; the owner cannot track with a weight.
import test from 'ava';
import { Instance } from '../../../src/vrrp/instance.js';
import { specProblems } from '../../../src/vrrp/spec.js';
import { TrackerSet, effectivePriority } from '../../../src/vrrp/trackers.js';
import { adverts, effects, master, spec, started, transitions, types } from './helpers.js';

const none = { trackInterfaces: [], trackScripts: [], trackFiles: [] };

test('interface weight 0: FAULT while down', (t) => {
  const s = new TrackerSet({ ...none, trackInterfaces: [{ name: 'eth1', weight: 0 }] });
  t.false(s.fault);
  s.interfaceChanged('eth1', false);
  t.true(s.fault);
  t.is(s.priorityDelta, 0);
  s.interfaceChanged('eth1', true);
  t.false(s.fault);
});

test('a positive weight is added while up, a negative one while down', (t) => {
  const s = new TrackerSet({
    ...none,
    trackInterfaces: [
      { name: 'up10', weight: 10 },
      { name: 'down20', weight: -20 },
    ],
  });
  t.is(s.priorityDelta, 10);
  s.interfaceChanged('down20', false);
  t.is(s.priorityDelta, -10);
  s.interfaceChanged('up10', false);
  t.is(s.priorityDelta, -20);
  t.false(s.fault);
  t.false(s.interfaceChanged('eth9', false), 'an untracked name is not ours');
});

test('script: fails after `fall` failures in a row and recovers after `rise` successes in a row', (t) => {
  const s = new TrackerSet({ ...none, trackScripts: [{ name: 'chk', weight: -30, rise: 2, fall: 3 }] });
  const run = (ok: boolean) => (s.scriptResult('chk', ok), s.priorityDelta);
  t.deepEqual([false, false, true, false, false].map(run), [0, 0, 0, 0, 0], 'no three failures in a row');
  t.is(run(false), -30);
  t.deepEqual([true, false, true].map(run), [-30, -30, -30], 'no two successes in a row');
  t.is(run(true), 0);
});

test('script disabled (refused, not run): counts for nothing whatever its weight, until a result comes', (t) => {
  const s = new TrackerSet({
    ...none,
    trackScripts: [
      { name: 'zero', weight: 0, rise: 2, fall: 1 },
      { name: 'minus', weight: -20, rise: 2, fall: 1 },
      { name: 'plus', weight: 10, rise: 2, fall: 1 },
    ],
  });
  s.scriptResult('zero', false);
  s.scriptResult('minus', false);
  t.deepEqual([s.fault, s.priorityDelta], [true, -20 + 10]);
  for (const name of ['zero', 'minus', 'plus']) s.scriptResult(name, false, true);
  t.deepEqual([s.fault, s.priorityDelta], [false, 0]);
  t.deepEqual(s.snapshot().scripts, { zero: 'disabled', minus: 'disabled', plus: 'disabled' });
  const next = new TrackerSet({ ...none, trackScripts: [{ name: 'plus', weight: 10, rise: 2, fall: 1 }] });
  next.adopt(s);
  t.deepEqual([next.priorityDelta, next.snapshot().scripts], [0, { plus: 'disabled' }], 'a reload keeps it');
  s.scriptResult('plus', true);
  t.deepEqual([s.priorityDelta, s.snapshot().scripts.plus], [10, true], 'runs again: counts again');
  s.scriptResult('minus', false);
  t.is(s.priorityDelta, 10 - 20);
});

test('script: init_fail starts failed until `rise` successes', (t) => {
  const s = new TrackerSet({
    ...none,
    trackScripts: [{ name: 'chk', weight: 0, rise: 2, fall: 1, initFail: true }],
  });
  t.true(s.fault);
  s.scriptResult('chk', true);
  t.true(s.fault);
  s.scriptResult('chk', true);
  t.false(s.fault);
  s.scriptResult('chk', false);
  t.true(s.fault);
});

test('file: value x weight is added; weight 0 faults on non-zero; a product below -253 faults', (t) => {
  const s = new TrackerSet({
    ...none,
    trackFiles: [
      { name: 'maint', weight: -50 },
      { name: 'flag', weight: 0 },
    ],
  });
  s.fileValue('maint', 2);
  t.is(s.priorityDelta, -100);
  s.fileValue('maint', -1);
  t.is(s.priorityDelta, 50);
  s.fileValue('maint', 6);
  t.true(s.fault, '-300 < -253');
  s.fileValue('maint', 0);
  t.false(s.fault);
  s.fileValue('flag', 1);
  t.true(s.fault);
  s.fileValue('flag', 0);
  t.false(s.fault);
});

test('the effective priority is clamped to 1..254, and the owner stays 255', (t) => {
  t.is(effectivePriority(100, -200), 1);
  t.is(effectivePriority(100, 200), 254);
  t.is(effectivePriority(100, 54), 154);
  t.is(effectivePriority(254, 1), 254);
  t.is(effectivePriority(255, -100), 255);
});

test('the owner cannot track with a weight: a spec error, so the constructor throws', (t) => {
  const owner = spec({ priority: 255, trackScripts: [{ name: 'chk', weight: -10, rise: 1, fall: 1 }] });
  t.deepEqual(specProblems(owner).errors, [
    'tracker chk: the address owner (priority 255) can only track with weight 0',
  ]);
  t.throws(() => new Instance(owner));
  t.deepEqual(specProblems(spec({ priority: 255, trackFiles: [{ name: 'f', weight: 0 }] })).errors, []);
});

test('a tracker moves a BACKUP into FAULT and back to BACKUP with a fresh Master_Down_Timer', (t) => {
  const { inst } = started({ trackInterfaces: [{ name: 'eth1', weight: 0 }] });
  const down = inst.step({ type: 'interface', name: 'eth1', up: false }, 1000);
  t.deepEqual(transitions(down), ['BACKUP -> FAULT (tracker in fault)']);
  t.is(inst.nextDeadlineMs(), null);
  t.deepEqual(
    inst.step(
      {
        type: 'advert',
        advert: { version: 3, vrid: 51, priority: 0, advertIntervalMs: 1000, sourceAddress: '10.0.0.2' },
      },
      1500,
    ),
    [],
  );
  const up = inst.step({ type: 'interface', name: 'eth1', up: true }, 2000);
  t.deepEqual(transitions(up), ['FAULT -> BACKUP (fault cleared)']);
  t.is(inst.nextDeadlineMs(), 2000 + 3609);
});

test('FAULT from MASTER: priority-0 advert, VIPs removed, GARPs and adverts stop', (t) => {
  const { inst, at } = master({ trackScripts: [{ name: 'chk', weight: 0, rise: 1, fall: 1 }] });
  const actions = inst.step({ type: 'script', name: 'chk', ok: false }, at + 10);
  t.is(inst.state, 'FAULT');
  t.deepEqual(types(effects(actions)), ['transition', 'send-advert', 'remove-vips']);
  t.deepEqual(adverts(actions), [0]);
  t.deepEqual(inst.step({ type: 'timer' }, at + 60_000), []);
});

test('the owner leaving FAULT takes over at once', (t) => {
  const { inst } = started({ priority: 255, trackInterfaces: [{ name: 'eth1', weight: 0 }] });
  inst.step({ type: 'interface', name: 'eth1', up: false }, 100);
  t.is(inst.state, 'FAULT');
  const actions = inst.step({ type: 'interface', name: 'eth1', up: true }, 200);
  t.deepEqual(transitions(actions), ['FAULT -> MASTER (fault cleared, address owner)']);
});

test('a MASTER whose priority changes announces it at once', (t) => {
  const { inst, at } = master({
    priority: 100,
    trackScripts: [{ name: 'chk', weight: -60, rise: 1, fall: 1 }],
  });
  t.deepEqual(adverts(inst.step({ type: 'script', name: 'chk', ok: false }, at + 5)), [40]);
  t.is(inst.priority, 40);
  t.deepEqual(inst.step({ type: 'script', name: 'chk', ok: false }, at + 6), [], 'no change, no advert');
  t.is(inst.nextDeadlineMs(), at + 1005);
});

test('a BACKUP whose priority rises above the master preempts once its timer runs out', (t) => {
  const { inst } = started({ priority: 100, trackFiles: [{ name: 'boost', weight: 1 }] });
  inst.step(
    {
      type: 'advert',
      advert: { version: 3, vrid: 51, priority: 120, advertIntervalMs: 1000, sourceAddress: '10.0.0.2' },
    },
    1000,
  );
  inst.step({ type: 'file', name: 'boost', value: 50 }, 1500);
  t.is(inst.priority, 150);
  const deadline = inst.nextDeadlineMs();
  inst.step(
    {
      type: 'advert',
      advert: { version: 3, vrid: 51, priority: 120, advertIntervalMs: 1000, sourceAddress: '10.0.0.2' },
    },
    2000,
  );
  t.is(inst.nextDeadlineMs(), deadline, 'the lower master is now discarded');
  inst.step({ type: 'timer' }, deadline as number);
  t.is(inst.state, 'MASTER');
});

test('tracker events before Startup only set the priority', (t) => {
  const inst = new Instance(
    spec({
      trackInterfaces: [
        { name: 'eth1', weight: 0 },
        { name: 'eth2', weight: 7 },
      ],
    }),
  );
  t.deepEqual(inst.step({ type: 'interface', name: 'eth1', up: false }, 0), []);
  t.is(inst.state, 'INIT');
  t.is(inst.priority, 107);
});
