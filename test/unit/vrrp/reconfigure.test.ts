// Reload in the engine: unchanged instances keep everything and emit nothing; changed ones migrate
// (VIP diffs with GARPs for added addresses only, a priority change announced once); removed ones stop
// as on SIGTERM; added ones start; renamed ones keep their state; a bad spec changes nothing.
import test from 'ava';
import { VrrpEngine, type EngineSpec } from '../../../src/vrrp/engine.js';
import type { InstanceSpec } from '../../../src/vrrp/types.js';
import { advert, adverts, effects, spec, transitions, types } from './helpers.js';

const web = (over: Partial<InstanceSpec<string>> = {}) => spec({ name: 'web', ...over });
const api = (over: Partial<InstanceSpec<string>> = {}) =>
  spec({ name: 'api', virtualRouterId: 52, vips: ['192.0.2.20/24'], ...over });

/** An engine whose instances became MASTER by their down timers; returns the time they did. */
function mastered(engineSpec: EngineSpec<string>) {
  const engine = new VrrpEngine<string>(engineSpec);
  engine.step({ type: 'startup' }, 0);
  const at = engine.nextDeadlineMs() as number;
  engine.step({ type: 'timer' }, at);
  return { engine, at };
}

test('an unchanged spec keeps the instance object, its state and timers, and emits nothing', (t) => {
  const { engine, at } = mastered({ instances: [web(), api()] });
  const before = engine.instance('web');
  const deadline = engine.nextDeadlineMs();
  const out = engine.reconfigure({ instances: [web(), api()] }, at + 300);
  t.deepEqual(out, []);
  t.is(engine.instance('web'), before);
  t.is(engine.nextDeadlineMs(), deadline);
  t.deepEqual(engine.states(), { web: 'MASTER', api: 'MASTER' });
  // The next advert goes out when it would have without the reload.
  t.deepEqual(adverts(engine.step({ type: 'timer' }, (deadline as number) - 1)), []);
  t.deepEqual(adverts(engine.step({ type: 'timer' }, deadline as number)), [100, 100]);
});

test('a MASTER adding a VIP adds and announces that address alone; removing one removes it alone', (t) => {
  const { engine, at } = mastered({ instances: [web({ vips: ['192.0.2.10/24'] })] });
  const added = engine.reconfigure(
    { instances: [web({ vips: ['192.0.2.10/24', '192.0.2.11/24'] })] },
    at + 10,
  );
  t.deepEqual(effects(added), [
    { type: 'add-vips', instance: 'web', vips: ['192.0.2.11/24'], accept: false },
    { type: 'garp', instance: 'web', vips: ['192.0.2.11/24'], repeat: 5 },
  ]);
  const removed = engine.reconfigure({ instances: [web({ vips: ['192.0.2.11/24'] })] }, at + 20);
  t.deepEqual(effects(removed), [{ type: 'remove-vips', instance: 'web', vips: ['192.0.2.10/24'] }]);
  t.is(engine.instance('web')?.state, 'MASTER');
  // The state leaves with the current VIPs.
  const stop = engine.step({ type: 'shutdown' }, at + 30);
  t.deepEqual(
    stop.flatMap((a) => (a.type === 'remove-vips' ? a.vips : [])),
    ['192.0.2.11/24'],
  );
});

test('a BACKUP changing its VIPs emits nothing and keeps its master down timer', (t) => {
  const engine = new VrrpEngine<string>({ instances: [web()] });
  engine.step({ type: 'startup' }, 0);
  engine.step({ type: 'advert', instance: 'web', advert: advert({ priority: 200 }) }, 500);
  const deadline = engine.nextDeadlineMs();
  t.deepEqual(engine.reconfigure({ instances: [web({ vips: ['192.0.2.99/24'] })] }, 600), []);
  t.is(engine.nextDeadlineMs(), deadline);
  t.deepEqual(engine.info(600)[0]?.master, { address: '10.0.0.2', priority: 200 });
});

test('a MASTER whose priority changes announces it with one advert, without a transition', (t) => {
  const { engine, at } = mastered({ instances: [web()] });
  const out = engine.reconfigure({ instances: [web({ priority: 120 })] }, at + 10);
  t.deepEqual(adverts(out), [120]);
  t.deepEqual(transitions(out), []);
  t.is(engine.info(at + 10)[0]?.priority, 120);
  t.is(engine.nextDeadlineMs(), at + 10 + 1000, 'the advert timer restarts with that advert');
});

test('a shorter advert interval applies from the next advert', (t) => {
  const { engine, at } = mastered({ instances: [web()] });
  const out = engine.reconfigure({ instances: [web({ advertIntervalMs: 100 })] }, at + 500);
  t.deepEqual(
    effects(out).filter((a) => a.type !== 'deadline'),
    [],
  );
  t.is(engine.nextDeadlineMs(), at + 600);
});

