#!/usr/bin/env node
// lvsd: the daemon's entry point, --check, --print-config and --print-schema.
import { hostname } from 'node:os';
import { configJsonSchema } from '../config/json-schema.js';
import { formatIssue } from '../config/issues.js';
import { configReference } from '../config/reference.js';
import { loadConfig, type LoadResult } from '../config/load.js';
import type { Config } from '../config/types.js';
import { EXIT_USAGE, LVSD_USAGE, parseLvsdArgs, type LvsdArgs } from './args.js';
import { packageVersion } from './version.js';

function main(argv: readonly string[]): number | Promise<number> {
  const args = parseLvsdArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`lvsd: ${args}\n\n${LVSD_USAGE}\n`);
    return EXIT_USAGE;
  }
  switch (args.mode) {
    case 'help':
      process.stdout.write(`${LVSD_USAGE}\n`);
      return 0;
    case 'version':
      process.stdout.write(`lvsd ${packageVersion()}\n`);
      return 0;
    case 'print-schema':
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
      return 0;
    case 'print-reference':
      process.stdout.write(configReference());
      return 0;
  }
  const result = load(args);
  if (!result.ok) {
    for (const issue of result.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    const count = result.issues.length;
    if (!result.unreadable)
      process.stderr.write(
        `lvsd: ${count} error${count === 1 ? '' : 's'} in the configuration; nothing was changed\n`,
      );
    return result.unreadable ? 2 : 1;
  }
  switch (args.mode) {
    case 'check':
      process.stderr.write(`lvsd: configuration OK (${result.files.join(', ')})\n`);
      return 0;
    case 'print-config':
      process.stdout.write(`${JSON.stringify(result.config, null, 2)}\n`);
      return 0;
    default:
      return runDaemon(args, result.config, result.files);
  }
}

/** The daemon's code (sockets, netlink, the native addon) loads only when the daemon runs, so --check starts fast. */
async function runDaemon(args: LvsdArgs, config: Config, files: string[]): Promise<number> {
  const { runSupervisor } = await import('../daemon/supervisor.js');
  return runSupervisor({ args, config, files, reload: () => load(args) });
}

/** Loads the configuration and applies the command-line overrides. */
function load(args: LvsdArgs): LoadResult {
  const result = loadConfig(args.config, { hostname: hostname() });
  if (result.ok) result.config = withOverrides(result.config, args);
  return result;
}

function withOverrides(config: Config, args: LvsdArgs): Config {
  const global = { ...config.global, log: { ...config.global.log } };
  if (args.controlSocket !== undefined) global.control_socket = args.controlSocket;
  if (args.pidFile !== undefined) global.pid_file = args.pidFile;
  if (args.logLevel !== undefined) global.log.level = args.logLevel;
  if (args.logFormat !== undefined) global.log.format = args.logFormat;
  return { ...config, global };
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
