// The daemon's foreground loop, as far as it goes today: it loads the configuration, logs what it
// would run, reloads on SIGHUP (a bad file is rejected and changes nothing) and stops on
// SIGTERM/SIGINT. The VRRP and IPVS children come with the next issues.
import type { LvsdArgs } from '../cli/args.js';
import { formatIssue } from '../config/issues.js';
import type { LoadResult } from '../config/load.js';
import type { Config } from '../config/types.js';
import { createLogger, type Logger } from '../lib/logger.js';

export interface ForegroundOptions {
  args: LvsdArgs;
  config: Config;
  files: string[];
  reload: () => LoadResult;
}

export function runForeground(options: ForegroundOptions): Promise<number> {
  let config = options.config;
  const log = createLogger(config.global.log).child({ component: 'supervisor' });
  log.info('configuration loaded', { files: options.files.length, ...summary(config) });
  log.warn('this version validates and watches its configuration only; VRRP and IPVS are not running yet');
  return new Promise((done) => {
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
      log.level = config.global.log.level;
      log.info('configuration reloaded', summary(config));
    };
    const onUsr1 = () => dump(log, config);
    const stop = (signal: string) => {
      log.info('stopping', { signal });
      process.off('SIGHUP', onHup).off('SIGUSR1', onUsr1);
      process.off('SIGTERM', onTerm).off('SIGINT', onInt);
      clearInterval(keepAlive);
      done(0);
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGHUP', onHup).on('SIGUSR1', onUsr1).on('SIGTERM', onTerm).on('SIGINT', onInt);
  });
}

function summary(config: Config) {
  return {
    router_id: config.global.router_id,
    vrrp_instances: Object.keys(config.vrrp_instances).length,
    virtual_servers: config.virtual_servers.length,
  };
}

function dump(log: Logger, config: Config): void {
  for (const [name, instance] of Object.entries(config.vrrp_instances)) {
    log.info('state dump: vrrp instance', {
      name,
      interface: instance.interface,
      vrid: instance.virtual_router_id,
      priority: instance.priority,
    });
  }
  log.info('state dump: virtual servers', { count: config.virtual_servers.length });
}
