// reconcile: every kind of change, ownership (foreign entries, adoption, restarts, lvs_flush),
// order, idempotence, and a seeded property test that the ops reach the desired table exactly.
import test from 'ava';
import { applyOp } from '../../../src/ipvs/apply.js';
import { cloneTable, destId, ownedDestId, serviceId, type IpvsTable } from '../../../src/ipvs/model.js';
import { formatOp } from '../../../src/ipvs/ops.js';
import { Ownership } from '../../../src/ipvs/ownership.js';
import { reconcile, removeOwned } from '../../../src/ipvs/reconcile.js';
import { dest, service, table, tcp } from './tables.js';

const web = tcp('192.0.2.10', 80);
const webId = serviceId(web);
const a = dest('10.0.0.1');
const b = dest('10.0.0.2');
const aId = ownedDestId(web, a);
const bId = ownedDestId(web, b);

function run(desired: IpvsTable, kernel: IpvsTable, owned: string[] = [], flushForeign = false) {
  const r = reconcile({ desired, kernel, owned: Ownership.fromIds(owned), flushForeign });
  return { ...r, lines: r.ops.map(formatOp), owned: r.owned.ids() };
}

test('nothing wanted, nothing there: nothing to do', (t) => {
  t.deepEqual(run(new Map(), new Map()).ops, []);
});

test('a new service is added before its destinations, and all of it becomes owned', (t) => {
  const r = run(table([service(web), [a, b]]), new Map());
  t.deepEqual(r.lines, [
    'add-service tcp 192.0.2.10:80 wlc flags 0x0 timeout 0s netmask 4294967295',
    'add-dest tcp 192.0.2.10:80 -> 10.0.0.1:80 nat weight 1 thresholds 0-0',
    'add-dest tcp 192.0.2.10:80 -> 10.0.0.2:80 nat weight 1 thresholds 0-0',
  ]);
  t.deepEqual(r.owned, [webId, aId, bId].sort());
  t.deepEqual(r.adopted, []);
});

test('what matches exactly gives no ops', (t) => {
  const want = table([service(web), [a, b]]);
  t.deepEqual(run(want, cloneTable(want), [webId, aId, bId]).ops, []);
});

const serviceEdits: [string, Parameters<typeof service>[1]][] = [
  ['scheduler', { scheduler: 'rr' }],
  ['persistence flag and timeout', { flags: 1, timeoutS: 300 }],
  ['persistence netmask', { flags: 1, timeoutS: 300, netmask: 0xffffff00 }],
  ['one-packet flag', { flags: 4 }],
  ['scheduler flag', { scheduler: 'sh', flags: 0x10 }],
];
for (const [what, change] of serviceEdits) {
  test(`a changed ${what} edits the service in place, and nothing else`, (t) => {
    const r = run(table([service(web, change), [a]]), table([service(web), [a]]), [webId, aId]);
    t.deepEqual(
      r.ops.map((o) => o.op),
      ['edit-service'],
    );
  });
}

const destEdits: [string, Parameters<typeof dest>[2]][] = [
  ['weight', { weight: 3 }],
  ['weight to 0 (quiesced)', { weight: 0 }],
  ['forwarding', { forwarding: 'dr' }],
  ['upper threshold', { upperThreshold: 100 }],
  ['lower threshold', { upperThreshold: 100, lowerThreshold: 10 }],
  ['tunnel', { forwarding: 'tun', tunnel: { type: 'gue', port: 6080, flags: 1 } }],
];
for (const [what, change] of destEdits) {
  test(`a changed ${what} edits only that destination`, (t) => {
    const changed = dest('10.0.0.1', 80, change);
    const r = run(table([service(web), [changed, b]]), table([service(web), [a, b]]), [webId, aId, bId]);
    t.deepEqual(r.ops, [{ op: 'edit-dest', service: web, dest: changed }]);
  });
}

test('tunnel details of a destination that does not tunnel are not a change', (t) => {
  const odd = dest('10.0.0.1', 80, { tunnel: { type: 'gre', port: 0, flags: 1 } });
  t.deepEqual(run(table([service(web), [a]]), table([service(web), [odd]]), [webId, aId]).ops, []);
});

test('a tunnel change between gue ports is an edit', (t) => {
  const gue = (port: number) =>
    dest('10.0.0.1', 80, { forwarding: 'tun', tunnel: { type: 'gue', port, flags: 0 } });
  const r = run(table([service(web), [gue(6081)]]), table([service(web), [gue(6080)]]), [webId, aId]);
  t.deepEqual(r.lines, [
    'edit-dest tcp 192.0.2.10:80 -> 10.0.0.1:80 tun gue port 6081 flags 0 weight 1 thresholds 0-0',
  ]);
});

