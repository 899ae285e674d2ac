// lvsd's IPVS manager on configuration files in the guest, `ipvsadm -S -n` as the oracle: start
// programs the configuration (adopting a colliding foreign service, leaving another alone), a
// reload of one weight changes only that entry (table and recorded plan), a restart on a smaller
// configuration removes the recorded service no longer configured, lvs_flush_on_stop.
import test from 'ava';
import type { IpvsPlan } from '../../src/ipvs/plan.js';
import { scenario } from './harness/session.js';

interface Step {
  name: string;
  plan: IpvsPlan | null;
  saved: string[];
  log: string[];
}
interface Manager {
  steps: Step[];
  timeouts: string;
  lastPlanFile: IpvsPlan;
  owned: { version: number; owned: string[] };
}

let result: Manager;
const step = (name: string): Step => {
  const s = result.steps.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no step ${name}`);
  return s;
};
test.before(async (t) => {
  t.timeout(15 * 60_000);
  result = await scenario<Manager>('manager');
});

const FOREIGN = ['-A -t 198.51.100.1:53 -s rr', '-a -t 198.51.100.1:53 -r 10.9.9.9:53 -m -w 1'];
const WEB = [
  '-A -t 192.0.2.10:80 -s wrr -p 120 -M 255.255.255.0',
  '-a -t 192.0.2.10:80 -r 10.0.0.2:80 -g -w 2',
  '-a -t 192.0.2.10:80 -r 10.0.0.3:80 -m -w 3',
];
const DNS = ['-A -u [2001:db8::53]:53 -s sh', '-a -u [2001:db8::53]:53 -r [2001:db8::1]:53 -m -w 1'];
const sorted = (lines: string[]) => [...lines].sort();

test('start programs the configuration, adopts the colliding service and leaves the foreign one', (t) => {
  const s = step('start');
  t.deepEqual(s.saved, sorted([...FOREIGN, ...WEB, '-a -t 192.0.2.10:80 -r 10.0.0.1:80 -m -w 1', ...DNS]));
  t.deepEqual(s.plan?.adopted, ['tcp 192.0.2.10:80', 'tcp 192.0.2.10:80 -> 10.0.0.1:80']);
  t.deepEqual(s.plan?.foreign, ['tcp 198.51.100.1:53']);
  t.true(s.log.includes('warn adopting IPVS entry tcp 192.0.2.10:80: it exists but lvsd did not create it'));
  t.true(s.plan?.steps.every((x) => x.ok));
  t.is(result.timeouts.trim(), 'Timeout (tcp tcpfin udp): 1200 90 200');
});

test('the start-up warning about ip_forward comes from the guest kernel', (t) => {
  t.true(
    step('start').log.some((l) =>
      l.startsWith('warn NAT virtual servers are configured but net.ipv4.ip_forward is 0'),
    ),
  );
});

test('a reload changing one weight changes only that entry, in the table and in the recorded plan', (t) => {
  const before = step('start').saved;
  const after = step('reload one weight').saved;
  t.deepEqual(
    before.filter((l) => !after.includes(l)),
    ['-a -t 192.0.2.10:80 -r 10.0.0.1:80 -m -w 1'],
  );
  t.deepEqual(
    after.filter((l) => !before.includes(l)),
    ['-a -t 192.0.2.10:80 -r 10.0.0.1:80 -m -w 4'],
  );
  t.deepEqual(
    step('reload one weight').plan?.steps.map((s) => s.op),
    ['edit-dest tcp 192.0.2.10:80 -> 10.0.0.1:80 nat weight 4 thresholds 0-0'],
  );
  t.is(result.lastPlanFile.reason, 'reload');
  t.deepEqual(result.lastPlanFile.steps, step('reload one weight').plan?.steps);
});

test('stop without lvs_flush_on_stop leaves the table as it was', (t) => {
  t.deepEqual(step('stop').saved, step('reload one weight').saved);
});

test('a restart adopts the configured entries silently and removes the recorded one no longer configured', (t) => {
  const s = step('restart without the dns service');
  t.deepEqual(
    s.plan?.steps.map((x) => x.op),
    ['set-timeouts timeouts tcp 1200s tcp_fin 90s udp 200s', 'delete-service udp [2001:db8::53]:53'],
  );
  t.deepEqual(s.plan?.adopted, []);
  t.false(s.log.some((l) => l.includes('adopting')));
  t.deepEqual(s.saved, sorted([...FOREIGN, ...WEB, '-a -t 192.0.2.10:80 -r 10.0.0.1:80 -m -w 4']));
});

test('lvs_flush_on_stop removes lvsd entries; the foreign service survives everything', (t) => {
  const s = step('stop with lvs_flush_on_stop');
  t.deepEqual(
    s.plan?.steps.map((x) => x.op),
    ['delete-service tcp 192.0.2.10:80'],
  );
  t.deepEqual(s.saved, sorted(FOREIGN));
  t.deepEqual(result.owned, { version: 1, owned: [] });
});
