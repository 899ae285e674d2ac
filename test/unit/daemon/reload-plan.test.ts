// The reload plan on its own: which instances keep their state, which VIPs come and go, what else
// changed. Built from real configuration files through the loader.
import test from 'ava';
import { isEmptyPlan, reloadPlan } from '../../../src/daemon/reload-plan.js';
import { configOf } from '../../helpers/config-files.js';

const base = [
  'global: { router_id: a }',
  'vrrp_scripts:',
  '  chk: { command: [/bin/true] }',
  'vrrp_instances:',
  '  web:',
  '    interface: eth0',
  '    virtual_router_id: 51',
  '    priority: 150',
  '    virtual_ipaddresses: [192.0.2.10/24, 192.0.2.11/24]',
  '    track_scripts: [chk]',
  '  api:',
  '    interface: eth0',
  '    virtual_router_id: 52',
  '    virtual_ipaddresses: [192.0.2.20/24]',
  'vrrp_sync_groups:',
  '  g: { instances: [web, api] }',
  'virtual_servers:',
  '  - { address: 192.0.2.10, port: 80, real_servers: [{ address: 10.0.0.1, weight: 1 }] }',
  '  - { address: 192.0.2.10, port: 443 }',
];

const load = (lines: string[]) => configOf({ 'lvsd.yaml': lines });
const edit = (from: string, to: string) => base.map((line) => (line === from ? to : line));

test('the same configuration, even reordered or respelled, changes nothing', (t) => {
  const respelled = edit('    priority: 150', '    priority: 150 # the same').map((l) =>
    l === '    virtual_ipaddresses: [192.0.2.10/24, 192.0.2.11/24]'
      ? '    virtual_ipaddresses: ["192.0.2.10/24", "192.0.2.11/24"]'
      : l,
  );
  const plan = reloadPlan(load(base), load(respelled));
  t.true(isEmptyPlan(plan));
  t.deepEqual(plan.instances.unchanged, ['web', 'api']);
  t.deepEqual(plan.virtualServers.unchanged, ['192.0.2.10:80:tcp', '192.0.2.10:443:tcp']);
});

test('an added VIP is the only VIP to announce; a removed one is the only one to drop', (t) => {
  const next = edit(
    '    virtual_ipaddresses: [192.0.2.10/24, 192.0.2.11/24]',
    '    virtual_ipaddresses: [192.0.2.10/24, 192.0.2.12/24]',
  );
  const plan = reloadPlan(load(base), load(next));
  t.deepEqual(plan.instances.unchanged, ['api']);
  t.deepEqual(plan.instances.changed, [
    {
      name: 'web',
      previousName: 'web',
      keys: ['virtual_ipaddresses'],
      vipsAdded: [{ address: '192.0.2.12', prefix_length: 24 }],
      vipsRemoved: [{ address: '192.0.2.11', prefix_length: 24 }],
      routesAdded: [],
      routesRemoved: [],
    },
  ]);
  t.false(isEmptyPlan(plan));
});

test('a new priority changes the instance in place, with no VIP change', (t) => {
  const plan = reloadPlan(load(base), load(edit('    priority: 150', '    priority: 120')));
  t.deepEqual(plan.instances.changed, [
    {
      name: 'web',
      previousName: 'web',
      keys: ['priority'],
      vipsAdded: [],
      vipsRemoved: [],
      routesAdded: [],
      routesRemoved: [],
    },
  ]);
});

test('routes are compared whole: a new gateway or table is a removal and an addition; a reorder is neither', (t) => {
  const withRoutes = (...routes: string[]) => {
    const at = base.indexOf('    track_scripts: [chk]') + 1;
    return [...base.slice(0, at), `    virtual_routes: [${routes.join(', ')}]`, ...base.slice(at)];
  };
  const a = '{ to: 198.51.100.0/24, via: 10.0.0.254 }';
  const b = '{ to: 203.0.113.0/24, via: 10.0.0.254 }';
  const plan = reloadPlan(
    load(withRoutes(a, b)),
    load(
      withRoutes(a, '{ to: 203.0.113.0/24, via: 10.0.0.253 }', '{ to: default, via: 10.0.0.1, table: 100 }'),
    ),
  );
  t.deepEqual(plan.instances.unchanged, ['api']);
  t.deepEqual(plan.instances.changed, [
    {
      name: 'web',
      previousName: 'web',
      keys: ['virtual_routes'],
      vipsAdded: [],
      vipsRemoved: [],
      routesAdded: [
        { to: '203.0.113.0/24', via: '10.0.0.253' },
        { to: 'default', via: '10.0.0.1', table: 100 },
      ],
      routesRemoved: [{ to: '203.0.113.0/24', via: '10.0.0.254' }],
    },
  ]);
  const reordered = reloadPlan(load(withRoutes(a, b)), load(withRoutes(b, a))).instances.changed;
  t.like(reordered[0], { keys: ['virtual_routes'], routesAdded: [], routesRemoved: [] });
  t.true(isEmptyPlan(reloadPlan(load(withRoutes(a, b)), load(withRoutes(a, b.replace('{ ', '{  '))))));
});