test('a destination removed from the configuration is deleted', (t) => {
  const r = run(table([service(web), [a]]), table([service(web), [a, b]]), [webId, aId, bId]);
  t.deepEqual(r.lines, ['delete-dest tcp 192.0.2.10:80 -> 10.0.0.2:80']);
  t.deepEqual(r.owned, [webId, aId].sort());
});

test('a service removed from the configuration is deleted whole, without deleting its destinations one by one', (t) => {
  const r = run(new Map(), table([service(web), [a, b]]), [webId, aId, bId]);
  t.deepEqual(r.lines, ['delete-service tcp 192.0.2.10:80']);
  t.deepEqual(r.owned, []);
});

test('a foreign service is left alone and reported', (t) => {
  const foreign = tcp('198.51.100.1', 53);
  const r = run(
    table([service(web), [a]]),
    table([service(web), [a]], [service(foreign), [dest('10.9.9.9')]]),
    [webId, aId],
  );
  t.deepEqual(r.ops, []);
  t.deepEqual(r.foreign, [serviceId(foreign)]);
  t.false(r.owned.includes(serviceId(foreign)));
});

test('with lvs_flush a foreign service is deleted', (t) => {
  const foreign = tcp('198.51.100.1', 53);
  const r = run(new Map(), table([service(foreign), [dest('10.9.9.9')]]), [], true);
  t.deepEqual(r.lines, ['delete-service tcp 198.51.100.1:53']);
});

test('a foreign destination inside a configured service is left alone, or deleted with lvs_flush', (t) => {
  const stray = dest('10.9.9.9');
  const want = table([service(web), [a]]);
  const have = table([service(web), [a, stray]]);
  const kept = run(want, have, [webId, aId]);
  t.deepEqual(kept.ops, []);
  t.deepEqual(kept.foreign, [ownedDestId(web, stray)]);
  const flushed = run(want, have, [webId, aId], true);
  t.deepEqual(flushed.lines, ['delete-dest tcp 192.0.2.10:80 -> 10.9.9.9:80']);
});

test('a foreign service that collides with a configured one is adopted, edited in place, and owned', (t) => {
  const r = run(table([service(web, { scheduler: 'rr' }), [a]]), table([service(web), [a, b]]));
  t.deepEqual(r.adopted, [webId, aId]);
  t.deepEqual(r.lines, ['edit-service tcp 192.0.2.10:80 rr flags 0x0 timeout 0s netmask 4294967295']);
  t.deepEqual(r.owned, [webId, aId].sort());
  t.deepEqual(r.foreign, [bId], 'the unconfigured foreign destination in it stays foreign');
});

test('after a restart recorded entries no longer configured are removed and configured ones adopted silently', (t) => {
  const old = tcp('192.0.2.20', 80);
  const kernel = table([service(web), [a, b]], [service(old), [dest('10.0.0.5')]]);
  const recorded = [webId, aId, bId, serviceId(old), ownedDestId(old, dest('10.0.0.5'))];
  const r = run(table([service(web), [a]]), kernel, recorded);
  t.deepEqual(r.lines, ['delete-service tcp 192.0.2.20:80', 'delete-dest tcp 192.0.2.10:80 -> 10.0.0.2:80']);
  t.deepEqual(r.adopted, []);
});

test('recorded entries that are gone from the kernel are forgotten, or re-created when configured', (t) => {
  const r = run(table([service(web), [a]]), new Map(), [webId, aId, serviceId(tcp('192.0.2.99', 1))]);
  t.deepEqual(
    r.ops.map((o) => o.op),
    ['add-service', 'add-dest'],
  );
  t.deepEqual(r.owned, [webId, aId].sort());
});

test('deletes of services go first, then service adds and edits, then destination changes', (t) => {
  const s2 = tcp('192.0.2.11', 80);
  const s3 = tcp('192.0.2.12', 80);
  const kernel = table([service(web), [a, b]], [service(s3), []]);
  const desired = table(
    [service(web, { scheduler: 'rr' }), [dest('10.0.0.1', 80, { weight: 2 })]],
    [service(s2), [a]],
  );
  const r = run(desired, kernel, [webId, aId, bId, serviceId(s3)]);
  t.deepEqual(
    r.ops.map((o) => o.op),
    ['delete-service', 'edit-service', 'add-service', 'delete-dest', 'edit-dest', 'add-dest'],
  );
});

test('removeOwned deletes owned services whole and owned destinations in foreign services', (t) => {
  const foreign = tcp('198.51.100.1', 53);
  const mine = dest('10.0.0.7');
  const kernel = table([service(web), [a]], [service(foreign), [mine, dest('10.0.0.8')]]);
  t.deepEqual(
    removeOwned(kernel, Ownership.fromIds([webId, aId, ownedDestId(foreign, mine)])).map(formatOp),
    ['delete-service tcp 192.0.2.10:80', 'delete-dest tcp 198.51.100.1:53 -> 10.0.0.7:80'],
  );
});

