// What the engine asks the daemon to do. Actions come out of step() in the order they must be carried
// out (for example the advert before the gratuitous ARPs, the priority-0 advert before the VIPs go).
import type { NotifyState, VrrpState, VrrpVersion } from './types.js';

/** Send one advertisement now. priority 0 announces a shutdown (RFC 5798 section 6.4.3). */
export interface SendAdvertAction {
  type: 'send-advert';
  instance: string;
  vrid: number;
  version: VrrpVersion;
  priority: number;
  advertIntervalMs: number;
}

/** Take the instance's VIPs up. accept: let the MASTER accept traffic addressed to them. */
export interface AddVipsAction<V> {
  type: 'add-vips';
  instance: string;
  vips: readonly V[];
  accept: boolean;
}

export interface RemoveVipsAction<V> {
  type: 'remove-vips';
  instance: string;
  vips: readonly V[];
}

/** Send `repeat` gratuitous ARPs (IPv4) or unsolicited NAs (IPv6) for each VIP. */
export interface GarpAction<V> {
  type: 'garp';
  instance: string;
  vips: readonly V[];
  repeat: number;
}

/** A state change, for the log: `${from} -> ${to} (${reason})`. */
export interface TransitionAction {
  type: 'transition';
  instance: string;
  from: VrrpState;
  to: VrrpState;
  reason: string;
}

/** A sync group's state changed (MASTER and BACKUP when all members are; FAULT when one is). */
export interface GroupTransitionAction {
  type: 'group-transition';
  group: string;
  from: VrrpState;
  to: VrrpState;
}

/** Run a notify command (argv[0] is the program). */
export interface NotifyCommandAction {
  type: 'notify-command';
  argv: readonly string[];
}

/** Write a line to the notify FIFO, in keepalived's format; the writer appends the newline. */
export interface NotifyFifoAction {
  type: 'notify-fifo';
  line: string;
  kind: 'INSTANCE' | 'GROUP';
  name: string;
  state: NotifyState;
  priority: number;
}

/** The engine's next deadline changed: wake it (step a 'timer' event) at atMs; null: no timer. */
export interface DeadlineAction {
  type: 'deadline';
  atMs: number | null;
}

export type Action<V = unknown> =
  | SendAdvertAction
  | AddVipsAction<V>
  | RemoveVipsAction<V>
  | GarpAction<V>
  | TransitionAction
  | GroupTransitionAction
  | NotifyCommandAction
  | NotifyFifoAction
  | DeadlineAction;

export function describeTransition(a: TransitionAction): string {
  return `${a.instance}: ${a.from} -> ${a.to} (${a.reason})`;
}
