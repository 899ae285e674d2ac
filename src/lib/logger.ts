// Logging through winston, to stderr (systemd captures it). text: one line per event with the
// component and key=value fields; json: one JSON object per line for log shippers.
import winston from 'winston';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogFormat = 'text' | 'json';

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go; default: process.stderr. */
  stream?: NodeJS.WritableStream;
}

export type Logger = winston.Logger;

const RESERVED = new Set(['level', 'message', 'timestamp', 'component']);

const textLine = winston.format.printf((info) => {
  const component = typeof info.component === 'string' ? ` [${info.component}]` : '';
  const fields = Object.entries(info)
    .filter(([key]) => !RESERVED.has(key))
    .map(([key, value]) => ` ${key}=${formatValue(value)}`)
    .join('');
  return `${String(info.timestamp)} ${info.level}${component} ${String(info.message)}${fields}`;
});

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[^\s"=]+$/.test(text ?? '') ? (text ?? '') : JSON.stringify(text);
}

export function createLogger(options: LoggerOptions): Logger {
  const format =
    options.format === 'json'
      ? winston.format.combine(winston.format.timestamp(), winston.format.json())
      : winston.format.combine(winston.format.timestamp(), textLine);
  const transport =
    options.stream === undefined
      ? new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] })
      : new winston.transports.Stream({ stream: options.stream });
  return winston.createLogger({ level: options.level, format, transports: [transport] });
}