// ---- property: for random tables the ops reach the desired table exactly, touch nothing foreign,
// and a second reconcile finds nothing to do.
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

function randomTable(r: (n: number) => number): IpvsTable {
  const entries: Parameters<typeof table> = [];
  for (let i = 0; i < 8; i++) {
    if (r(2) === 0) continue;
    const svc = service(tcp(`192.0.2.${i}`, 80), {
      scheduler: ['wlc', 'rr', 'sh'][r(3)] as string,
      flags: r(2),
    });
    const dests = [];
    for (let j = 0; j < 6; j++) {
      if (r(2) === 0) continue;
      dests.push(
        dest(`10.0.${i}.${j}`, 80, { weight: r(4), forwarding: (['nat', 'dr', 'tun'] as const)[r(3)] }),
      );
    }
    entries.push([svc, dests]);
  }
  return table(...entries);
}

test('seeded property: ops reach the desired table, leave foreign entries alone, and are idempotent', (t) => {
  for (let seed = 1; seed <= 400; seed++) {
    const r = rng(seed);
    const desired = randomTable(r);
    const kernel = randomTable(r);
    const owned = new Set<string>();
    for (const [id, e] of kernel) {
      if (r(2) === 0) owned.add(id);
      for (const d of e.destinations.values()) if (r(2) === 0) owned.add(ownedDestId(e.service.key, d));
    }
    const flushForeign = r(4) === 0;
    const result = reconcile({ desired, kernel, owned: Ownership.fromIds(owned), flushForeign });
    const after = cloneTable(kernel);
    for (const op of result.ops) t.is(applyOp(after, op), 0, `seed ${seed}: ${formatOp(op)}`);
    for (const [id, want] of desired) {
      const got = after.get(id);
      t.deepEqual(got?.service, want.service, `seed ${seed}: ${id}`);
      for (const [did, d] of want.destinations)
        t.deepEqual(got?.destinations.get(did), d, `seed ${seed}: ${id} ${did}`);
    }
    for (const [id, e] of kernel) {
      if (desired.has(id) || owned.has(id)) continue;
      if (flushForeign) t.false(after.has(id), `seed ${seed}: ${id} flushed`);
      else t.deepEqual(after.get(id), e, `seed ${seed}: foreign ${id} untouched`);
    }
    const again = reconcile({ desired, kernel: after, owned: result.owned, flushForeign });
    t.deepEqual(again.ops, [], `seed ${seed}: idempotent`);
    t.deepEqual(again.owned.ids(), result.owned.ids());
    // minimal: one op per difference (service add/edit/delete, destination add/edit/delete)
    let differences = 0;
    for (const [id, want] of desired) {
      const have = kernel.get(id);
      if (have === undefined) {
        differences += 1 + want.destinations.size;
        continue;
      }
      if (JSON.stringify(have.service) !== JSON.stringify(want.service)) differences++;
      for (const [did, d] of want.destinations) {
        const h = have.destinations.get(did);
        if (h === undefined || h.weight !== d.weight || h.forwarding !== d.forwarding) differences++;
      }
      for (const [did, d] of have.destinations)
        if (!want.destinations.has(did) && (owned.has(ownedDestId(have.service.key, d)) || flushForeign))
          differences++;
    }
    for (const id of kernel.keys()) if (!desired.has(id) && (owned.has(id) || flushForeign)) differences++;
    t.is(result.ops.length, differences, `seed ${seed}: minimal`);
  }
});

test('ownership round-trips through its flat ids and unions', (t) => {
  const o = Ownership.fromIds([webId, aId, 'udp 192.0.2.1:53 -> 10.0.0.9:53']);
  t.deepEqual(o.ids(), [webId, aId, 'udp 192.0.2.1:53 -> 10.0.0.9:53'].sort());
  t.true(o.hasService(webId));
  t.false(o.hasService('udp 192.0.2.1:53'));
  t.true(o.hasDest('udp 192.0.2.1:53', '10.0.0.9:53'));
  t.is(o.size, 3);
  t.deepEqual(
    o.union(Ownership.fromIds([bId])).ids(),
    [webId, aId, bId, 'udp 192.0.2.1:53 -> 10.0.0.9:53'].sort(),
  );
  t.is(o.size, 3, 'union copies');
});

