// Command-line parsing for lvsd. Usage errors exit 64 (EX_USAGE), apart from the contract's 0/1/2.
import { parseArgs } from 'node:util';
import { LOG_FORMATS, LOG_LEVELS } from '../config/schema/global.js';
import type { LogFormat, LogLevel } from '../lib/logger.js';

export const DEFAULT_CONFIG = '/etc/lvsd/lvsd.yaml';
export const EXIT_USAGE = 64;

export interface LvsdArgs {
  config: string;
  mode: 'run' | 'check' | 'print-config' | 'print-schema' | 'print-reference' | 'help' | 'version';
  controlSocket?: string;
  pidFile?: string;
  logLevel?: LogLevel;
  logFormat?: LogFormat;
}

export const LVSD_USAGE = `Usage: lvsd [-f PATH] [--check | --print-config] [options]

Runs the lvsd daemon in the foreground, logging to stderr.

  -f, --config PATH        configuration file (default ${DEFAULT_CONFIG}); conf.d/*.yaml beside it is loaded too
      --check              validate the configuration and exit: 0 valid, 1 invalid, 2 unreadable
      --print-config       print the normalized configuration as JSON and exit
      --print-schema       print the JSON Schema of configuration files and exit
      --print-reference    print the configuration reference (Markdown) and exit
      --control-socket P   override global.control_socket
      --pid-file PATH      override global.pid_file
      --log-level LEVEL    override global.log.level (${LOG_LEVELS.join(', ')})
      --log-format FORMAT  override global.log.format (${LOG_FORMATS.join(', ')})
  -h, --help               show this help
  -V, --version            show the version`;

/** The parsed arguments, or a usage error message. */
export function parseLvsdArgs(argv: readonly string[]): LvsdArgs | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string', short: 'f' },
        check: { type: 'boolean' },
        'print-config': { type: 'boolean' },
        'print-schema': { type: 'boolean' },
        'print-reference': { type: 'boolean' },
        'control-socket': { type: 'string' },
        'pid-file': { type: 'string' },
        'log-level': { type: 'string' },
        'log-format': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    return (error as Error).message;
  }
  const v = parsed.values;
  const modes = (
    ['check', 'print-config', 'print-schema', 'print-reference', 'help', 'version'] as const
  ).filter((m) => v[m] === true);
  if (modes.length > 1) return `--${modes[0]} and --${modes[1]} cannot be combined`;
  const level = v['log-level'];
  if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level))
    return `--log-level must be one of ${LOG_LEVELS.join(', ')}`;
  const format = v['log-format'];
  if (format !== undefined && !(LOG_FORMATS as readonly string[]).includes(format))
    return `--log-format must be one of ${LOG_FORMATS.join(', ')}`;
  return {
    config: v.config ?? DEFAULT_CONFIG,
    mode: modes[0] ?? 'run',
    ...(v['control-socket'] === undefined ? {} : { controlSocket: v['control-socket'] }),
    ...(v['pid-file'] === undefined ? {} : { pidFile: v['pid-file'] }),
    ...(level === undefined ? {} : { logLevel: level as LogLevel }),
    ...(format === undefined ? {} : { logFormat: format as LogFormat }),
  };
}
