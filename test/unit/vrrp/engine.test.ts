// The engine: routing, one deadline for all instances, resuming, no change without input.
import test from 'ava';
import { VrrpEngine } from '../../../src/vrrp/engine.js';
import { advert, spec } from './helpers.js';

const two = () =>
  new VrrpEngine<string>({
    instances: [
      spec({ name: 'web', virtualRouterId: 51, advertIntervalMs: 1000 }),
      spec({ name: 'api', virtualRouterId: 52, advertIntervalMs: 100, priority: 255 }),
    ],
  });

const deadlines = (actions: readonly { type: string; atMs?: number | null }[]) =>
  actions.flatMap((a) => (a.type === 'deadline' ? [a.atMs] : []));

test('the deadline action carries the earliest deadline of all instances, only when it changes', (t) => {
  const engine = two();
  const start = engine.step({ type: 'startup' }, 0);
  t.deepEqual(deadlines(start), [100], 'the owner api advertises every 100 ms');
  t.deepEqual(deadlines(engine.step({ type: 'timer' }, 50)), [], 'an early wake-up changes nothing');
  t.deepEqual(deadlines(engine.step({ type: 'timer' }, 100)), [200]);
  t.is(engine.nextDeadlineMs(), 200);
  t.deepEqual(deadlines(engine.step({ type: 'shutdown' }, 150)), [null]);
});

test('adverts go to the named instance only', (t) => {
  const engine = two();
  engine.step({ type: 'startup' }, 0);
  engine.step({ type: 'advert', instance: 'web', advert: advert({ vrid: 51, priority: 200 }) }, 1000);
  t.is(engine.instance('web')?.nextDeadlineMs(), 1000 + 3609, 'skew from its own priority');
  t.is(engine.instance('api')?.state, 'MASTER');
});

test('an advert for an unknown instance is a wiring bug: it throws', (t) => {
  const engine = two();
  t.throws(() => engine.step({ type: 'advert', instance: 'nope', advert: advert() }, 0), {
    message: /unknown/,
  });
  t.throws(() => new VrrpEngine({ instances: [spec(), spec()] }), { message: /defined twice/ });
});

test('tracker events reach every instance that tracks the name', (t) => {
  const engine = new VrrpEngine<string>({
    instances: [
      spec({ name: 'a', trackScripts: [{ name: 'chk', weight: -10, rise: 1, fall: 1 }] }),
      spec({
        name: 'b',
        virtualRouterId: 52,
        trackScripts: [{ name: 'chk', weight: -20, rise: 1, fall: 1 }],
      }),
      spec({ name: 'c', virtualRouterId: 53 }),
    ],
  });
  engine.step({ type: 'script', name: 'chk', ok: false }, 0);
  t.deepEqual(
    engine.info(0).map((i) => i.priority),
    [90, 80, 100],
  );
});

test('startup with previous states resumes each instance as it was', (t) => {
  const engine = two();
  const actions = engine.step({ type: 'startup', previousStates: { web: 'MASTER' } }, 0);
  t.deepEqual(engine.states(), { web: 'MASTER', api: 'MASTER' });
  t.false(actions.some((a) => a.type === 'remove-vips'));
});

test('with no input, nothing changes: a long run of early wake-ups emits nothing', (t) => {
  const engine = new VrrpEngine<string>({ instances: [spec({ advertIntervalMs: 1000 })] });
  engine.step({ type: 'startup' }, 0);
  for (let now = 1; now < 3609; now += 7) t.deepEqual(engine.step({ type: 'timer' }, now), []);
  t.deepEqual(engine.states(), { web: 'BACKUP' });
});

test('info shows state, priority, master, deadline, drops and recent transitions', (t) => {
  const engine = two();
  engine.step({ type: 'startup' }, 0);
  engine.step({ type: 'advert', instance: 'web', advert: advert({ vrid: 99 }) }, 10);
  const [web, api] = engine.info(10);
  t.like(web, {
    name: 'web',
    vrid: 51,
    state: 'BACKUP',
    priority: 100,
    master: null,
    nextDeadlineInMs: 3599,
  });
  t.deepEqual(web?.dropped, { 'wrong vrid': 1 });
  t.deepEqual(api?.recent, ['0ms INIT -> MASTER (startup, address owner)']);
  t.deepEqual(api?.master, { address: '10.0.0.1', priority: 255 });
});

test("after a stall, an advert does not fire another instance's overdue timer; the timer event does", (t) => {
  const engine = new VrrpEngine<string>({
    instances: [spec({ name: 'web', virtualRouterId: 51 }), spec({ name: 'db', virtualRouterId: 52 })],
  });
  engine.step({ type: 'startup' }, 0);
  // Stalled until 10 s: both deadlines (3609) have passed while their masters' adverts queued up.
  const web = engine.step(
    { type: 'advert', instance: 'web', advert: advert({ vrid: 51, priority: 200 }) },
    10_000,
  );
  t.false(
    web.some((a) => a.type === 'transition'),
    'db did not take over on its stale deadline',
  );
  t.deepEqual(engine.states(), { web: 'BACKUP', db: 'BACKUP' });
  engine.step({ type: 'advert', instance: 'db', advert: advert({ vrid: 52, priority: 200 }) }, 10_000);
  t.deepEqual(engine.step({ type: 'timer' }, 10_000), [], 'both masters were heard: nothing is due');
  engine.step({ type: 'timer' }, 20_000);
  t.deepEqual(engine.states(), { web: 'MASTER', db: 'MASTER' }, 'without adverts the timers still fire');
});
