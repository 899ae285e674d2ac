// The real lvsd process in the guest: started on a configuration it programs IPVS; SIGHUP after one
// weight changed edits only that entry (table and the plan recorded in state_dir); SIGTERM stops it
// and leaves the entries (no lvs_flush_on_stop); a foreign service survives it all.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { lvsdBin } from '../../helpers/paths.js';
import { ipvsadm, saved } from './util.js';

const DIR = '/tmp/lvsd-kernel/lvsd';

function writeConfig(weight: number): void {
  writeFileSync(
    `${DIR}/lvsd.yaml`,
    [
      'global:',
      `  state_dir: ${DIR}/state`,
      `  control_socket: ${DIR}/lvsd.sock`,
      `  pid_file: ${DIR}/lvsd.pid`,
      'virtual_servers:',
      '  - address: 192.0.2.30',
      '    port: 443',
      '    scheduler: wlc',
      '    forwarding: dr',
      '    real_servers:',
      `      - { address: 10.0.3.1, weight: ${weight} }`,
      '      - { address: 10.0.3.2, weight: 2 }',
      '  - fwmark: 30',
      '    family: ipv4',
      '    scheduler: sh',
      '    scheduler_flags: [sh-port]',
      '    real_servers: [{ address: 10.0.3.3, forwarding: tun, tunnel: { type: gre, checksum: csum } }]',
      '',
    ].join('\n'),
  );
}

async function until(read: () => string, pattern: RegExp, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!pattern.test(read())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${pattern}; log:\n${read()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function lvsdProcess() {
  ipvsadm('-C');
  ipvsadm('-A', '-u', '198.51.100.7:123', '-s', 'rr');
  mkdirSync(DIR, { recursive: true });
  writeConfig(1);
  const child = spawn(process.execPath, [lvsdBin, '-f', `${DIR}/lvsd.yaml`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    await until(() => log, /ipvs plan applied plan=start/);
    await until(() => log, /vrrp running/); // a SIGHUP before the daemon is up is another test
    const afterStart = saved();
    const startPlan = JSON.parse(readFileSync(`${DIR}/state/ipvs-last-plan.json`, 'utf8')) as unknown;
    writeConfig(5);
    child.kill('SIGHUP');
    await until(() => log, /ipvs plan applied plan=reload/);
    const afterReload = saved();
    const reloadPlan = JSON.parse(readFileSync(`${DIR}/state/ipvs-last-plan.json`, 'utf8')) as unknown;
    child.kill('SIGTERM');
    const code = await exited;
    return { afterStart, startPlan, afterReload, reloadPlan, afterStop: saved(), code, log };
  } finally {
    child.kill('SIGKILL');
  }
}
