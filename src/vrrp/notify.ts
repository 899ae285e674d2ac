// Notify actions in keepalived's conventions, so scripts written for keepalived keep working:
//   - the state's own command (notify_master, ...) runs as configured, with no arguments added;
//   - then the generic `notify` (our `any`) with four arguments appended: INSTANCE|GROUP, the name,
//     MASTER|BACKUP|FAULT|STOP and the priority (0 for a group);
//   - then a FIFO line `INSTANCE "web" MASTER 150` (printf `%s "%s" %s %d`).
import type { Action } from './actions.js';
import type { NotifySpec, NotifyState, VrrpState } from './types.js';

export type NotifyKind = 'INSTANCE' | 'GROUP';

/** The notify state for entering `state` (INIT is entered only by a shutdown: STOP). */
export function notifyStateFor(state: VrrpState): NotifyState {
  return state === 'INIT' ? 'STOP' : state;
}

export function fifoLine(kind: NotifyKind, name: string, state: NotifyState, priority: number): string {
  return `${kind} "${name}" ${state} ${priority}`;
}

function specificCommand(spec: NotifySpec, state: NotifyState): readonly string[] | undefined {
  switch (state) {
    case 'MASTER':
      return spec.master;
    case 'BACKUP':
      return spec.backup;
    case 'FAULT':
      return spec.fault;
    case 'STOP':
      return spec.stop;
  }
}

/** Appends the notify actions for `name` entering `state` to out. */
export function pushNotify<V>(
  out: Action<V>[],
  spec: NotifySpec,
  kind: NotifyKind,
  name: string,
  state: NotifyState,
  priority: number,
): void {
  const specific = specificCommand(spec, state);
  if (specific !== undefined && specific.length > 0) out.push({ type: 'notify-command', argv: specific });
  if (spec.any !== undefined && spec.any.length > 0) {
    out.push({ type: 'notify-command', argv: [...spec.any, kind, name, state, String(priority)] });
  }
  const line = fifoLine(kind, name, state, priority);
  out.push({ type: 'notify-fifo', line, kind, name, state, priority });
}
