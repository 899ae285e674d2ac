// The single-instance lock: the pid file, created exclusively, and the control socket. A second lvsd
// with the same pid file finds a live lvsd's pid in it; one with the same control socket finds an lvsd
// answering there. Either refuses with a message naming the other. A stale pid file (its process is
// gone or is not lvsd) and a stale socket (nobody accepts) are taken over.
import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';

export type LockResult = { ok: true; release: () => void } | { ok: false; error: string };

export async function acquireLock(pidFile: string, socketPath: string): Promise<LockResult> {
  const pid = takePidFile(pidFile);
  if (typeof pid === 'string') return { ok: false, error: pid };
  const release = () => releasePidFile(pidFile);
  const socket = await probeSocket(socketPath);
  if (socket !== null) {
    release();
    return { ok: false, error: socket };
  }
  return { ok: true, release };
}

function takePidFile(path: string): true | string {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  } catch (e) {
    return `cannot create the directory of the pid file ${path}: ${String(e)}`;
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        return `cannot create the pid file ${path}: ${String(e)}`;
    }
    const other = readPid(path);
    if (other !== null && other !== process.pid && isLvsd(other))
      return `lvsd is already running (pid ${other}, pid file ${path}); stop it first or use another --pid-file`;
    try {
      unlinkSync(path); // stale: its process is gone
    } catch {
      // someone else removed it: try again
    }
  }
  return `cannot take the pid file ${path}: another lvsd is starting`;
}

function readPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isLvsd(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('lvsd');
  } catch {
    return true;
  }
}

function releasePidFile(path: string): void {
  if (readPid(path) !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** null when the socket path is free (absent or stale, then removed); else why not. */
function probeSocket(path: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.setTimeout(2000);
    socket.on('connect', () => {
      socket.destroy();
      resolve(
        `another lvsd answers on the control socket ${path}; stop it first or use another --control-socket`,
      );
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve(`something holds the control socket ${path} and does not answer`);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') {
        try {
          unlinkSync(path);
        } catch {
          // gone meanwhile
        }
        resolve(null);
      } else if (e.code === 'ENOENT') resolve(null);
      else resolve(`cannot use the control socket ${path}: ${e.code ?? e.message}`);
    });
  });
}
