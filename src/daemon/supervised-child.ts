// A child the supervisor keeps running: forked, sent its start message, restarted when it dies (at
// once the first time, then with a growing delay while it keeps dying). With `spare`, a second child
// is forked ahead and waits, loaded, so a replacement starts in milliseconds rather than in the
// ~200 ms Node takes to load: a vrrp child that dies is replaced before its peer's Master_Down_Interval
// runs out even at 50 ms adverts.
import type { Logger } from '../lib/logger.js';
import { ChildHandle, type Reply } from './child-handle.js';
import type { ChildRole, FromChild, ToChild } from './ipc.js';

export interface SupervisedOptions {
  role: ChildRole;
  module: string;
  log: Logger;
  spare: boolean;
  /** The 'start' message, built when a child (first or replacement) starts. */
  startMessage: () => ToChild;
  onMessage: (m: FromChild) => void;
}

/** Deaths counted for the restart delay. */
const DEATH_WINDOW_MS = 60_000;
const SPARE_DELAY_MS = 1000;

export class SupervisedChild {
  private active: ChildHandle | null = null;
  private spare: ChildHandle | null = null;
  private stopping = false;
  private readonly deaths: number[] = [];
  restarts = 0;

  constructor(private readonly options: SupervisedOptions) {}

  /** Starts the first child; false when it died before it could load. */
  async start(): Promise<boolean> {
    const child = this.fork();
    this.active = child;
    if (!(await child.ready)) return false;
    child.send(this.options.startMessage());
    if (!(await child.started)) return false;
    // The spare loads once the start is over, not competing with it for the CPU.
    setTimeout(() => this.forkSpare(), SPARE_DELAY_MS);
    return true;
  }

  send(message: ToChild): boolean {
    return this.active?.send(message) ?? false;
  }

  request(body: Parameters<ChildHandle['request']>[0], timeoutMs?: number): Promise<Reply> {
    if (this.active === null)
      return Promise.resolve({ ok: false, error: `the ${this.options.role} process is restarting` });
    return this.active.request(body, timeoutMs);
  }

  info(): { pid: number | null; spare: number | null; restarts: number } {
    return { pid: this.active?.pid ?? null, spare: this.spare?.pid ?? null, restarts: this.restarts };
  }

  /** Asks the child to stop (a MASTER sends priority 0); SIGKILL after timeoutMs. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.spare?.kill('SIGTERM');
    const child = this.active;
    if (child === null || !child.running) return;
    child.send({ type: 'stop' });
    const timer = setTimeout(() => {
      this.options.log.error(`the ${this.options.role} process did not stop in time; killing it`, {
        pid: child.pid,
      });
      child.kill('SIGKILL');
    }, timeoutMs);
    // Its last notifications (STOP) arrive before the channel closes.
    await Promise.all([child.exited, child.disconnected]);
    clearTimeout(timer);
  }

  private fork(): ChildHandle {
    const handle = new ChildHandle(this.options.role, this.options.module, (m, from) => {
      if (from === this.active) this.options.onMessage(m);
    });
    void handle.exited.then((exit) => this.onExit(handle, exit.code, exit.signal));
    return handle;
  }

  private onExit(handle: ChildHandle, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const { role, log } = this.options;
    if (handle === this.spare) {
      this.spare = null;
      log.warn(`the spare ${role} process exited`, { pid: handle.pid, code, signal });
      setTimeout(() => this.forkSpare(), SPARE_DELAY_MS);
      return;
    }
    if (handle !== this.active) return;
    this.active = null;
    const now = Date.now();
    this.deaths.push(now);
    while ((this.deaths[0] ?? now) < now - DEATH_WINDOW_MS) this.deaths.shift();
    const n = this.deaths.length;
    const delayMs = n <= 1 ? 0 : Math.min(10_000, 500 * 2 ** (n - 2));
    log.error(`the ${role} process died; restarting it`, {
      pid: handle.pid,
      code,
      signal,
      delay_ms: delayMs,
    });
    setTimeout(() => void this.replace(), delayMs);
  }

  private async replace(): Promise<void> {
    if (this.stopping) return;
    const next = this.spare ?? this.fork();
    this.spare = null;
    this.active = next;
    if (!(await next.ready) || this.stopping) return;
    next.send(this.options.startMessage());
    this.restarts++;
    this.options.log.info(`${this.options.role} process restarted`, { pid: next.pid });
    setTimeout(() => this.forkSpare(), SPARE_DELAY_MS);
  }

  private forkSpare(): void {
    if (this.options.spare && !this.stopping && this.spare === null) this.spare = this.fork();
  }
}