test('a removed instance stops as on SIGTERM; an added one starts', (t) => {
  const { engine, at } = mastered({ instances: [web({ notify: { stop: ['/bin/stop'] } })] });
  const out = engine.reconfigure({ instances: [api()] }, at + 10);
  t.deepEqual(transitions(out), ['MASTER -> INIT (shutdown)', 'INIT -> BACKUP (startup)']);
  t.deepEqual(adverts(out), [0]);
  t.deepEqual(
    types(out).filter((x) => x !== 'deadline'),
    [
      'transition',
      'send-advert',
      'remove-vips',
      'notify-command',
      'notify-fifo',
      'transition',
      'notify-fifo',
    ],
  );
  t.deepEqual(engine.states(), { api: 'BACKUP' });
  t.is(engine.instance('web'), undefined);
});

test('a renamed instance keeps its state and VIPs and emits nothing', (t) => {
  const { engine, at } = mastered({ instances: [web()] });
  const out = engine.reconfigure({ instances: [web({ name: 'www' })] }, at + 10, {
    renamed: { www: 'web' },
  });
  t.deepEqual(out, []);
  t.deepEqual(engine.states(), { www: 'MASTER' });
  t.true((engine.info(at + 10)[0]?.recent.length ?? 0) > 0, 'the history carries over');
});

test('a spec the engine refuses throws and changes nothing', (t) => {
  const { engine, at } = mastered({ instances: [web()] });
  const before = engine.instance('web');
  t.throws(() => engine.reconfigure({ instances: [web({ priority: 120 }), web()] }, at), {
    message: /defined twice/,
  });
  t.throws(
    () =>
      engine.reconfigure(
        { instances: [web()], syncGroups: [{ name: 'g', instances: ['web', 'nope'], notify: {} }] },
        at,
      ),
    { message: /no vrrp instance "nope"/ },
  );
  t.throws(() => engine.reconfigure({ instances: [web({ priority: 300 })] }, at), { message: /priority/ });
  t.is(engine.instance('web'), before);
  t.is(engine.instance('web')?.state, 'MASTER');
});

test('tracker readings carry over; a reading passed in applies; dropping a faulty tracker clears FAULT', (t) => {
  const chk = { name: 'chk', weight: -30, rise: 2, fall: 1 };
  const engine = new VrrpEngine<string>({ instances: [web({ trackScripts: [chk] })] });
  engine.step({ type: 'startup' }, 0);
  engine.step({ type: 'script', name: 'chk', ok: false }, 10);
  t.is(engine.info(10)[0]?.priority, 70);
  engine.reconfigure({ instances: [web({ trackScripts: [chk], preemptDelayMs: 1000 })] }, 20);
  t.is(engine.info(20)[0]?.priority, 70, 'the failed script still counts after the reload');
  const link = { name: 'eth1', weight: 0 };
  const faulty = engine.reconfigure({ instances: [web({ trackInterfaces: [link] })] }, 30, {
    readings: [{ type: 'interface', name: 'eth1', up: false }],
  });
  t.deepEqual(transitions(faulty), ['BACKUP -> FAULT (tracker in fault)']);
  const cleared = engine.reconfigure({ instances: [web()] }, 40);
  t.deepEqual(transitions(cleared), ['FAULT -> BACKUP (fault cleared)']);
});

test('sync groups are rebuilt without a renotify; leaving a group lifts its fault', (t) => {
  const group = { name: 'g', instances: ['web', 'api'], notify: { master: ['/bin/g'] } };
  const { engine, at } = mastered({ instances: [web(), api()], syncGroups: [group] });
  t.deepEqual(engine.groupStates(), { g: 'MASTER' });
  const out = engine.reconfigure(
    { instances: [web({ priority: 110 }), api()], syncGroups: [group] },
    at + 10,
  );
  t.deepEqual(
    out.filter((a) => a.type === 'group-transition' || a.type.startsWith('notify')),
    [],
  );
  t.deepEqual(engine.groupStates(), { g: 'MASTER' });
  const link = { name: 'eth1', weight: 0 };
  engine.reconfigure({ instances: [web({ trackInterfaces: [link] }), api()], syncGroups: [group] }, at + 20, {
    readings: [{ type: 'interface', name: 'eth1', up: false }],
  });
  t.deepEqual(engine.states(), { web: 'FAULT', api: 'FAULT' });
  engine.reconfigure({ instances: [web({ trackInterfaces: [link] }), api()] }, at + 30);
  t.deepEqual(engine.states(), { web: 'FAULT', api: 'BACKUP' }, 'api left the group and its fault');
});
