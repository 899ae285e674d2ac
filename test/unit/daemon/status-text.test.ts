// lvsctl status as text: one line per VRRP instance, then the IPVS table.
import test from 'ava';
import { statusText } from '../../../src/daemon/status-text.js';
import type { RuntimeInstanceInfo } from '../../../src/daemon/vrrp-runtime.js';

const web: RuntimeInstanceInfo = {
  name: 'web',
  vrid: 51,
  state: 'MASTER',
  priority: 130,
  basePriority: 150,
  master: { address: '10.0.0.1', priority: 130 },
  masterAdverIntervalMs: 1000,
  nextDeadlineInMs: 500,
  trackers: { interfaces: {}, scripts: {}, files: {} },
  received: 12,
  dropped: { 'wrong version': 1 },
  recent: [],
  codecDrops: { 'bad-ttl': 2 },
  vipsHeld: true,
};

test('instances, drops, and the IPVS table', (t) => {
  const text = statusText({
    routerId: 'director-a',
    processes: { supervisor: 10, vrrp: 11, lvs: 12 },
    vrrp: [web],
    ipvs: {
      state: 'running',
      table: 'IP Virtual Server version 1.2.1 (size=4096)\nTCP  192.0.2.10:80 wlc\n',
      services: [],
    },
  });
  t.is(
    text,
    [
      'lvsd director-a (pids: supervisor 10, vrrp 11, lvs 12)',
      '',
      'VRRP',
      '  INSTANCE  VRID  STATE   PRIO       MASTER          VIPS  RX  DROPPED',
      '  web       51    MASTER  130 (150)  10.0.0.1 (130)  held  12  wrong version:1,bad-ttl:2',
      '',
      'IPVS',
      'IP Virtual Server version 1.2.1 (size=4096)',
      'TCP  192.0.2.10:80 wlc',
    ].join('\n'),
  );
});

test('nothing running, IPVS not in use, a child restarting', (t) => {
  const text = statusText({
    routerId: 'b',
    processes: { supervisor: 1, vrrp: null },
    vrrp: { error: 'the vrrp process is restarting' },
    ipvs: null,
  });
  t.regex(text, /pids: supervisor 1, vrrp -/);
  t.regex(text, /VRRP\n {2}unavailable: the vrrp process is restarting/);
  t.regex(text, /IPVS\n {2}not started/);
});
