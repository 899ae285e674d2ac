// lvsd in the foreground: logs its configuration, rejects a broken reload without stopping, and
// stops on SIGTERM. (VRRP and IPVS are not wired yet; see the README.)
import test from 'ava';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withFiles } from '../../helpers/config-files.js';
import { lvsdBin } from '../../helpers/paths.js';

function waitFor(read: () => string, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (pattern.test(read())) resolve();
      else if (Date.now() - started > timeoutMs)
        reject(new Error(`timed out waiting for ${pattern}; log so far:\n${read()}`));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

test('SIGHUP with a broken file is rejected and changes nothing; a good file reloads; SIGTERM stops', async (t) => {
  // Everything the daemon writes stays in the test's directory, and its instances use an interface
  // that does not exist (lvs9), so nothing is sent on the host and no IPVS entry is made.
  await withFiles({}, async (dir) => {
    const file = join(dir, 'lvsd.yaml');
    const global = `global: { state_dir: ${dir}/state, pid_file: ${dir}/lvsd.pid, control_socket: ${dir}/lvsd.sock, log: { format: text } }`;
    const web = '  web: { interface: lvs9, virtual_router_id: 51 }';
    writeFileSync(file, [global, 'vrrp_instances:', web, ''].join('\n'));
    const child = spawn(process.execPath, [lvsdBin, '-f', file, '--log-level', 'debug']);
    let log = '';
    child.stderr.on('data', (d) => (log += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(
        () => log,
        /info \[supervisor\] configuration loaded files=1 router_id=\S+ vrrp_instances=1 virtual_servers=0/,
      );
      writeFileSync(
        file,
        [global, 'vrrp_instances:', '  web: { interface: lvs9, virtual_router_id: 999 }', ''].join('\n'),
      );
      child.kill('SIGHUP');
      await waitFor(
        () => log,
        /error \[supervisor\] reload rejected; the running configuration is unchanged errors=\d/,
      );
      t.regex(log, /lvsd\.yaml:3:46: vrrp_instances\.web\.virtual_router_id: expected at most 255, got 999/);
      const api = '  api: { interface: lvs9, virtual_router_id: 52 }';
      writeFileSync(file, [global, 'vrrp_instances:', web, api, ''].join('\n'));
      child.kill('SIGHUP');
      await waitFor(() => log, /configuration reloaded router_id=\S+ vrrp_instances=2 virtual_servers=0/);
      child.kill('SIGTERM');
      t.is(await exited, 0);
      t.regex(log, /stopping signal=SIGTERM/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
