// The supervisor: the `lvsd` process itself (design.md, "Processes"). It holds the pid file and the
// control socket (the single-instance lock), starts the vrrp child (real-time, with a loaded spare) and
// the lvs child, restarts a child that dies (the vrrp child resumes its states: a MASTER stays MASTER
// with its VIPs), runs the vrrp_scripts and the notify scripts, reloads on SIGHUP and `lvsctl reload`
// (a bad file changes nothing), dumps state on SIGUSR1, and stops on SIGTERM/SIGINT.
import { fileURLToPath } from 'node:url';
import type { LvsdArgs } from '../cli/args.js';
import { formatIssue } from '../config/issues.js';
import type { LoadResult } from '../config/load.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../lib/logger.js';
import type { VrrpState } from '../vrrp/index.js';
import type { ControlReply } from './control-protocol.js';
import { ControlServer } from './control-server.js';
import { daemonLogger } from './daemon-log.js';
import type { FromChild } from './ipc.js';
import { NotifyRunner } from './notify-runner.js';
import { acquireLock } from './pid-lock.js';
import { reloadPlan, type ReloadPlan } from './reload-plan.js';
import { statusText, type StatusView } from './status-text.js';
import { SupervisedChild } from './supervised-child.js';
import { TrackerRunner, type TrackerResult } from './tracker-runner.js';
import type { RuntimeInstanceInfo } from './vrrp-runtime.js';

export interface SupervisorOptions {
  args: LvsdArgs;
  config: Config;
  files: string[];
  reload: () => LoadResult;
}

const STOP_TIMEOUT_MS = 6000;
const childModule = (name: string) => fileURLToPath(new URL(`./${name}.js`, import.meta.url));

export async function runSupervisor(options: SupervisorOptions): Promise<number> {
  const log = daemonLogger(options.config.global.log, 'supervisor');
  const { pid_file: pidFile, control_socket: socket } = options.config.global;
  const lock = await acquireLock(pidFile, socket);
  if (!lock.ok) {
    log.error(`cannot start: ${lock.error}`);
    return 1;
  }
  const supervisor = new Supervisor(options, log);
  try {
    return await supervisor.run();
  } finally {
    lock.release();
  }
}

class Supervisor {
  private config: Config;
  private states: Record<string, VrrpState> = {};
  private readonly trackerResults = new Map<string, TrackerResult>();
  private readonly notify: NotifyRunner;
  private trackers: TrackerRunner;
  private readonly vrrp: SupervisedChild;
  private readonly lvs: SupervisedChild;
  private readonly control: ControlServer;
  private reloading: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private finish: (code: number) => void = () => undefined;

  constructor(
    private readonly options: SupervisorOptions,
    private readonly log: Logger,
  ) {
    this.config = options.config;
    this.notify = new NotifyRunner(log, notifySettings(this.config));
    this.trackers = this.makeTrackers();
    this.vrrp = new SupervisedChild({
      role: 'vrrp',
      module: childModule('vrrp-child'),
      log,
      spare: true,
      startMessage: () => ({
        type: 'start',
        config: this.config,
        previousStates: { ...this.states },
        trackers: [...this.trackerResults.values()],
      }),
      onMessage: (m) => this.fromVrrp(m),
    });
    this.lvs = new SupervisedChild({
      role: 'lvs',
      module: childModule('lvs-child'),
      log,
      spare: false,
      startMessage: () => ({ type: 'start', config: this.config }),
      onMessage: (m) => {
        if (m.type === 'fatal') this.stop('lvs process cannot start', 1);
        // A restarted lvs process learns the VRRP states its sync daemons follow.
        if (m.type === 'started') this.lvs.send({ type: 'vrrp-states', states: this.states });
      },
    });
    this.control = new ControlServer(this.config.global.control_socket, (c) => this.command(c), log);
  }

