// The control socket's protocol, shared by lvsctl and the daemon: one JSON request per connection,
// one JSON reply, each a single line.
export const CONTROL_COMMANDS = ['status', 'reload'] as const;
export type ControlCommand = (typeof CONTROL_COMMANDS)[number];

export interface ControlRequest {
  command: ControlCommand;
}

export type ControlReply = { ok: true; result: unknown } | { ok: false; error: string; details?: string[] };

export function parseReply(line: string): ControlReply | null {
  try {
    const value = JSON.parse(line) as Partial<ControlReply> | null;
    if (value?.ok === true && 'result' in value) return value as ControlReply;
    if (value?.ok === false && typeof value.error === 'string') return value as ControlReply;
    return null;
  } catch {
    return null;
  }
}
