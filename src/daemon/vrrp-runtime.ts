// The VRRP runtime of the vrrp child: it wires the pure engine to the kernel. Events in: received
// adverts (InstanceWiring), link changes (interface trackers), script and file tracker results, one
// timer for the engine's next deadline. Actions out, in the engine's order: adverts, VIPs and routes
// (AddressHolder), gratuitous ARP / unsolicited NA frames, logs, notify commands. reload() applies a
// new configuration through the engine's reconfigure (runtime-reload.ts).
import type { Config, VrrpInstanceConfig } from '../config/types.js';
import type { Logger } from '../lib/logger.js';
import type { FrameSender } from '../net/frame-sender.js';
import type { AddressEntry, KernelNet, LinkInfo } from '../net/kernel-net.js';
import type { TransportFactory } from '../net/transport.js';
import {
  describeTransition,
  VrrpEngine,
  type Action,
  type EngineEvent,
  type InstanceInfo,
  type VrrpState,
} from '../vrrp/index.js';
import { AddressHolder } from './address-holder.js';
import type { AddressRecord } from './address-state.js';
import { sendGarps } from './garp-frames.js';
import {
  heldAddresses,
  instanceSpec,
  syncGroupSpecs,
  trackedInterfaces,
  type HeldAddress,
} from './instance-spec.js';
import { InstanceWiring } from './instance-wiring.js';
import { routesOf } from './local-address.js';
import { wireInstance } from './wire-instance.js';
import { applyReload, type RuntimeReloadResult } from './runtime-reload.js';

export interface RuntimeDeps {
  net: KernelNet;
  openTransport: TransportFactory;
  frames: FrameSender;
  record: AddressRecord;
  /** Monotonic milliseconds. */
  nowMs: () => number;
  log: Logger;
  runCommand: (argv: readonly string[]) => void;
  writeFifo: (line: string) => void;
}

export interface RuntimeOptions {
  /** The states of a vrrp child that died: a MASTER resumes as MASTER and keeps its VIPs. */
  previousStates?: Readonly<Record<string, VrrpState>>;
  /** Called after every step that changed a state, with every instance's state. */
  onStates?: (states: Record<string, VrrpState>) => void;
}

export class RuntimeStartError extends Error {
  override readonly name = 'RuntimeStartError';
}

export interface RuntimeInstanceInfo extends InstanceInfo {
  /** Packets the codec refused, by reason. */
  codecDrops: Record<string, number>;
  vipsHeld: boolean;
}

export class VrrpRuntime {
  /** Internal to runtime-reload.ts as well. */
  readonly wirings = new Map<string, InstanceWiring>();
  /** Instance name -> the address it speaks from. */
  readonly local = new Map<string, string>();
  links = new Map<string, LinkInfo>();
  private readonly linkUp = new Map<string, boolean>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  readonly holder: AddressHolder;
  engine: VrrpEngine<HeldAddress> | null = null;

  constructor(
    public config: Config,
    readonly deps: RuntimeDeps,
    private readonly options: RuntimeOptions = {},
  ) {
    this.holder = new AddressHolder(
      deps.net,
      deps.record,
      () => this.links,
      (instance) => routesOf(this.config, instance, this.links),
      deps.log,
    );
  }

  async start(): Promise<void> {
    const { net, log } = this.deps;
    await this.refreshLinks();
    const addresses = await net.addresses();
    const configured = this.configuredAddresses(this.config);
    const resumed = configured.filter((a) => this.options.previousStates?.[a.instance] === 'MASTER');
    const stale = await this.holder.removeStale(configured, resumed);
    if (stale > 0) log.warn('removed addresses left by a previous run', { count: stale });
    for (const [name, instance] of Object.entries(this.config.vrrp_instances)) {
      const wiring = this.wire(name, instance, addresses, configured);
      if (wiring !== null) this.wirings.set(name, wiring);
    }
    const missing = this.unwiredGroupMembers(this.config);
    if (missing !== null) throw new RuntimeStartError(missing);
    this.engine = new VrrpEngine({
      instances: this.specs(this.config),
      syncGroups: syncGroupSpecs(this.config),
    });
    net.watch((change) => {
      if (change.kind === 'address') this.holder.verify();
      else
        this.onLinkChange().catch((e: unknown) => log.error('cannot read link states', { error: text(e) }));
    });
    for (const name of this.trackedNames(this.config)) {
      const up = this.isUp(name);
      this.linkUp.set(name, up);
      if (!up) this.step({ type: 'interface', name, up });
    }
    this.step({ type: 'startup', ...spread('previousStates', this.options.previousStates) });
  }

  /** Applies a new configuration; see runtime-reload.ts. */
  async reload(next: Config): Promise<RuntimeReloadResult> {
    if (this.engine === null || this.stopped) return { ok: false, error: 'VRRP is not running' };
    await this.refreshLinks();
    const addresses = await this.deps.net.addresses();
    return applyReload(this, next, addresses);
  }

  /** A tracker result from outside (scripts, files). */
  tracker(event: Extract<EngineEvent, { type: 'script' | 'file' }>): void {
    this.step(event);
  }

  /** Shutdown: a MASTER sends priority 0 and removes its VIPs; resolves when that is done. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.step({ type: 'shutdown' });
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.holder.idle();
    for (const w of this.wirings.values()) w.close();
    this.deps.frames.close();
    this.deps.net.close();
  }

  /** How many instances run (an instance whose interface is missing does not). */
  get running(): number {
    return this.wirings.size;
  }

