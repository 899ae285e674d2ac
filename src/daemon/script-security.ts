// Whether a notify script may run, by keepalived's rule (enable_script_security): the file and every
// directory above it must not be writable by anyone but root and the script user. A world-writable
// file, or one owned by another non-root user, could be replaced by that user and run as root.
// World-writable directories with the sticky bit (/tmp) are accepted: others cannot replace entries.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync, type Stats } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { userIds, type UserIds } from './users.js';

export type ScriptCheck = { ok: true; path: string } | { ok: false; reason: string };

const STICKY = 0o1000;

/**
 * Finds the program (a bare name through PATH) and checks it and its directories. A script user
 * other than root must also be able to run it: execute on the file and search on every directory
 * above it, by its uid and its primary gid (lvsd starts scripts without supplementary groups).
 */
export function checkScript(
  program: string,
  scriptUid: number,
  path = process.env.PATH ?? '',
  scriptGid = scriptUid,
): ScriptCheck {
  const found = locate(program, path);
  if (found === null) return { ok: false, reason: `${program} not found` };
  let real: string;
  try {
    real = realpathSync(found);
  } catch (e) {
    return { ok: false, reason: `${found}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  const file = statSync(real);
  if (!file.isFile()) return { ok: false, reason: `${real} is not a regular file` };
  try {
    accessSync(real, constants.X_OK);
  } catch {
    return { ok: false, reason: `${real} is not executable` };
  }
  const problem = unsafe(real, file, scriptUid);
  if (problem !== null) return { ok: false, reason: problem };
  if (!executableBy(file, scriptUid, scriptGid))
    return { ok: false, reason: `${real} is not executable by uid ${scriptUid} gid ${scriptGid}` };
  for (let dir = dirname(real); ; dir = dirname(dir)) {
    const st = statSync(dir);
    const p = unsafe(dir, st, scriptUid);
    if (p !== null) return { ok: false, reason: p };
    if (!executableBy(st, scriptUid, scriptGid))
      return {
        ok: false,
        reason: `directory ${dir} cannot be searched by uid ${scriptUid} gid ${scriptGid}`,
      };
    if (dir === dirname(dir)) break;
  }
  return { ok: true, path: real };
}

/**
 * checkScript for a script run as `user` (unset: as lvsd itself, held to root's rule); an unknown user
 * is refused too. ids: what to spawn with (none when unset).
 */
export function checkScriptAs(
  program: string,
  user: string | undefined,
): { ok: true; path: string; ids: UserIds | undefined } | { ok: false; reason: string } {
  const ids = user === undefined ? undefined : userIds(user);
  if (ids === null) return { ok: false, reason: `user ${String(user)} not found` };
  const check = checkScript(program, ids?.uid ?? 0, undefined, ids?.gid ?? 0);
  return check.ok ? { ...check, ids } : check;
}

/**
 * Starts a checked script: the file that was checked (path), under the name it was given (argv[0]:
 * multi-call binaries such as pidof -> killall5 choose by it), as ids, killed after timeoutMs. What
 * Node throws instead of emitting (E2BIG; EPERM for a user lvsd may not become) comes back as the Error.
 */
export function spawnScript(
  path: string,
  argv: readonly string[],
  ids: UserIds | undefined,
  timeoutMs: number,
): ChildProcess | Error {
  try {
    return spawn(path, argv.slice(1), {
      argv0: argv[0] ?? path,
      stdio: 'ignore',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      ...ids,
    });
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** The execute (file) or search (directory) bit that applies to uid and gid; root needs any x bit. */
function executableBy(st: Stats, uid: number, gid: number): boolean {
  if (uid === 0) return !st.isFile() || (st.mode & 0o111) !== 0;
  if (st.uid === uid) return (st.mode & 0o100) !== 0;
  if (st.gid === gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

function unsafe(path: string, st: Stats, scriptUid: number): string | null {
  const kind = st.isDirectory() ? 'directory' : 'script';
  if (st.uid !== 0 && st.uid !== scriptUid)
    return `${kind} ${path} is owned by uid ${st.uid}, neither root nor the script user`;
  const sticky = st.isDirectory() && (st.mode & STICKY) !== 0 && st.uid === 0;
  if ((st.mode & 0o002) !== 0 && !sticky) return `${kind} ${path} is world-writable`;
  if ((st.mode & 0o020) !== 0 && st.gid !== 0 && !sticky)
    return `${kind} ${path} is writable by group ${st.gid}`;
  return null;
}

function locate(program: string, path: string): string | null {
  if (program.includes('/')) return isAbsolute(program) ? program : resolve(program);
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