test('a renamed instance keeps its identity and state; a new VRID is a new instance', (t) => {
  const renamed = base.map((l) =>
    l === '  web:' ? '  www:' : l === '  g: { instances: [web, api] }' ? '  g: { instances: [www, api] }' : l,
  );
  const plan = reloadPlan(load(base), load(renamed));
  t.deepEqual(
    plan.instances.changed.map((c) => [c.name, c.previousName, c.keys]),
    [['www', 'web', []]],
  );
  t.deepEqual(plan.instances.removed, []);
  t.deepEqual(plan.syncGroups.changed, ['g']);

  const revrid = reloadPlan(load(base), load(edit('    virtual_router_id: 51', '    virtual_router_id: 53')));
  t.deepEqual(revrid.instances.added, ['web']);
  t.deepEqual(revrid.instances.removed, ['web']);
  t.deepEqual(revrid.instances.changed, []);
});

test('moving an instance to another interface or transport replaces it', (t) => {
  const moved = reloadPlan(load(base), load(base.map((l, i) => (i === 11 ? '    interface: eth1' : l))));
  t.deepEqual(moved.instances.added, ['api']);
  t.deepEqual(moved.instances.removed, ['api']);
  const api = base.indexOf('    virtual_ipaddresses: [192.0.2.20/24]');
  const udp = [
    ...base.slice(0, api + 1),
    '    transport: udp',
    '    unicast_peers: [192.0.2.2]',
    ...base.slice(api + 1),
  ];
  const retransported = reloadPlan(load(base), load(udp));
  t.deepEqual(retransported.instances.added, ['api']);
  t.deepEqual(retransported.instances.removed, ['api']);
  t.deepEqual(retransported.instances.unchanged, ['web']);
});

test('added and removed instances, scripts, virtual servers and global keys are named', (t) => {
  const next = [
    ...base.filter((l) => !l.includes('port: 443')),
    '  - { fwmark: 3, family: ipv4 }',
    'connection_sync: { interface: eth1, follow_instance: web }',
  ].map((l) => (l === 'global: { router_id: a }' ? 'global: { router_id: a, log: { level: debug } }' : l));
  next.splice(
    next.indexOf('vrrp_instances:') + 1,
    0,
    '  dns:',
    '    interface: eth0',
    '    virtual_router_id: 60',
  );
  const plan = reloadPlan(load(base), load(next));
  t.deepEqual(plan.instances.added, ['dns']);
  t.deepEqual(plan.virtualServers.added, ['fwmark 3 (ipv4)']);
  t.deepEqual(plan.virtualServers.removed, ['192.0.2.10:443:tcp']);
  t.deepEqual(plan.virtualServers.unchanged, ['192.0.2.10:80:tcp']);
  t.deepEqual(plan.virtualServers.delta, {
    upserted: [{ at: 1, name: 'fwmark 3 (ipv4)' }],
    removed: [{ at: 1, name: '192.0.2.10:443:tcp' }],
  });
  t.deepEqual(plan.global, ['log']);
  t.is(plan.connectionSync, 'added');
  t.deepEqual(plan.scripts, { unchanged: ['chk'], changed: [], added: [], removed: [] });
});

test('a changed real-server weight changes only its virtual server', (t) => {
  const plan = reloadPlan(
    load(base),
    load(
      edit(
        '  - { address: 192.0.2.10, port: 80, real_servers: [{ address: 10.0.0.1, weight: 1 }] }',
        '  - { address: 192.0.2.10, port: 80, real_servers: [{ address: 10.0.0.1, weight: 5 }] }',
      ),
    ),
  );
  t.deepEqual(plan.virtualServers.changed, ['192.0.2.10:80:tcp']);
  t.deepEqual(plan.virtualServers.unchanged, ['192.0.2.10:443:tcp']);
  t.deepEqual(plan.virtualServers.delta, {
    upserted: [{ at: 0, name: '192.0.2.10:80:tcp', realServers: [0] }],
    removed: [],
  });
  t.deepEqual(plan.instances.unchanged, ['web', 'api']);
});

test('the IPVS delta names single real servers only when nothing else in the virtual server changed', (t) => {
  const line = '  - { address: 192.0.2.10, port: 80, real_servers: [{ address: 10.0.0.1, weight: 1 }] }';
  const deltaOf = (to: string) => reloadPlan(load(base), load(edit(line, to))).virtualServers.delta.upserted;
  t.deepEqual(
    deltaOf(
      '  - { address: 192.0.2.10, port: 80, scheduler: rr, real_servers: [{ address: 10.0.0.1, weight: 5 }] }',
    ),
    [{ at: 0, name: '192.0.2.10:80:tcp' }],
    'the scheduler changed too',
  );
  t.deepEqual(
    deltaOf('  - { address: 192.0.2.10, port: 80, real_servers: [{ address: 10.0.0.2, weight: 1 }] }'),
    [{ at: 0, name: '192.0.2.10:80:tcp' }],
    'another address',
  );
  t.deepEqual(
    deltaOf(
      '  - { address: 192.0.2.10, port: 80, real_servers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }] }',
    ),
    [{ at: 0, name: '192.0.2.10:80:tcp' }],
    'a real server added',
  );
  t.deepEqual(
    deltaOf(
      '  - { address: 192.0.2.10, port: 80, real_servers: [{ address: 10.0.0.1, weight: 1, inhibit_on_failure: true }] }',
    ),
    [{ at: 0, name: '192.0.2.10:80:tcp', realServers: [0] }],
    'another setting of the same real server',
  );
});
