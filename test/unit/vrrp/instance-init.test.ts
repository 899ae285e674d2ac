// RFC 5798 section 6.4.1 (Initialize), the state hint and resuming a restarted child.
import test from 'ava';
import { Instance } from '../../../src/vrrp/instance.js';
import { InvalidInstanceSpec } from '../../../src/vrrp/spec.js';
import { VIPS, adverts, effects, spec, started, transitions, types } from './helpers.js';

test('6.4.1: before Startup an instance is INIT, sends nothing and has no deadline', (t) => {
  const inst = new Instance(spec());
  t.is(inst.state, 'INIT');
  t.deepEqual(inst.step({ type: 'timer' }, 10_000), []);
  t.is(inst.nextDeadlineMs(), null);
});

test('6.4.1: the owner (priority 255) sends an advert, GARPs, arms the advert timer and is MASTER', (t) => {
  const { inst, actions } = started({ priority: 255 }, 1000);
  t.is(inst.state, 'MASTER');
  t.deepEqual(types(effects(actions)), ['transition', 'send-advert', 'add-vips', 'garp']);
  t.deepEqual(adverts(actions), [255]);
  t.deepEqual(transitions(actions), ['INIT -> MASTER (startup, address owner)']);
  t.is(inst.nextDeadlineMs(), 2000);
});

test('6.4.1: a non-owner sets Master_Adver_Interval and Master_Down_Timer and is BACKUP', (t) => {
  const { inst, actions } = started({ priority: 100, advertIntervalMs: 1000 }, 500);
  t.is(inst.state, 'BACKUP');
  t.deepEqual(types(effects(actions)), ['transition']);
  t.is(inst.nextDeadlineMs(), 500 + 3609);
  t.is(inst.info(500).masterAdverIntervalMs, 1000);
});

test('state: master with priority < 255 still waits Master_Down_Interval as BACKUP', (t) => {
  const { inst } = started({ priority: 254, stateHint: 'master', advertIntervalMs: 100 });
  t.is(inst.state, 'BACKUP');
  t.is(inst.nextDeadlineMs(), 300);
  t.deepEqual(transitions(inst.step({ type: 'timer' }, 299)), []);
  t.deepEqual(transitions(inst.step({ type: 'timer' }, 300)), ['BACKUP -> MASTER (master down timer)']);
});

test('startup with a weight-0 tracker down enters FAULT, not BACKUP', (t) => {
  const inst = new Instance(spec({ trackInterfaces: [{ name: 'eth1', weight: 0 }] }));
  inst.step({ type: 'interface', name: 'eth1', up: false }, 0);
  const actions = inst.step({ type: 'startup' }, 0);
  t.is(inst.state, 'FAULT');
  t.deepEqual(transitions(actions), ['INIT -> FAULT (startup, tracker in fault)']);
  t.is(inst.nextDeadlineMs(), null);
});

test('a second Startup does nothing', (t) => {
  const { inst } = started();
  t.deepEqual(inst.step({ type: 'startup' }, 100), []);
  t.is(inst.state, 'BACKUP');
});

test('resume: a restarted child that was MASTER is MASTER at once, keeps its VIPs and does not notify', (t) => {
  const inst = new Instance(spec({ notify: { master: ['/bin/m'] } }));
  const actions = inst.step({ type: 'startup', previousState: 'MASTER' }, 0);
  t.is(inst.state, 'MASTER');
  t.false(actions.some((a) => a.type === 'remove-vips'));
  t.false(actions.some((a) => a.type === 'notify-command' || a.type === 'notify-fifo'));
  t.deepEqual(types(actions), ['transition', 'send-advert', 'add-vips', 'garp']);
  t.deepEqual(transitions(actions), ['INIT -> MASTER (resumed previous state)']);
});

test('resume: a previous BACKUP or FAULT starts as usual, waiting Master_Down_Interval', (t) => {
  for (const previousState of ['BACKUP', 'FAULT'] as const) {
    const inst = new Instance(spec());
    inst.step({ type: 'startup', previousState }, 0);
    t.is(inst.state, 'BACKUP');
    t.is(inst.nextDeadlineMs(), 3609);
  }
});

test('resume: a previous MASTER now in fault announces priority 0, drops its VIPs and enters FAULT', (t) => {
  const inst = new Instance(spec({ trackScripts: [{ name: 'chk', weight: 0, rise: 1, fall: 1 }] }));
  inst.step({ type: 'script', name: 'chk', ok: false }, 0);
  const actions = inst.step({ type: 'startup', previousState: 'MASTER' }, 0);
  t.is(inst.state, 'FAULT');
  t.deepEqual(types(effects(actions)), ['send-advert', 'remove-vips', 'transition']);
  t.deepEqual(adverts(actions), [0]);
  const removed = actions.find((a) => a.type === 'remove-vips');
  t.deepEqual(removed?.type === 'remove-vips' ? removed.vips : null, VIPS);
});

test('an invalid spec is a broken invariant: the constructor throws InvalidInstanceSpec', (t) => {
  const e = t.throws(() => new Instance(spec({ version: 2, advertIntervalMs: 1500 })), {
    instanceOf: InvalidInstanceSpec,
  });
  t.regex(e?.message ?? '', /whole seconds/);
  t.throws(() => new Instance(spec({ priority: 0 })), { instanceOf: InvalidInstanceSpec });
  t.throws(() => new Instance(spec({ advertIntervalMs: 15 })), { instanceOf: InvalidInstanceSpec });
  t.throws(() => new Instance(spec({ primaryAddress: 'eth0' })), { instanceOf: InvalidInstanceSpec });
});