  async run(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.finish = resolve));
    try {
      await this.control.listen();
    } catch (e) {
      this.log.error('cannot listen on the control socket', {
        path: this.config.global.control_socket,
        error: String(e),
      });
      return 1;
    }
    const onHup = () => void this.reload('SIGHUP');
    const onUsr1 = () => void this.dump();
    const onTerm = () => this.stop('SIGTERM');
    const onInt = () => this.stop('SIGINT');
    process.on('SIGHUP', onHup).on('SIGUSR1', onUsr1).on('SIGTERM', onTerm).on('SIGINT', onInt);
    // Only now: a signal sent as soon as this line shows is handled.
    this.log.info('configuration loaded', { files: this.options.files.length, ...summary(this.config) });
    this.warnScriptUser();
    // A reload waits for the start (the first SIGHUP may come at once).
    const starting = this.startChildren();
    this.reloading = starting;
    await starting;
    const code = await done;
    process.off('SIGHUP', onHup).off('SIGUSR1', onUsr1).off('SIGTERM', onTerm).off('SIGINT', onInt);
    return code;
  }

  private async startChildren(): Promise<void> {
    const [vrrp, lvs] = await Promise.all([this.vrrp.start(), this.lvs.start()]);
    if (!vrrp || !lvs) return this.stop('a child could not start', 1);
    this.trackers.start();
    this.log.info('processes started', { supervisor: process.pid, ...pids(this.vrrp, this.lvs) });
  }

  private fromVrrp(m: FromChild): void {
    switch (m.type) {
      case 'states':
        this.states = m.states;
        this.lvs.send({ type: 'vrrp-states', states: m.states });
        return;
      case 'notify-command':
        return this.notify.run(m.argv);
      case 'notify-fifo':
        return this.notify.fifoLine(m.line);
      case 'started':
        this.log.info('vrrp running', m.detail);
        return;
      case 'fatal':
        return this.stop('vrrp process cannot start', 1);
      default:
        return;
    }
  }

  private async command(command: 'status' | 'reload'): Promise<ControlReply> {
    if (command === 'reload') return this.reload('lvsctl');
    return { ok: true, result: await this.status() };
  }

  private async status(): Promise<StatusView & { text: string }> {
    const [v, l] = await Promise.all([
      this.vrrp.request({ type: 'info' }),
      this.lvs.request({ type: 'info' }),
    ]);
    const view: StatusView = {
      routerId: this.config.global.router_id,
      processes: { supervisor: process.pid, ...pids(this.vrrp, this.lvs) },
      vrrp: v.ok ? (v.result as RuntimeInstanceInfo[]) : { error: v.error },
      ipvs: l.ok ? (l.result as StatusView['ipvs']) : { error: l.error },
    };
    return { ...view, text: statusText(view) };
  }

  /** One reload at a time; SIGHUP and lvsctl take the same path. */
  private reload(source: string): Promise<ControlReply> {
    const next = this.reloading.then(() => this.reloadNow(source));
    this.reloading = next;
    return next;
  }

  private async reloadNow(source: string): Promise<ControlReply> {
    if (this.stopping) return { ok: false, error: 'lvsd is stopping' };
    const result = this.options.reload();
    if (!result.ok) {
      const details = result.issues.map(formatIssue);
      for (const line of details) this.log.error(line);
      this.log.error('reload rejected; the running configuration is unchanged', {
        errors: details.length,
        source,
      });
      return { ok: false, error: 'reload rejected; the running configuration is unchanged', details };
    }
    const next = result.config;
    const plan = reloadPlan(this.config, next);
    for (const key of ['control_socket', 'pid_file', 'state_dir'].filter((k) => plan.global.includes(k)))
      this.log.warn(`global.${key} changes at the next start of lvsd`);
    this.config = next;
    this.log.level = next.global.log.level;
    this.notify.configure(notifySettings(next));
    if (trackersChanged(plan)) {
      this.trackers.stop();
      this.trackers = this.makeTrackers();
      this.trackers.start();
    } else this.trackers.recheck(next);
    const [v, l] = await Promise.all([
      this.vrrp.request({ type: 'reload', config: next }),
      this.lvs.request({ type: 'reload', config: next, virtualServers: plan.virtualServers.delta }, 60_000),
    ]);
    if (!l.ok) this.log.error('IPVS reload failed', { error: l.error });
    if (!v.ok) {
      this.log.error('VRRP did not take the new configuration', { error: v.error });
      return { ok: false, error: `VRRP did not take the new configuration: ${v.error}` };
    }
    this.log.info('configuration reloaded', { ...summary(next), source, ...planSummary(plan) });
    return { ok: true, result: { vrrp: v.result, ipvs: l.ok ? l.result : { error: l.error } } };
  }

  private async dump(): Promise<void> {
    this.log.info('state dump: processes', { supervisor: process.pid, ...pids(this.vrrp, this.lvs) });
    const status = await this.status();
    if (Array.isArray(status.vrrp))
      for (const info of status.vrrp) this.log.info('state dump: vrrp instance', { ...info });
    else this.log.warn('state dump: vrrp unavailable', status.vrrp);
    this.log.info('state dump: ipvs', { ...(status.ipvs ?? { state: 'not started' }) });
  }

  private stop(reason: string, code = 0): void {
    if (this.stopping) return;
    this.stopping = true;
    this.log.info('stopping', { signal: reason });
    this.trackers.stop();
    this.control.close();
    void Promise.all([this.vrrp.stop(STOP_TIMEOUT_MS), this.lvs.stop(STOP_TIMEOUT_MS)]).then(() => {
      this.notify.close();
      this.log.info('stopped');
      this.finish(code);
    });
  }

  private makeTrackers(): TrackerRunner {
    return new TrackerRunner(
      this.config,
      (result) => {
        this.trackerResults.set(`${result.type}:${result.name}`, result);
        this.vrrp.send({ type: 'tracker', result });
      },
      this.log,
    );
  }

  private warnScriptUser(): void {
    if (this.config.global.script_user !== undefined) return;
    const instances = Object.values(this.config.vrrp_instances);
    const groups = Object.values(this.config.vrrp_sync_groups);
    const notifies = [...instances, ...groups].some((i) =>
      Object.values(i.notify).some((c) => c !== undefined),
    );
    if (notifies || Object.keys(this.config.vrrp_scripts).length > 0)
      this.log.warn('global.script_user is not set: notify scripts and vrrp_scripts run as root');
  }
}

