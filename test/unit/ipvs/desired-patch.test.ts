// patchDesired: a reload rebuilds what the reload plan says changed (whole virtual servers, or single
// real servers) and ends equal to the table built whole; a delta that does not fit changes nothing.
import test from 'ava';
import { desiredTable } from '../../../src/ipvs/desired.js';
import { patchDesired } from '../../../src/ipvs/desired-patch.js';
import type { IpvsTable } from '../../../src/ipvs/model.js';
import { configOf } from '../../helpers/config-files.js';

const vs = (address: string, weights: number[], extra: string[] = []) => [
  `  - address: ${address}`,
  '    port: 80',
  ...extra,
  '    real_servers:',
  ...weights.map((w, i) => `      - { address: 10.0.0.${i + 1}, weight: ${w} }`),
];
const load = (...servers: string[][]) => configOf({ 'lvsd.yaml': ['virtual_servers:', ...servers.flat()] });
const sorted = (t: IpvsTable) => new Map([...t].sort(([a], [b]) => a.localeCompare(b)));

test('whole virtual servers: added, changed and removed ones are rebuilt; the rest keep their entries', (t) => {
  const running = load(vs('192.0.2.10', [1]), vs('192.0.2.11', [1]), vs('192.0.2.12', [1]));
  const next = load(vs('192.0.2.10', [1]), vs('192.0.2.11', [4]), vs('192.0.2.13', [1]));
  const table = desiredTable(running);
  const untouched = table.get('tcp 192.0.2.10:80');
  const scope = patchDesired(table, running.virtual_servers, next.virtual_servers, {
    upserted: [
      { at: 1, name: '192.0.2.11:80:tcp' },
      { at: 2, name: '192.0.2.13:80:tcp' },
    ],
    removed: [{ at: 2, name: '192.0.2.12:80:tcp' }],
  });
  t.deepEqual(
    [...(scope ?? [])],
    [
      ['tcp 192.0.2.12:80', undefined],
      ['tcp 192.0.2.11:80', undefined],
      ['tcp 192.0.2.13:80', undefined],
    ],
  );
  t.deepEqual(sorted(table), sorted(desiredTable(next)));
  t.is(table.get('tcp 192.0.2.10:80'), untouched, 'an unchanged virtual server keeps its entry');
});

test('single real servers: only their destinations are rebuilt, and the scope names them', (t) => {
  const running = load(vs('192.0.2.10', [1, 1, 1]));
  const next = load(vs('192.0.2.10', [1, 7, 1]));
  const table = desiredTable(running);
  const entry = table.get('tcp 192.0.2.10:80');
  const first = entry?.destinations.get('10.0.0.1:80');
  const scope = patchDesired(table, running.virtual_servers, next.virtual_servers, {
    upserted: [{ at: 0, name: '192.0.2.10:80:tcp', realServers: [1] }],
    removed: [],
  });
  t.deepEqual([...(scope ?? [])], [['tcp 192.0.2.10:80', new Set(['10.0.0.2:80'])]]);
  t.deepEqual(sorted(table), sorted(desiredTable(next)));
  t.is(table.get('tcp 192.0.2.10:80'), entry, 'patched in place');
  t.is(entry?.destinations.get('10.0.0.1:80'), first);
});

test('single real servers of a virtual server with a sorry server: rebuilt whole (the quorum may move it)', (t) => {
  const sorry = ['    sorry_server: { address: 10.0.9.9 }', '    quorum: { min_weight: 2 }'];
  const running = load(vs('192.0.2.10', [1, 1], sorry));
  const next = load(vs('192.0.2.10', [1, 0], sorry));
  const table = desiredTable(running);
  const scope = patchDesired(table, running.virtual_servers, next.virtual_servers, {
    upserted: [{ at: 0, name: '192.0.2.10:80:tcp', realServers: [1] }],
    removed: [],
  });
  t.deepEqual([...(scope ?? [])], [['tcp 192.0.2.10:80', undefined]]);
  t.deepEqual([...(table.get('tcp 192.0.2.10:80')?.destinations.keys() ?? [])], ['10.0.9.9:80']);
  t.deepEqual(sorted(table), sorted(desiredTable(next)));
});

test('a delta that does not fit (out of range, the wrong name, a real server that is not there) changes nothing', (t) => {
  const running = load(vs('192.0.2.10', [1]), vs('192.0.2.11', [1]));
  const table = desiredTable(running);
  const before = JSON.stringify([...table]);
  const list = running.virtual_servers;
  const bad = [
    { upserted: [{ at: 2, name: '192.0.2.11:80:tcp' }], removed: [] },
    { upserted: [{ at: 1, name: '192.0.2.10:80:tcp' }], removed: [] },
    { upserted: [], removed: [{ at: -1, name: '192.0.2.10:80:tcp' }] },
    { upserted: [{ at: 0, name: '192.0.2.10:80:tcp', realServers: [1] }], removed: [] },
  ];
  for (const delta of bad) t.is(patchDesired(table, list, list, delta), null, JSON.stringify(delta));
  t.is(JSON.stringify([...table]), before);
});
