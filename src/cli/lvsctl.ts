#!/usr/bin/env node
// lvsctl: talks to a running lvsd over its control socket.
// Exit codes: 0 done, 1 the daemon refused (e.g. a reload with a bad file), 3 no daemon answers, 64 usage.
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import {
  CONTROL_COMMANDS,
  parseReply,
  type ControlCommand,
  type ControlReply,
} from '../daemon/control-protocol.js';
import { packageVersion } from './version.js';

const DEFAULT_SOCKET = '/run/lvsd/lvsd.sock';
const TIMEOUT_MS = 10_000;

const USAGE = `Usage: lvsctl [--socket PATH] <command> [--json]

  status [--json]   VRRP instances, virtual servers and real servers with their health
  reload            reload the configuration; exits 1 when the new configuration is rejected

  --socket PATH     the control socket (default ${DEFAULT_SOCKET})`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        socket: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  if (parsed.values.help) return print(USAGE, 0);
  if (parsed.values.version) return print(`lvsctl ${packageVersion()}`, 0);
  const [command, ...extra] = parsed.positionals;
  if (command === undefined || !(CONTROL_COMMANDS as readonly string[]).includes(command))
    return usage(`unknown command "${command ?? ''}"`);
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);
  const socket = parsed.values.socket ?? DEFAULT_SOCKET;
  let reply: ControlReply;
  try {
    reply = await request(socket, command as ControlCommand);
  } catch (error) {
    return print(`lvsctl: cannot reach lvsd at ${socket}: ${(error as Error).message}`, 3, process.stderr);
  }
  if (!reply.ok)
    return print([`lvsctl: ${reply.error}`, ...(reply.details ?? [])].join('\n'), 1, process.stderr);
  return print(render(reply.result, parsed.values.json === true), 0);
}

/** Text when the daemon sent some (status carries a `text` beside its data) unless --json; else JSON. */
function render(result: unknown, json: boolean): string {
  if (typeof result === 'string' && !json) return result;
  if (typeof result === 'object' && result !== null && 'text' in result) {
    const { text, ...data } = result as { text: unknown };
    if (!json && typeof text === 'string') return text;
    return JSON.stringify(data, null, 2);
  }
  return JSON.stringify(result, null, 2);
}

function request(path: string, command: ControlCommand): Promise<ControlReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let buffer = '';
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no reply within ${TIMEOUT_MS / 1000}s`)));
    socket.on('connect', () => socket.write(`${JSON.stringify({ command })}\n`));
    socket.on('data', (chunk) => (buffer += chunk.toString('utf8')));
    socket.on('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)));
    socket.on('close', () => {
      const reply = parseReply(buffer.trim());
      if (reply === null) reject(new Error('the reply was not understood'));
      else resolve(reply);
    });
  });
}

function usage(message: string): number {
  return print(`lvsctl: ${message}\n\n${USAGE}`, 64, process.stderr);
}

function print(text: string, code: number, stream: NodeJS.WritableStream = process.stdout): number {
  stream.write(`${text}\n`);
  return code;
}

process.exitCode = await main(process.argv.slice(2));
