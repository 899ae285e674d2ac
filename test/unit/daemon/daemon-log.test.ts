// The daemon's log lines: tagged with the process; under systemd (JOURNAL_STREAM) without a timestamp
// and with the syslog priority, so journalctl -p filters them.
import test from 'ava';
import { Writable } from 'node:stream';
import { daemonLogger } from '../../../src/daemon/daemon-log.js';

function capture() {
  let text = '';
  const stream = new Writable({ write: (chunk, _e, cb) => ((text += String(chunk)), cb()) });
  return { stream, text: () => text };
}

test('journal format: priority prefix, component, fields; no timestamp', async (t) => {
  const out = capture();
  const log = daemonLogger({ level: 'debug', format: 'text' }, 'vrrp', true, out.stream);
  log.info('web: BACKUP -> MASTER (master down timer)', { instance: 'web' });
  log.warn('cannot send adverts', { error: 'no route' });
  log.error('bad');
  log.debug('detail');
  await new Promise((r) => setImmediate(r));
  t.deepEqual(out.text().trimEnd().split('\n'), [
    '<6>[vrrp] web: BACKUP -> MASTER (master down timer) instance=web',
    '<4>[vrrp] cannot send adverts error="no route"',
    '<3>[vrrp] bad',
    '<7>[vrrp] detail',
  ]);
});

test('outside the journal: the timestamped text format with the component', async (t) => {
  const out = capture();
  daemonLogger({ level: 'info', format: 'text' }, 'supervisor', false, out.stream).info('started', {
    pid: 1,
  });
  await new Promise((r) => setImmediate(r));
  t.regex(out.text(), /^\d{4}-\d\d-\d\dT\S+Z info \[supervisor\] started pid=1\n$/);
});
