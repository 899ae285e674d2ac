// lvsd's IPVS manager on configuration files: start with foreign entries present (one colliding),
// a reload changing one weight, a restart on a smaller configuration, lvs_flush_on_stop.
import { readFileSync } from 'node:fs';
import { Lines, manager, writeConfig } from './lvs.js';
import { ipvsadm, saved } from './util.js';

const DIR = '/tmp/lvsd-kernel/manager';
const STATE = `${DIR}/state`;

function config(weight: number, withDns: boolean, flushOnStop = false) {
  return writeConfig(DIR, [
    'global:',
    `  state_dir: ${STATE}`,
    `  lvs_flush_on_stop: ${flushOnStop}`,
    '  lvs_timeouts: { tcp: 1200s, tcp_fin: 90s, udp: 200s }',
    'virtual_servers:',
    '  - address: 192.0.2.10',
    '    port: 80',
    '    scheduler: wrr',
    '    persistence: { timeout: 120s, netmask: 255.255.255.0 }',
    '    real_servers:',
    `      - { address: 10.0.0.1, weight: ${weight} }`,
    '      - { address: 10.0.0.2, weight: 2, forwarding: dr }',
    '      - { address: 10.0.0.3, weight: 3, upper_threshold: 50, lower_threshold: 5 }',
    ...(withDns
      ? [
          '  - address: 2001:db8::53',
          '    port: 53',
          '    protocol: udp',
          '    scheduler: sh',
          '    real_servers: [{ address: "2001:db8::1" }]',
        ]
      : []),
  ]);
}

export async function managerScenario() {
  ipvsadm('-C');
  ipvsadm('-A', '-t', '198.51.100.1:53', '-s', 'rr');
  ipvsadm('-a', '-t', '198.51.100.1:53', '-r', '10.9.9.9:53', '-m');
  ipvsadm('-A', '-t', '192.0.2.10:80', '-s', 'lc');
  ipvsadm('-a', '-t', '192.0.2.10:80', '-r', '10.0.0.1:80', '-m', '-w', '9');
  const steps: Record<string, unknown>[] = [];
  const seen = new Map<Lines, number>();
  const record = (name: string, plan: unknown, log: Lines) => {
    const lines = log.lines.slice(seen.get(log) ?? 0);
    seen.set(log, log.lines.length);
    steps.push({ name, plan, saved: saved(), log: lines.filter((l) => !l.startsWith('info ipvs ')) });
  };

  const log1 = new Lines();
  const m1 = manager(STATE, log1);
  record('start', await m1.start(config(1, true)), log1);
  const timeouts = ipvsadm('-L', '--timeout');
  record('reload one weight', await m1.reload(config(4, true)), log1);
  const lastPlanFile = JSON.parse(readFileSync(`${STATE}/ipvs-last-plan.json`, 'utf8')) as unknown;
  record('stop', await m1.stop(), log1);

  const log2 = new Lines();
  const m2 = manager(STATE, log2);
  record('restart without the dns service', await m2.start(config(4, false, true)), log2);
  record('stop with lvs_flush_on_stop', await m2.stop(), log2);
  return {
    steps,
    timeouts,
    lastPlanFile,
    owned: JSON.parse(readFileSync(`${STATE}/ipvs-owned.json`, 'utf8')) as unknown,
  };
}
