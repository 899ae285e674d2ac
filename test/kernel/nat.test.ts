// NAT end to end in the guest: a client and two real servers (busybox httpd) in namespaces, the
// guest's root namespace as the director programmed by lvsd's manager. 100 requests to the VIP
// split 50/50 under rr and 75/25 under wrr 3:1 (after a reload).
import test from 'ava';
import { scenario } from './harness/session.js';

interface Nat {
  rr: Record<string, number>;
  wrr: Record<string, number>;
  table: string;
  after: string;
  reloadPlan: { steps: { op: string; ok: boolean }[] };
}

let result: Nat;
test.before(async (t) => {
  t.timeout(15 * 60_000);
  result = await scenario<Nat>('nat');
});

test('rr splits 100 requests 50/50', (t) => {
  t.deepEqual(result.rr, { rs1: 50, rs2: 50 });
});

test('wrr 3:1 splits 100 requests 75/25', (t) => {
  t.deepEqual(result.wrr, { rs1: 75, rs2: 25 });
});

test('the reload from rr to wrr 3:1 edited the service and one weight', (t) => {
  t.deepEqual(
    result.reloadPlan.steps.map((s) => `${s.ok} ${s.op.split(' ').slice(0, 2).join(' ')}`),
    ['true edit-service tcp', 'true edit-dest tcp'],
  );
  t.regex(result.table, /TCP {2}192\.0\.2\.10:80 wrr\n {2}-> 10\.1\.1\.2:8080 +Masq +3 /);
});

test('lvs_flush_on_stop left an empty table', (t) => {
  t.is(result.after.split('\n').filter((l) => l !== '').length, 3);
});
