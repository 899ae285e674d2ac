// Notify scripts and the notify FIFO, run by the supervisor on the vrrp child's behalf, so the engine
// never waits for a fork or a slow script. Scripts run without a shell, as script_user (unset: root,
// with a warning at start), with a timeout; an unsafe script is refused (script-security.ts). FIFO
// lines are keepalived's (`INSTANCE "web" MASTER 150`): the FIFO is created if missing and held open
// read-write and non-blocking, as keepalived does, so no line waits for a reader and none blocks.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, lstatSync, openSync, writeSync } from 'node:fs';
import type { Logger } from '../lib/logger.js';
import { checkScript, spawnScript } from './script-security.js';
import { userIds, type UserIds } from './users.js';

/** How long a notify script may run before it is killed. */
export const NOTIFY_TIMEOUT_MS = 10_000;

export interface NotifySettings {
  scriptUser?: string | undefined;
  fifo?: string | undefined;
}

export class NotifyRunner {
  private ids: UserIds | null = { uid: 0, gid: 0 };
  private fifoPath: string | undefined;
  private fd: number | null = null;
  private readonly refused = new Set<string>();

  constructor(
    private readonly log: Logger,
    settings: NotifySettings,
    private readonly timeoutMs = NOTIFY_TIMEOUT_MS,
  ) {
    this.configure(settings);
  }

  /** At start and on reload. */
  configure(settings: NotifySettings): void {
    this.refused.clear();
    this.ids = settings.scriptUser === undefined ? { uid: 0, gid: 0 } : userIds(settings.scriptUser);
    if (this.ids === null)
      this.log.error('script_user not found; notify scripts will not run', { user: settings.scriptUser });
    if (settings.fifo !== this.fifoPath) {
      this.closeFifo();
      this.fifoPath = settings.fifo;
      if (settings.fifo !== undefined) this.openFifo(settings.fifo);
    }
  }

  /** Starts a notify command; never waits for it. */
  run(argv: readonly string[]): void {
    const [program, ...args] = argv;
    if (program === undefined) return;
    if (this.ids === null) return;
    const check = checkScript(program, this.ids.uid, undefined, this.ids.gid);
    if (!check.ok) {
      // Once per script and configuration: a flapping instance must not flood the log.
      if (!this.refused.has(program))
        this.log.error('notify script refused (unsafe or missing)', {
          command: program,
          reason: check.reason,
        });
      this.refused.add(program);
      return;
    }
    const started = Date.now();
    const child = spawnScript(check.path, argv, this.ids, this.timeoutMs);
    if (child instanceof Error)
      return void this.log.warn('notify script failed to run', { command: program, error: child.message });
    child.on('error', (e) =>
      this.log.warn('notify script failed to run', { command: program, error: e.message }),
    );
    child.on('exit', (code, signal) => {
      const ms = Date.now() - started;
      if (code === 0) this.log.debug('notify script done', { command: program, args: args.join(' '), ms });
      else if (signal === 'SIGKILL' && ms >= this.timeoutMs)
        this.log.warn('notify script killed after its timeout', {
          command: program,
          timeout_ms: this.timeoutMs,
        });
      else this.log.warn('notify script failed', { command: program, code, signal });
    });
  }

  /** Writes one line to the FIFO; a full FIFO (no reader for a long time) drops the line. */
  fifoLine(line: string): void {
    if (this.fd === null) return;
    try {
      writeSync(this.fd, `${line}\n`);
    } catch (e) {
      this.log.warn('notify_fifo line dropped', {
        path: this.fifoPath,
        code: (e as NodeJS.ErrnoException).code,
      });
    }
  }

  close(): void {
    this.closeFifo();
  }

  private openFifo(path: string): void {
    try {
      let st = lstatSync(path, { throwIfNoEntry: false });
      if (st === undefined) {
        execFileSync('mkfifo', ['-m', '0600', path]);
        st = lstatSync(path);
      }
      if (!st.isFIFO()) throw new Error(`${path} exists and is not a FIFO`);
      this.fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    } catch (e) {
      this.log.error('cannot open notify_fifo', { path, error: e instanceof Error ? e.message : String(e) });
    }
  }

  private closeFifo(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
