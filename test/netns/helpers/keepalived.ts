// keepalived from Debian's package, VRRP only, in the foreground inside a lab namespace, logging to
// the console. Its pid files go to the test's scratch directory.
import { join } from 'node:path';
import { spawnIn, type Proc } from './procs.js';

let starts = 0;

export function startKeepalived(ns: string, name: string, dir: string, configPath: string): Proc {
  // Fresh pid files each start: after a SIGKILL the old ones name processes that may still be reaped.
  const run = `${name}-${starts++}`;
  return spawnIn(ns, name, [
    'keepalived',
    '--vrrp',
    '-n',
    '-l',
    '-D',
    '-G',
    '-f',
    configPath,
    '-p',
    join(dir, `${run}.pid`),
    '-r',
    join(dir, `${run}-vrrp.pid`),
    '-i',
    name,
  ]);
}

export const KEEPALIVED_MASTER = /\(VI_1\) Entering MASTER STATE/;
export const KEEPALIVED_BACKUP = /\(VI_1\) Entering BACKUP STATE/;
