// Processes the netns tests start: each in its own process group (detached), with its output kept for
// assertions and failure messages. Only these PIDs are ever signalled; every one left is killed at exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { lvsdBin } from '../../helpers/paths.js';
import { waitFor } from './wait.js';

export interface Proc {
  readonly name: string;
  readonly pid: number;
  output(): string;
  /** Waits until the output matches; returns the match. */
  waitOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Signals the process only. */
  signal(sig: NodeJS.Signals): void;
  /** Signals the whole process group (lvsd and anything it forked; keepalived's children). */
  signalGroup(sig: NodeJS.Signals): void;
  readonly exited: Promise<number | null>;
  isRunning(): boolean;
}

const running = new Set<Proc>();
process.on('exit', () => {
  for (const p of running) p.signalGroup('SIGKILL');
});

export function spawnIn(ns: string, name: string, argv: readonly string[]): Proc {
  const child: ChildProcess = spawn('ip', ['netns', 'exec', ns, ...argv], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`cannot start ${name}`);
  const pid = child.pid;
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  let alive = true;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      alive = false;
      running.delete(proc);
      resolve(code ?? (signal === null ? null : -1));
    }),
  );
  const proc: Proc = {
    name,
    pid,
    output: () => text,
    waitOutput: async (pattern, timeoutMs = 5000) => {
      await waitFor(
        `${name} to log ${pattern}`,
        () => pattern.test(text),
        timeoutMs,
        10,
        () => `${name} output:\n${text}`,
      );
      return text.match(pattern) as RegExpMatchArray;
    },
    signal: (sig) => {
      if (alive) process.kill(pid, sig);
    },
    signalGroup: (sig) => {
      if (!alive) return;
      try {
        process.kill(-pid, sig);
      } catch {
        // the group is gone
      }
    },
    exited,
    isRunning: () => alive,
  };
  running.add(proc);
  return proc;
}

export function startLvsd(ns: string, name: string, configPath: string): Proc {
  return spawnIn(ns, name, [process.execPath, lvsdBin, '-f', configPath]);
}

/** Stops a process with SIGTERM and waits for it (SIGKILL of the group after timeoutMs). */
export async function stop(p: Proc, timeoutMs = 5000): Promise<number | null> {
  p.signal('SIGTERM');
  const timer = setTimeout(() => p.signalGroup('SIGKILL'), timeoutMs);
  const code = await p.exited;
  clearTimeout(timer);
  return code;
}

/** SIGKILL of the whole group, as the tests' "crash". */
export async function crash(p: Proc): Promise<void> {
  p.signalGroup('SIGKILL');
  await p.exited;
}
