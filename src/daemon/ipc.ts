// Messages between the supervisor and its children over the IPC channel of child_process.fork
// (advanced serialization: the configuration travels as a structured clone). Requests that want an
// answer carry an id; the child answers with a reply of the same id.
import type { Config } from '../config/types.js';
import type { VrrpState } from '../vrrp/index.js';
import type { VirtualServerDelta } from '../ipvs/desired-patch.js';
import type { TrackerResult } from './tracker-runner.js';

export type ChildRole = 'vrrp' | 'lvs';

/** Supervisor -> child. */
export type ToChild =
  | {
      type: 'start';
      config: Config;
      /** vrrp: the states of the child that died (a MASTER resumes as MASTER). */
      previousStates?: Record<string, VrrpState>;
      /** vrrp: the last tracker results, replayed before startup. */
      trackers?: TrackerResult[];
    }
  /** lvs: virtualServers says which virtual servers changed, so IPVS touches those only. */
  | { type: 'reload'; id: number; config: Config; virtualServers?: VirtualServerDelta }
  | { type: 'info'; id: number }
  | { type: 'tracker'; result: TrackerResult }
  /** lvs: the VRRP states (connection sync follows an instance). */
  | { type: 'vrrp-states'; states: Record<string, VrrpState> }
  | { type: 'stop' };

/** Child -> supervisor. */
export type FromChild =
  /** Loaded and waiting for 'start' (a spare vrrp child waits here). */
  | { type: 'ready' }
  | { type: 'started'; detail: Record<string, unknown> }
  /** The child cannot run this configuration at all; it exits and lvsd stops. */
  | { type: 'fatal'; error: string }
  | { type: 'states'; states: Record<string, VrrpState> }
  | { type: 'notify-command'; argv: string[] }
  | { type: 'notify-fifo'; line: string }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };

export function isFromChild(m: unknown): m is FromChild {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}

export function isToChild(m: unknown): m is ToChild {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}

/** Sends to the parent; false when the channel is gone (the supervisor died). */
export function sendToParent(message: FromChild): boolean {
  if (process.send === undefined || !process.connected) return false;
  process.send(message);
  return true;
}

/**
 * A child's side of the process plumbing: messages from the supervisor go to `onMessage`; the
 * supervisor's death and SIGTERM/SIGINT stop the child. SIGHUP and SIGUSR1 are the supervisor's:
 * without a handler SIGHUP would kill the child and SIGUSR1 would start Node's inspector. Then the
 * child tells the supervisor it is ready.
 */
export function serveSupervisor(onMessage: (m: ToChild) => void, stop: (reason: string) => void): void {
  process.on('message', (m: unknown) => {
    if (isToChild(m)) onMessage(m);
  });
  process.on('disconnect', () => stop('the supervisor is gone'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => undefined);
  process.on('SIGUSR1', () => undefined);
  sendToParent({ type: 'ready' });
}
