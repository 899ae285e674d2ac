// The control socket (mode 0600: only root talks to lvsd): one JSON request line per connection, one
// JSON reply line (control-protocol.ts), answered by the supervisor's handler.
import { chmodSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname } from 'node:path';
import type { Logger } from '../lib/logger.js';
import { CONTROL_COMMANDS, type ControlCommand, type ControlReply } from './control-protocol.js';

export type ControlHandler = (command: ControlCommand) => Promise<ControlReply>;

const MAX_REQUEST_BYTES = 4096;

export class ControlServer {
  private server: Server | null = null;

  constructor(
    private readonly path: string,
    private readonly handler: ControlHandler,
    private readonly log: Logger,
  ) {}

  listen(): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o755 });
    const server = createServer((conn) => {
      let buffer = '';
      conn.setTimeout(10_000, () => conn.destroy());
      conn.on('error', () => undefined);
      conn.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        const end = buffer.indexOf('\n');
        if (end < 0 && buffer.length < MAX_REQUEST_BYTES) return;
        conn.removeAllListeners('data');
        void this.answer(buffer.slice(0, end < 0 ? undefined : end)).then((reply) =>
          conn.end(`${JSON.stringify(reply)}\n`),
        );
      });
    });
    this.server = server;
    // The socket is created 0600 (no window in which others could connect), then chmod for certainty.
    const umask = process.umask(0o177);
    return new Promise((resolve, reject) => {
      server.once('error', (e) => {
        process.umask(umask);
        reject(e);
      });
      server.listen(this.path, () => {
        process.umask(umask);
        chmodSync(this.path, 0o600);
        resolve();
      });
    });
  }

  close(): void {
    this.server?.close();
    this.server = null;
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }

  private async answer(line: string): Promise<ControlReply> {
    let command: unknown;
    try {
      command = (JSON.parse(line) as { command?: unknown }).command;
    } catch {
      return { ok: false, error: 'the request is not JSON' };
    }
    if (!(CONTROL_COMMANDS as readonly unknown[]).includes(command))
      return { ok: false, error: `unknown command ${JSON.stringify(command)}` };
    try {
      return await this.handler(command as ControlCommand);
    } catch (e) {
      this.log.error('control request failed', {
        command,
        error: e instanceof Error ? e.message : String(e),
      });
      return { ok: false, error: `internal error: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}