function pids(vrrp: SupervisedChild, lvs: SupervisedChild): Record<string, number | null> {
  return { vrrp: vrrp.info().pid, vrrp_spare: vrrp.info().spare, lvs: lvs.info().pid };
}

function notifySettings(config: Config) {
  return { scriptUser: config.global.script_user, fifo: config.global.notify_fifo };
}

function trackersChanged(plan: ReloadPlan): boolean {
  const i = plan.instances;
  return (
    [plan.scripts, plan.trackFiles].some((d) => d.changed.length + d.added.length + d.removed.length > 0) ||
    i.added.length + i.removed.length > 0 ||
    i.changed.some((c) => c.keys.some((k) => k === 'track_scripts' || k === 'track_files'))
  );
}

function summary(config: Config) {
  return {
    router_id: config.global.router_id,
    vrrp_instances: Object.keys(config.vrrp_instances).length,
    virtual_servers: config.virtual_servers.length,
  };
}

function planSummary(plan: ReloadPlan): Record<string, string> {
  const i = plan.instances;
  const list = (names: string[]) =>
    names.length === 0
      ? '-'
      : names.slice(0, 20).join(',') + (names.length > 20 ? ` (and ${names.length - 20} more)` : '');
  return {
    unchanged: list(i.unchanged),
    changed: list(i.changed.map((c) => `${c.name}(${c.keys.join('+')})`)),
    added: list(i.added),
    removed: list(i.removed),
    virtual_servers_changed: list([
      ...plan.virtualServers.added,
      ...plan.virtualServers.changed,
      ...plan.virtualServers.removed,
    ]),
  };
}
