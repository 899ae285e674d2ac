// The whole transition graph of one instance: every state against every event, with the guards
// (INIT and FAULT ignore adverts, a second Startup does nothing, ...). Each cell names its rule.
import test from 'ava';
import type { InstanceEvent } from '../../../src/vrrp/events.js';
import { Instance } from '../../../src/vrrp/instance.js';
import type { VrrpState } from '../../../src/vrrp/types.js';
import { advert, spec } from './helpers.js';

const tracked = { trackInterfaces: [{ name: 'eth1', weight: 0 }], primaryAddress: '10.0.0.5' };

function inState(state: VrrpState): Instance<string> {
  const inst = new Instance(spec(tracked));
  if (state === 'INIT') return inst;
  inst.step({ type: 'startup' }, 0);
  if (state === 'MASTER') inst.step({ type: 'timer' }, inst.nextDeadlineMs() as number);
  if (state === 'FAULT') inst.step({ type: 'interface', name: 'eth1', up: false }, 0);
  expectState(inst, state);
  return inst;
}

function expectState(inst: Instance<string>, state: VrrpState): void {
  if (inst.state !== state) throw new Error(`setup: ${inst.state} instead of ${state}`);
}

type Row = [string, (inst: Instance<string>) => InstanceEvent, Record<VrrpState, VrrpState>];

const ad =
  (priority: number, sourceAddress = '10.0.0.2') =>
  () =>
    ({ type: 'advert', advert: advert({ priority, sourceAddress }) }) as InstanceEvent;

const rows: Row[] = [
  [
    'Startup (6.4.1)',
    () => ({ type: 'startup' }),
    { INIT: 'BACKUP', BACKUP: 'BACKUP', MASTER: 'MASTER', FAULT: 'FAULT' },
  ],
  [
    'Shutdown (6.4.2, 6.4.3)',
    () => ({ type: 'shutdown' }),
    { INIT: 'INIT', BACKUP: 'INIT', MASTER: 'INIT', FAULT: 'INIT' },
  ],
  [
    'its timer fires (6.4.2, 6.4.3)',
    () => ({ type: 'timer' }),
    { INIT: 'INIT', BACKUP: 'MASTER', MASTER: 'MASTER', FAULT: 'FAULT' },
  ],
  [
    'priority 0 (6.4.2: skew; 6.4.3: advert)',
    ad(0),
    { INIT: 'INIT', BACKUP: 'BACKUP', MASTER: 'MASTER', FAULT: 'FAULT' },
  ],
  [
    'higher priority (6.4.3: step down)',
    ad(200),
    { INIT: 'INIT', BACKUP: 'BACKUP', MASTER: 'BACKUP', FAULT: 'FAULT' },
  ],
  [
    'lower priority (6.4.2: discard; 6.4.3: re-assert)',
    ad(50),
    { INIT: 'INIT', BACKUP: 'BACKUP', MASTER: 'MASTER', FAULT: 'FAULT' },
  ],
  [
    'equal priority, higher address',
    ad(100, '10.0.0.9'),
    { INIT: 'INIT', BACKUP: 'BACKUP', MASTER: 'BACKUP', FAULT: 'FAULT' },
  ],
  [
    'equal priority, lower address',
    ad(100, '10.0.0.1'),
    { INIT: 'INIT', BACKUP: 'BACKUP', MASTER: 'MASTER', FAULT: 'FAULT' },
  ],
  [
    'weight-0 tracker fails',
    () => ({ type: 'interface', name: 'eth1', up: false }),
    { INIT: 'INIT', BACKUP: 'FAULT', MASTER: 'FAULT', FAULT: 'FAULT' },
  ],
  [
    'weight-0 tracker recovers',
    () => ({ type: 'interface', name: 'eth1', up: true }),
    { INIT: 'INIT', BACKUP: 'BACKUP', MASTER: 'MASTER', FAULT: 'BACKUP' },
  ],
];

for (const [name, event, expected] of rows) {
  test(`transitions: ${name}`, (t) => {
    for (const from of ['INIT', 'BACKUP', 'MASTER', 'FAULT'] as const) {
      const inst = inState(from);
      const e = event(inst);
      const now = e.type === 'timer' ? (inst.nextDeadlineMs() ?? 50_000) : 1;
      inst.step(e, now);
      t.is(inst.state, expected[from], `${from} + ${name}`);
    }
  });
}

test('transitions: every transition is reported with its reason, in the format of the log', (t) => {
  const inst = inState('BACKUP');
  const actions = inst.step({ type: 'timer' }, inst.nextDeadlineMs() as number);
  t.like(actions[0], { type: 'transition', from: 'BACKUP', to: 'MASTER', reason: 'master down timer' });
  t.deepEqual(inst.info(0).recent.at(-1), '3609ms BACKUP -> MASTER (master down timer)');
});
