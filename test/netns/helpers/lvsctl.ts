// lvsctl against a director's control socket (a file path: namespaces share the file system), and the
// process ids lvsd reports in its status.
import { spawn } from 'node:child_process';
import { lvsctlBin } from '../../helpers/paths.js';

export interface LvsctlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function lvsctl(socket: string, args: readonly string[]): Promise<LvsctlResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [lvsctlBin, '--socket', socket, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface DaemonPids {
  supervisor: number;
  vrrp: number;
  vrrp_spare: number | null;
  lvs: number;
}

export async function daemonPids(socket: string): Promise<DaemonPids> {
  const r = await lvsctl(socket, ['status', '--json']);
  if (r.code !== 0) throw new Error(`lvsctl status failed (${r.code}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { processes: DaemonPids }).processes;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
