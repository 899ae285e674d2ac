// The loggers of the supervisor and its children: one line per event on stderr, each line tagged with
// its process ([supervisor], [vrrp], [lvs]). Under systemd (JOURNAL_STREAM is set when stderr is the
// journal) the text format drops its timestamp, which the journal adds, and starts each line with the
// syslog priority (<3> error, <4> warning, <6> info, <7> debug), so `journalctl -p warning` works.
import winston from 'winston';
import { createLogger, type LogFormat, type Logger, type LogLevel } from '../lib/logger.js';

const PRIORITY: Record<string, number> = { error: 3, warn: 4, info: 6, debug: 7 };
const RESERVED = new Set(['level', 'message', 'timestamp', 'component']);

export function daemonLogger(
  options: { level: LogLevel; format: LogFormat },
  component: string,
  journal = process.env.JOURNAL_STREAM !== undefined,
  stream?: NodeJS.WritableStream,
): Logger {
  if (!journal || options.format !== 'text')
    return createLogger({ ...options, ...(stream === undefined ? {} : { stream }) }).child({ component });
  const line = winston.format.printf((info) => {
    const fields = Object.entries(info)
      .filter(([key]) => !RESERVED.has(key))
      .map(([key, value]) => ` ${key}=${formatValue(value)}`)
      .join('');
    return `<${PRIORITY[info.level] ?? 6}>[${String(info.component)}] ${String(info.message)}${fields}`;
  });
  const transport =
    stream === undefined
      ? new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] })
      : new winston.transports.Stream({ stream });
  return winston
    .createLogger({ level: options.level, format: line, transports: [transport] })
    .child({ component });
}

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[^\s"=]+$/.test(text ?? '') ? (text ?? '') : JSON.stringify(text);
}
