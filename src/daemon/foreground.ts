// The daemon's foreground loop, a single process for now: it runs every vrrp_instance (VrrpRuntime
// over the real kernel adapters), reloads on SIGHUP (a bad file is rejected and changes nothing; a good
// one is validated and kept for the next restart, full reload comes with the supervisor), dumps state
// on SIGUSR1, and on SIGTERM/SIGINT stops: a MASTER sends priority 0, then its VIPs are removed.
import { spawn } from 'node:child_process';
import { close, constants, open, write } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { LvsdArgs } from '../cli/args.js';
import { formatIssue } from '../config/issues.js';
import type { LoadResult } from '../config/load.js';
import type { Config } from '../config/types.js';
import { createLogger, type Logger } from '../lib/logger.js';
import { PacketFrameSender } from '../net/frame-sender.js';
import { openTransport } from '../net/open-transport.js';
import { RtNetlink } from '../net/rtnetlink.js';
import { FileAddressRecord } from './address-state.js';
import { startIpvs } from './ipvs-service.js';
import { TrackerRunner } from './tracker-runner.js';
import { VrrpRuntime, type RuntimeDeps } from './vrrp-runtime.js';

export interface ForegroundOptions {
  args: LvsdArgs;
  config: Config;
  files: string[];
  reload: () => LoadResult;
}

/** How long a stop may take (priority-0 adverts, VIP removal) before the process exits anyway. */
const STOP_TIMEOUT_MS = 5000;

export function runForeground(options: ForegroundOptions): Promise<number> {
  let config = options.config;
  const root = createLogger(config.global.log);
  const log = root.child({ component: 'supervisor' });
  const ipvs = startIpvs(config, root.child({ component: 'ipvs' }));
  const vrrpLog = root.child({ component: 'vrrp' });
  const runtime = new VrrpRuntime(config, realDeps(config, vrrpLog));
  const trackers = new TrackerRunner(config, (result) => runtime.tracker(result), vrrpLog);
  return new Promise((done) => {
    let stopping = false;
    // Signals alone do not keep Node running (nothing else may, with no instance started).
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const onHup = () => {
      const result = options.reload();
      if (!result.ok) {
        for (const issue of result.issues) log.error(formatIssue(issue));
        log.error('reload rejected; the running configuration is unchanged', {
          errors: result.issues.length,
        });
        return;
      }
      config = result.config;
      root.level = config.global.log.level;
      log.info('configuration reloaded', summary(config));
      void ipvs.reload(config);
      log.warn('VRRP instances keep the configuration they started with until lvsd restarts');
    };
    const onUsr1 = () => {
      for (const info of runtime.info()) log.info('state dump: vrrp instance', { ...info });
      const { lastPlan: _plan, ...ipvsInfo } = ipvs.info();
      log.info('state dump: ipvs', ipvsInfo);
    };
    const finish = (code: number) => {
      clearInterval(keepAlive);
      process.off('SIGHUP', onHup).off('SIGUSR1', onUsr1);
      process.off('SIGTERM', onTerm).off('SIGINT', onInt);
      done(code);
    };
    const stop = (signal: string, code = 0) => {
      if (stopping) return;
      stopping = true;
      log.info('stopping', { signal });
      const guard = setTimeout(() => {
        log.error('stop timed out; exiting');
        finish(1);
      }, STOP_TIMEOUT_MS);
      trackers.stop();
      Promise.all([runtime.stop(), ipvs.stop()]).then(
        () => {
          clearTimeout(guard);
          log.info('stopped');
          finish(code);
        },
        (e: unknown) => {
          clearTimeout(guard);
          log.error('stop failed', { error: String(e) });
          finish(1);
        },
      );
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGHUP', onHup).on('SIGUSR1', onUsr1).on('SIGTERM', onTerm).on('SIGINT', onInt);
    // Only now: a signal sent as soon as this line shows (stderr to a pipe is synchronous) is handled.
    log.info('configuration loaded', { files: options.files.length, ...summary(config) });
    runtime.start().then(
      () => {
        trackers.start();
        log.info('vrrp running', {
          instances: runtime.running,
          configured: Object.keys(config.vrrp_instances).length,
        });
      },
      (e: unknown) => {
        log.error('cannot start VRRP', { error: e instanceof Error ? e.message : String(e) });
        stop('start failure', 1);
      },
    );
  });
}

function realDeps(config: Config, log: Logger): RuntimeDeps {
  return {
    net: new RtNetlink(),
    openTransport,
    frames: new PacketFrameSender(),
    record: new FileAddressRecord(config.global.state_dir, (m) => log.warn(m)),
    nowMs: () => performance.now(),
    log,
    runCommand: (argv) => runCommand(argv, log),
    writeFifo: (line) => writeFifo(config.global.notify_fifo, line, log),
  };
}

function runCommand(argv: readonly string[], log: Logger): void {
  const [program, ...rest] = argv;
  if (program === undefined) return;
  const child = spawn(program, rest, { stdio: 'ignore' });
  child.on('error', (e) => log.warn('notify command failed', { command: program, error: e.message }));
  child.on('exit', (code, signal) => {
    if (code !== 0) log.warn('notify command failed', { command: program, code, signal });
  });
}

/** A FIFO without a reader is skipped (O_NONBLOCK gives ENXIO), never waited for. */
function writeFifo(path: string | undefined, line: string, log: Logger): void {
  if (path === undefined) return;
  open(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_APPEND, (err, fd) => {
    if (err) return log.debug('notify_fifo not written', { path, code: err.code });
    const bytes = Buffer.from(`${line}\n`);
    write(fd, bytes, () => close(fd, () => undefined));
  });
}

function summary(config: Config) {
  return {
    router_id: config.global.router_id,
    vrrp_instances: Object.keys(config.vrrp_instances).length,
    virtual_servers: config.virtual_servers.length,
  };
}
