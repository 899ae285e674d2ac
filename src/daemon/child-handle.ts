// One forked child of the supervisor (node:child_process fork with an IPC channel, advanced
// serialization). It resolves `ready` when the child has loaded its code, answers requests by id, and
// resolves `exited` with how it ended. Pending requests fail when it exits.
import { fork, type ChildProcess } from 'node:child_process';
import { isFromChild, type ChildRole, type FromChild, type ToChild } from './ipc.js';

export type Reply = { ok: true; result: unknown } | { ok: false; error: string };
type Request = Extract<ToChild, { id: number }>;
type RequestBody = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ChildHandle {
  readonly child: ChildProcess;
  readonly ready: Promise<boolean>;
  /** The child has carried out its start message ('started'), or cannot ('fatal', or it exited). */
  readonly started: Promise<boolean>;
  readonly exited: Promise<Exit>;
  /** The IPC channel is closed: every message the child sent has been handled. */
  readonly disconnected: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; timer: NodeJS.Timeout }>();
  private alive = true;

  constructor(
    readonly role: ChildRole,
    modulePath: string,
    onMessage: (m: FromChild, from: ChildHandle) => void,
  ) {
    this.child = fork(modulePath, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    });
    let markReady: (ok: boolean) => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    let markStarted: (ok: boolean) => void = () => undefined;
    this.started = new Promise((resolve) => (markStarted = resolve));
    this.child.on('message', (m: unknown) => {
      if (!isFromChild(m)) return;
      if (m.type === 'ready') return markReady(true);
      if (m.type === 'reply') return this.settle(m.id, m.ok ? { ok: true, result: m.result } : m);
      if (m.type === 'started' || m.type === 'fatal') markStarted(m.type === 'started');
      onMessage(m, this);
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.alive = false;
        markReady(false);
        markStarted(false);
        for (const id of [...this.pending.keys()])
          this.settle(id, { ok: false, error: `the ${role} process exited` });
        resolve({ code, signal });
      });
    });
    this.disconnected = new Promise((resolve) => this.child.once('disconnect', () => resolve()));
    this.child.on('error', () => undefined);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.alive;
  }

  send(message: ToChild): boolean {
    if (!this.alive || !this.child.connected) return false;
    this.child.send(message);
    return true;
  }

  request(body: RequestBody, timeoutMs = 10_000): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => this.settle(id, { ok: false, error: `the ${this.role} process did not answer` }),
        timeoutMs,
      );
      this.pending.set(id, { resolve, timer });
      if (!this.send({ ...body, id } as ToChild))
        this.settle(id, { ok: false, error: `the ${this.role} process is not running` });
    });
  }

  kill(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }

  private settle(id: number, reply: Reply): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(reply);
  }
}
