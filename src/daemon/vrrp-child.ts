// The vrrp child's entry point (forked by the supervisor): the VRRP runtime under real-time
// scheduling, and nothing else. It loads, says 'ready', and waits for 'start' (a spare waits here).
// Notify commands and FIFO lines go to the supervisor, which runs them, so the engine never waits for
// a fork. It stops as on SIGTERM (a MASTER sends priority 0 and drops its VIPs) when asked, on
// SIGTERM/SIGINT, and when the supervisor is gone (the IPC channel closes).
import { performance } from 'node:perf_hooks';
import type { Config } from '../config/types.js';
import type { Logger } from '../lib/logger.js';
import { PacketFrameSender } from '../net/frame-sender.js';
import { openTransport } from '../net/open-transport.js';
import { RtNetlink } from '../net/rtnetlink.js';
import { FileAddressRecord } from './address-state.js';
import { daemonLogger } from './daemon-log.js';
import { sendToParent, serveSupervisor, type ToChild } from './ipc.js';
import { NotifyRunner } from './notify-runner.js';
import { applyRealtime } from './realtime.js';
import type { RuntimeReloadResult } from './runtime-reload.js';
import { VrrpRuntime, text, type RuntimeDeps } from './vrrp-runtime.js';

/** How long a stop may take (priority-0 adverts, VIP removal) before the process exits anyway. */
const STOP_TIMEOUT_MS = 5000;

let runtime: VrrpRuntime | null = null;
let log: Logger | null = null;
let config: Config | null = null;
let stopping = false;
let local: NotifyRunner | null = null;
let starting: Promise<void> = Promise.resolve();

async function onMessage(m: ToChild): Promise<void> {
  switch (m.type) {
    case 'start':
      starting = start(m);
      return starting;
    case 'reload': {
      const result = await reload(m.config);
      return void sendToParent(
        result.ok
          ? { type: 'reply', id: m.id, ok: true, result }
          : { type: 'reply', id: m.id, ok: false, error: result.error },
      );
    }
    case 'info':
      return void sendToParent({ type: 'reply', id: m.id, ok: true, result: runtime?.info() ?? [] });
    case 'tracker':
      return runtime?.tracker(m.result);
    case 'stop':
      return stop('stop requested');
    case 'vrrp-states':
      return;
  }
}

async function reload(next: Config): Promise<RuntimeReloadResult> {
  await starting; // a reload that arrives during the start waits for it
  if (runtime === null) return { ok: false, error: 'VRRP is not running' };
  try {
    const result = await runtime.reload(next);
    if (result.ok) config = next;
    if (result.ok && log !== null) log.level = next.global.log.level;
    return result;
  } catch (e) {
    log?.error('reload failed', { error: text(e) });
    return { ok: false, error: text(e) };
  }
}

async function start(m: Extract<ToChild, { type: 'start' }>): Promise<void> {
  if (runtime !== null) return;
  config = m.config;
  log = daemonLogger(config.global.log, 'vrrp');
  applyRealtime(config.global.vrrp_realtime_priority, log);
  const resumed = Object.entries(m.previousStates ?? {}).filter(([, s]) => s === 'MASTER');
  if (resumed.length > 0)
    log.info('resuming the state of the previous vrrp process', {
      masters: resumed.map(([n]) => n).join(','),
    });
  runtime = new VrrpRuntime(config, deps(config, log), {
    ...(m.previousStates === undefined ? {} : { previousStates: m.previousStates }),
    onStates: (states) => sendToParent({ type: 'states', states }),
  });
  try {
    await runtime.start();
  } catch (e) {
    log.error('cannot start VRRP', { error: text(e) });
    sendToParent({ type: 'fatal', error: text(e) });
    return stop('start failure', 1);
  }
  for (const result of m.trackers ?? []) runtime.tracker(result);
  sendToParent({
    type: 'started',
    detail: { instances: runtime.running, configured: Object.keys(config.vrrp_instances).length },
  });
  sendToParent({ type: 'states', states: runtime.states() });
}

function deps(c: Config, l: Logger): RuntimeDeps {
  return {
    net: new RtNetlink(),
    openTransport,
    frames: new PacketFrameSender(),
    record: new FileAddressRecord(c.global.state_dir, (message) => l.warn(message)),
    nowMs: () => performance.now(),
    log: l,
    runCommand: (argv) =>
      sendToParent({ type: 'notify-command', argv: [...argv] }) || localNotify().run(argv),
    writeFifo: (line) => sendToParent({ type: 'notify-fifo', line }) || localNotify().fifoLine(line),
  };
}

/** Without the supervisor (it died; this process is stopping), notifications run here. */
function localNotify(): NotifyRunner {
  local ??= new NotifyRunner(log as Logger, {
    scriptUser: config?.global.script_user,
    fifo: config?.global.notify_fifo,
  });
  return local;
}

function stop(reason: string, code = 0): void {
  if (stopping) return;
  stopping = true;
  log?.info('stopping', { reason });
  const guard = setTimeout(() => process.exit(1), STOP_TIMEOUT_MS);
  void (runtime?.stop() ?? Promise.resolve()).then(
    () => {
      clearTimeout(guard);
      log?.info('stopped');
      local?.close();
      process.exit(code);
    },
    (e: unknown) => {
      log?.error('stop failed', { error: text(e) });
      process.exit(1);
    },
  );
}

serveSupervisor((m) => void onMessage(m), stop);
