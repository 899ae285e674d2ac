// Sync groups: members change state together; one member in FAULT takes the whole group to FAULT.
import test from 'ava';
import type { Action } from '../../../src/vrrp/actions.js';
import { VrrpEngine } from '../../../src/vrrp/engine.js';
import { advert, spec } from './helpers.js';

function pair(extra: { notify?: Record<string, string[]> } = {}) {
  const engine = new VrrpEngine<string>({
    instances: [
      spec({
        name: 'web',
        virtualRouterId: 51,
        advertIntervalMs: 1000,
        trackInterfaces: [{ name: 'eth1', weight: 0 }],
      }),
      spec({ name: 'db', virtualRouterId: 52, advertIntervalMs: 2000 }),
    ],
    syncGroups: [{ name: 'front', instances: ['web', 'db'], notify: extra.notify ?? {} }],
  });
  engine.step({ type: 'startup' }, 0);
  return engine;
}

const moves = (actions: readonly Action<string>[]): string[] =>
  actions.flatMap((a) =>
    a.type === 'transition'
      ? [`${a.instance} ${a.from}->${a.to}`]
      : a.type === 'group-transition'
        ? [`group ${a.group} ${a.from}->${a.to}`]
        : [],
  );

test('startup: the group is BACKUP once every member is', (t) => {
  const engine = pair();
  t.deepEqual(engine.states(), { web: 'BACKUP', db: 'BACKUP' });
  t.deepEqual(engine.groupStates(), { front: 'BACKUP' });
});

test('one member timing out takes every BACKUP member to MASTER with it', (t) => {
  const engine = pair();
  const actions = engine.step({ type: 'timer' }, 3609);
  t.deepEqual(moves(actions), ['web BACKUP->MASTER', 'db BACKUP->MASTER', 'group front BACKUP->MASTER']);
  t.true(actions.some((a) => a.type === 'add-vips' && a.instance === 'db'));
});

test('one member stepping down takes every MASTER member to BACKUP with it', (t) => {
  const engine = pair();
  engine.step({ type: 'timer' }, 3609);
  const actions = engine.step(
    { type: 'advert', instance: 'db', advert: advert({ vrid: 52, priority: 200, advertIntervalMs: 2000 }) },
    4000,
  );
  t.deepEqual(moves(actions), ['db MASTER->BACKUP', 'web MASTER->BACKUP', 'group front MASTER->BACKUP']);
  t.deepEqual(engine.states(), { web: 'BACKUP', db: 'BACKUP' });
});

test('one member in FAULT puts the whole group in FAULT until it recovers', (t) => {
  const engine = pair();
  engine.step({ type: 'timer' }, 3609);
  const down = engine.step({ type: 'interface', name: 'eth1', up: false }, 5000);
  t.deepEqual(engine.states(), { web: 'FAULT', db: 'FAULT' });
  t.deepEqual(moves(down), ['web MASTER->FAULT', 'db MASTER->FAULT', 'group front MASTER->FAULT']);
  t.is(down.filter((a) => a.type === 'send-advert' && a.priority === 0).length, 2);
  t.deepEqual(
    engine.step({ type: 'timer' }, 60_000).filter((a) => a.type !== 'deadline'),
    [],
  );
  const up = engine.step({ type: 'interface', name: 'eth1', up: true }, 61_000);
  t.deepEqual(moves(up), ['web FAULT->BACKUP', 'db FAULT->BACKUP', 'group front FAULT->BACKUP']);
});

test('group notifies use GROUP, the group name and priority 0', (t) => {
  const engine = pair({ notify: { master: ['/bin/gm'], any: ['/bin/any'] } });
  const actions = engine.step({ type: 'timer' }, 3609);
  const group = actions.filter(
    (a) => (a.type === 'notify-fifo' && a.kind === 'GROUP') || a.type === 'notify-command',
  );
  t.deepEqual(
    group.map((a) =>
      a.type === 'notify-command' ? a.argv.join(' ') : a.type === 'notify-fifo' ? a.line : '',
    ),
    ['/bin/gm', '/bin/any GROUP front MASTER 0', 'GROUP "front" MASTER 0'],
  );
  const stop = engine.step({ type: 'shutdown' }, 4000);
  t.true(stop.some((a) => a.type === 'notify-fifo' && a.line === 'GROUP "front" STOP 0'));
});

test('an instance in two groups, or an unknown member, is refused', (t) => {
  const instances = [spec({ name: 'a' }), spec({ name: 'b', virtualRouterId: 52 })];
  t.throws(
    () =>
      new VrrpEngine({
        instances,
        syncGroups: [
          { name: 'g1', instances: ['a', 'b'], notify: {} },
          { name: 'g2', instances: ['b'], notify: {} },
        ],
      }),
    { message: /more than one sync group/ },
  );
  t.throws(
    () => new VrrpEngine({ instances, syncGroups: [{ name: 'g', instances: ['a', 'c'], notify: {} }] }),
    {
      message: /no vrrp instance "c"/,
    },
  );
});
