// Notify commands and FIFO lines, in keepalived's conventions.
import test from 'ava';
import type { Action } from '../../../src/vrrp/actions.js';
import { fifoLine } from '../../../src/vrrp/notify.js';
import { advert, master, started } from './helpers.js';

const notify = {
  master: ['/etc/lvsd/notify.sh', 'master'],
  backup: ['/etc/lvsd/notify.sh', 'backup'],
  fault: ['/etc/lvsd/notify.sh', 'fault'],
  stop: ['/etc/lvsd/notify.sh', 'stop'],
  any: ['/usr/local/bin/any'],
};

const notes = (actions: readonly Action<string>[]): string[] =>
  actions.flatMap((a) =>
    a.type === 'notify-command' ? [a.argv.join(' ')] : a.type === 'notify-fifo' ? [`fifo ${a.line}`] : [],
  );

test('FIFO lines are keepalived\'s `%s "%s" %s %d`', (t) => {
  t.is(fifoLine('INSTANCE', 'web', 'MASTER', 150), 'INSTANCE "web" MASTER 150');
  t.is(fifoLine('GROUP', 'front', 'FAULT', 0), 'GROUP "front" FAULT 0');
});

test('each state runs its command, then `any` with INSTANCE name STATE priority, then the FIFO line', (t) => {
  const { inst, actions } = started({ notify, priority: 150, name: 'web' });
  t.deepEqual(notes(actions), [
    '/etc/lvsd/notify.sh backup',
    '/usr/local/bin/any INSTANCE web BACKUP 150',
    'fifo INSTANCE "web" BACKUP 150',
  ]);
  t.deepEqual(notes(inst.step({ type: 'timer' }, 10_000)), [
    '/etc/lvsd/notify.sh master',
    '/usr/local/bin/any INSTANCE web MASTER 150',
    'fifo INSTANCE "web" MASTER 150',
  ]);
  t.deepEqual(notes(inst.step({ type: 'shutdown' }, 10_001)), [
    '/etc/lvsd/notify.sh stop',
    '/usr/local/bin/any INSTANCE web STOP 150',
    'fifo INSTANCE "web" STOP 150',
  ]);
});

test('FAULT is notified with the fault command', (t) => {
  const { inst } = started({ notify, trackInterfaces: [{ name: 'eth1', weight: 0 }] });
  t.deepEqual(notes(inst.step({ type: 'interface', name: 'eth1', up: false }, 5)), [
    '/etc/lvsd/notify.sh fault',
    '/usr/local/bin/any INSTANCE web FAULT 100',
    'fifo INSTANCE "web" FAULT 100',
  ]);
});

test('without commands only the FIFO line is emitted; commands come after the state effects', (t) => {
  const { actions } = master();
  t.deepEqual(notes(actions), ['fifo INSTANCE "web" MASTER 100']);
  t.is(actions.at(-1)?.type, 'notify-fifo');
});

test('a step that changes nothing notifies nothing', (t) => {
  const { inst, at } = master({ notify });
  t.deepEqual(notes(inst.step({ type: 'advert', advert: advert({ priority: 50 }) }, at + 1)), []);
});