  states(): Record<string, VrrpState> {
    return this.engine?.states() ?? {};
  }

  info(): RuntimeInstanceInfo[] {
    if (this.engine === null) return [];
    return this.engine.info(this.deps.nowMs()).map((i) => ({
      ...i,
      codecDrops: Object.fromEntries(this.wirings.get(i.name)?.drops ?? []),
      vipsHeld: this.holder.isHeld(i.name),
    }));
  }

  /** A wiring for the instance, or null (logged) when it cannot run here. */
  wire(
    name: string,
    instance: VrrpInstanceConfig,
    addresses: readonly AddressEntry[],
    configured: readonly HeldAddress[],
  ): InstanceWiring | null {
    const wired = wireInstance(name, instance, this.links.get(instance.interface), addresses, configured, {
      openTransport: this.deps.openTransport,
      onAdvert: (instance, advert) => this.step({ type: 'advert', instance, advert }),
      log: this.deps.log,
    });
    if (wired === null) return null;
    this.local.set(name, wired.localAddress);
    return wired.wiring;
  }

  configuredAddresses(config: Config): HeldAddress[] {
    return Object.entries(config.vrrp_instances).flatMap(([n, i]) => heldAddresses(n, i));
  }

  /** The sync group that has an instance that could not be wired, as an error message; else null. */
  unwiredGroupMembers(config: Config): string | null {
    for (const [group, g] of Object.entries(config.vrrp_sync_groups))
      if (g.instances.some((n) => !this.wirings.has(n)))
        return `sync group ${group} has instances that could not start`;
    return null;
  }

  specs(config: Config) {
    return [...this.wirings.keys()].map((name) => instanceSpecOf(config, name, this.local));
  }

  /** The current state of every tracked link, as tracker readings (reload hands them to new instances). */
  linkReadings(config: Config): { type: 'interface'; name: string; up: boolean }[] {
    return [...this.trackedNames(config)].map((name) => {
      const up = this.isUp(name);
      this.linkUp.set(name, up);
      return { type: 'interface', name, up };
    });
  }

  step(event: EngineEvent): void {
    if (this.stopped || this.engine === null) return;
    // A new instance's socket can hear an advert before a reload has handed the instance to the engine.
    if (event.type === 'advert' && this.engine.instance(event.instance) === undefined) return;
    this.carryOut(this.engine.step(event, this.deps.nowMs()));
  }

  /** Carries out the actions in order, reports changed states, re-arms the timer. */
  carryOut(actions: readonly Action<HeldAddress>[]): void {
    let changed = false;
    for (const a of actions) {
      if (a.type === 'transition') changed = true;
      this.execute(a);
    }
    if (changed) this.options.onStates?.(this.states());
    this.arm();
  }

  /** One timer for the engine's next deadline; re-armed after every step (a wake-up can be early). */
  private arm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const next = this.engine?.nextDeadlineMs() ?? null;
    if (next === null || this.stopped) return;
    const delayMs = Math.max(0, Math.ceil(next - this.deps.nowMs()));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.step({ type: 'timer' });
    }, delayMs);
  }

  private execute(a: Action<HeldAddress>): void {
    const log = this.deps.log;
    switch (a.type) {
      case 'send-advert':
        this.wirings.get(a.instance)?.sendAdvert(a.priority);
        return;
      case 'add-vips':
        return this.holder.add(a.instance, a.vips);
      case 'remove-vips':
        return this.holder.remove(a.instance, a.vips);
      case 'garp':
        // After the VIPs are on the interface: a client that follows the GARP gets an answer.
        this.holder.afterQueued(() =>
          sendGarps(this.deps.frames, this.links, a.instance, a.vips, a.repeat, log),
        );
        return;
      case 'transition':
        log.info(describeTransition(a), { instance: a.instance, from: a.from, to: a.to });
        return;
      case 'group-transition':
        log.info(`sync group ${a.group}: ${a.from} -> ${a.to}`, { group: a.group });
        return;
      case 'notify-command':
        return this.deps.runCommand(a.argv);
      case 'notify-fifo':
        return this.deps.writeFifo(a.line);
      case 'deadline':
        return;
    }
  }

  private trackedNames(config: Config): Set<string> {
    const names = new Set<string>();
    for (const i of Object.values(config.vrrp_instances))
      for (const t of trackedInterfaces(i)) names.add(t.name);
    return names;
  }

  private isUp(name: string): boolean {
    const link = this.links.get(name);
    return link !== undefined && link.up && link.running;
  }

  async refreshLinks(): Promise<void> {
    const list = await this.deps.net.links();
    this.links = new Map(list.map((l) => [l.name, l]));
  }

  private async onLinkChange(): Promise<void> {
    await this.refreshLinks();
    for (const name of this.trackedNames(this.config)) {
      const up = this.isUp(name);
      if (this.linkUp.get(name) === up) continue;
      this.linkUp.set(name, up);
      this.deps.log.info(`interface ${name} is ${up ? 'up' : 'down'}`, { interface: name });
      this.step({ type: 'interface', name, up });
    }
  }
}

function instanceSpecOf(config: Config, name: string, local: ReadonlyMap<string, string>) {
  const address = local.get(name);
  if (address === undefined) throw new Error(`vrrp instance "${name}" has no local address`);
  return instanceSpec(config, name, address);
}

function spread<K extends string, T>(key: K, value: T | undefined): Partial<Record<K, T>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, T>);
}

export function text(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
