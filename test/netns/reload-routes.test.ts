// A reload of virtual_routes on real directors (VRRP v3 at 50 ms), read from the kernel's routing
// table: the MASTER deletes the removed route and adds the added one and leaves the kept one alone; the
// BACKUP installs nothing; reloads that leave the routes as they were (the same file, a new priority)
// touch none of them (`ip monitor route` stays silent); at stop the MASTER takes away exactly the routes
// it holds, and the BACKUP that takes over installs the new ones.
import test from 'ava';
import { join } from 'node:path';
import { scratch, writeLvsdConfig } from './helpers/configs.js';
import { createLab, SUBNET4, type Lab } from './helpers/lab.js';
import { lvsctl } from './helpers/lvsctl.js';
import { spawnIn, startLvsd, stop } from './helpers/procs.js';
import { sleep, waitFor } from './helpers/wait.js';

const VIP = `${SUBNET4}.100`;
const KEPT = { to: '198.51.100.0/24', via: `${SUBNET4}.3` };
const REMOVED = { to: '203.0.113.0/24', via: `${SUBNET4}.3` };
const ADDED = { to: '100.64.0.0/24', via: `${SUBNET4}.4` };
const MARKER = '192.0.2.255';
const TRANSITION = / -> /g;

/** The host's IPv4 routes other than the connected ones, as "to via gateway". */
function routes(lab: Lab, host: string): string[] {
  return lab
    .exec(host, ['ip', 'route', 'show'])
    .split('\n')
    .filter((l) => l !== '' && !l.includes('proto kernel') && !l.includes(MARKER))
    .map((l) => l.split(' ').slice(0, 3).join(' '))
    .sort();
}

const text = (...list: { to: string; via: string }[]) => list.map((r) => `${r.to} via ${r.via}`).sort();

test('a reload on a MASTER deletes the removed route and adds the added one; unchanged routes are left alone', async (t) => {
  const started = Date.now();
  const lab = createLab(['a', 'b']);
  t.teardown(() => lab.destroy());
  const files = scratch();
  t.teardown(files.cleanup);
  const write = (list: { to: string; via: string }[], priorityA = 150) => {
    writeLvsdConfig(files.dir, 'a', { web: { priority: priorityA, vips: [`${VIP}/24`], routes: list } });
    writeLvsdConfig(files.dir, 'b', { web: { priority: 100, vips: [`${VIP}/24`], routes: list } });
  };
  const reloadBoth = async () => {
    for (const host of ['a', 'b']) {
      const r = await lvsctl(join(files.dir, `${host}.sock`), ['reload']);
      t.is(r.code, 0, r.stderr);
    }
  };
  write([KEPT, REMOVED]);
  const a = startLvsd(lab.ns('a'), 'lvsd-a', join(files.dir, 'a.yaml'));
  await a.waitOutput(/web: BACKUP -> MASTER/, 5000);
  const b = startLvsd(lab.ns('b'), 'lvsd-b', join(files.dir, 'b.yaml'));
  await b.waitOutput(/web: INIT -> BACKUP/, 5000);
  await waitFor('the routes on a', () => routes(lab, 'a').length === 2, 2000);
  t.deepEqual(routes(lab, 'a'), text(KEPT, REMOVED));
  t.deepEqual(routes(lab, 'b'), [], 'the backup holds no route');

  // Every route change in a's kernel from here on; the marker route shows the monitor is listening.
  const monitor = spawnIn(lab.ns('a'), 'monitor-a', ['ip', 'monitor', 'route']);
  t.teardown(() => stop(monitor));
  lab.exec('a', ['ip', 'route', 'add', 'blackhole', `${MARKER}/32`]);
  await monitor.waitOutput(new RegExp(MARKER.replaceAll('.', '\\.')), 2000);
  let seen = monitor.output().length;
  const changes = () => {
    const lines = monitor.output().slice(seen).split('\n').filter(Boolean);
    seen = monitor.output().length;
    return lines.map((l) => l.split(' ').slice(0, 4).join(' '));
  };
  const transitions = [a, b].map((p) => p.output().match(TRANSITION)?.length);

  const t0 = Date.now();
  write([KEPT, ADDED]);
  await reloadBoth();
  await waitFor('the routes to change on a', () => routes(lab, 'a').includes(text(ADDED)[0] as string), 2000);
  t.log(`routes changed on the MASTER ${Date.now() - t0} ms after the reload was asked for`);
  t.deepEqual(routes(lab, 'a'), text(KEPT, ADDED));
  t.regex(a.output(), /configuration reloaded .*changed=web\(virtual_routes\)/);
  await sleep(300);
  t.deepEqual(changes(), [`Deleted ${REMOVED.to} via ${REMOVED.via}`, `${ADDED.to} via ${ADDED.via} dev`]);
  t.deepEqual(routes(lab, 'b'), [], 'the backup still holds no route');

  await reloadBoth(); // the same files
  write([KEPT, ADDED], 160); // another priority, the same routes
  await reloadBoth();
  await a.waitOutput(/configuration reloaded .*changed=web\(priority\)/, 2000);
  await sleep(300);
  t.deepEqual(changes(), [], 'no route deleted or added by reloads that leave the routes alone');
  t.deepEqual(routes(lab, 'a'), text(KEPT, ADDED));
  t.deepEqual(
    [a, b].map((p) => p.output().match(TRANSITION)?.length),
    transitions,
    'no state change on either director',
  );

  t.is(await stop(a), 0);
  t.deepEqual(routes(lab, 'a'), [], 'a stopped MASTER leaves none of its routes, old or new');
  await waitFor('b to install the new routes', () => routes(lab, 'b').length === 2, 2000);
  t.deepEqual(routes(lab, 'b'), text(KEPT, ADDED));
  t.is(await stop(b), 0);
  t.deepEqual(routes(lab, 'b'), []);
  t.log(`wall time ${Date.now() - started} ms`);
});