test('a scope limits reconcile to the services it names; the ownership it returns covers them only', (t) => {
  const other = tcp('192.0.2.11', 80);
  const gone = tcp('192.0.2.12', 80);
  const want = table([service(web), [a, dest('10.0.0.2', 80, { weight: 5 })]], [service(other), [a]]);
  const have = table(
    [service(web), [a, b]],
    [service(other), [dest('10.0.0.1', 80, { weight: 9 })]],
    [service(gone), [a]],
  );
  const owned = Ownership.fromIds([webId, aId, bId, serviceId(other), serviceId(gone)]);
  const scope = new Map([
    [webId, undefined],
    [serviceId(gone), undefined],
  ]);
  const r = reconcile({ desired: want, kernel: have, owned, flushForeign: false, scope });
  t.deepEqual(r.ops.map(formatOp), [
    'delete-service tcp 192.0.2.12:80',
    'edit-dest tcp 192.0.2.10:80 -> 10.0.0.2:80 nat weight 5 thresholds 0-0',
  ]);
  t.deepEqual(r.owned.ids(), [webId, aId, bId].sort(), 'the scope only');
  owned.replaceScope(scope, r.owned);
  t.deepEqual(
    owned.ids(),
    [webId, aId, bId, serviceId(other)].sort(),
    'patched in place: gone is no longer owned',
  );
});

test('a destination scope: only the named destinations are compared; ownership follows adds and deletes', (t) => {
  const c = dest('10.0.0.3');
  const cId = ownedDestId(web, c);
  const want = table([
    service(web),
    [dest('10.0.0.1', 80, { weight: 4 }), dest('10.0.0.2', 80, { weight: 9 }), c],
  ]);
  const have = table([service(web), [a, b]], [service(tcp('192.0.2.99', 80)), [a]]);
  const owned = Ownership.fromIds([webId, aId, bId]);
  const mine = owned.dests.get(webId);
  const scope = new Map([[webId, new Set([destId(a), destId(c)])]]);
  const r = reconcile({ desired: want, kernel: have, owned, flushForeign: false, scope });
  t.deepEqual(
    r.ops.map(formatOp),
    [
      'edit-dest tcp 192.0.2.10:80 -> 10.0.0.1:80 nat weight 4 thresholds 0-0',
      'add-dest tcp 192.0.2.10:80 -> 10.0.0.3:80 nat weight 1 thresholds 0-0',
    ],
    'b (weight 9 wanted) is outside the scope, and so is the foreign service',
  );
  t.deepEqual(r.owned.ids(), [webId, aId, bId, cId].sort());
  t.deepEqual([...(mine ?? [])], [destId(a), destId(b)], 'the running ownership is not changed by reconcile');
  const gone = reconcile({
    desired: table([service(web), [a]]),
    kernel: have,
    owned,
    flushForeign: false,
    scope: new Map([[webId, new Set([destId(b)])]]),
  });
  t.deepEqual(gone.ops.map(formatOp), ['delete-dest tcp 192.0.2.10:80 -> 10.0.0.2:80']);
  t.deepEqual(gone.owned.ids(), [webId, aId].sort());
});

test("seeded property: a scope naming what changed (services, or destinations in them) gives the full pass's ops and ownership", (t) => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed);
    const running = randomTable(r);
    const desired = randomTable(r);
    // a settled kernel: the running table, all of it owned
    const kernel = cloneTable(running);
    const ownedIds: string[] = [];
    for (const [id, e] of kernel) {
      ownedIds.push(id);
      for (const d of e.destinations.values()) ownedIds.push(ownedDestId(e.service.key, d));
    }
    // the scope a reload plan gives: changed services, and in a service whose own fields did not
    // change, the changed destinations (every other seed), or the whole service
    const json = (x: unknown) => JSON.stringify(x);
    const scope = new Map<string, Set<string> | undefined>();
    for (const id of new Set([...running.keys(), ...desired.keys()])) {
      const before = running.get(id);
      const after = desired.get(id);
      if (before === undefined || after === undefined || json(before.service) !== json(after.service)) {
        if (json(before?.service) !== json(after?.service)) scope.set(id, undefined);
        continue;
      }
      const dests = new Set<string>();
      for (const d of new Set([...before.destinations.keys(), ...after.destinations.keys()]))
        if (json(before.destinations.get(d)) !== json(after.destinations.get(d))) dests.add(d);
      if (dests.size > 0) scope.set(id, seed % 2 === 0 ? dests : undefined);
    }
    const full = reconcile({ desired, kernel, owned: Ownership.fromIds(ownedIds), flushForeign: false });
    const owned = Ownership.fromIds(ownedIds);
    const scoped = reconcile({ desired, kernel, owned, flushForeign: false, scope });
    t.deepEqual(scoped.ops.map(formatOp).sort(), full.ops.map(formatOp).sort(), `seed ${seed}: ops`);
    t.deepEqual(owned.replaceScope(scope, scoped.owned).ids(), full.owned.ids(), `seed ${seed}: ownership`);
  }
});
