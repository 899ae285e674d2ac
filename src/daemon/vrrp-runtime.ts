// The VRRP runtime of the (for now single) lvsd process: it wires the pure engine to the kernel.
// Events in: received adverts (InstanceWiring), link changes (interface trackers), script and file
// trackers, one timer for the engine's next deadline. Actions out, in the engine's order: adverts,
// VIPs and routes (AddressHolder), gratuitous ARP / unsolicited NA frames, logs, notify commands.
import type { Config } from '../config/types.js';
import type { Logger } from '../lib/logger.js';
import type { FrameSender } from '../net/frame-sender.js';
import { gratuitousArp, unsolicitedNa } from '../net/frames.js';
import type { KernelNet, LinkInfo } from '../net/kernel-net.js';
import type { TransportFactory } from '../net/transport.js';
import {
  describeTransition,
  VrrpEngine,
  type Action,
  type EngineEvent,
  type InstanceInfo,
} from '../vrrp/index.js';
import { AddressHolder } from './address-holder.js';
import type { AddressRecord } from './address-state.js';
import {
  heldAddresses,
  instanceSpec,
  syncGroupSpecs,
  trackedInterfaces,
  type HeldAddress,
} from './instance-spec.js';
import { InstanceWiring } from './instance-wiring.js';
import { localAddressOf, routesOf } from './local-address.js';

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

export class RuntimeStartError extends Error {
  override readonly name = 'RuntimeStartError';
}

export interface RuntimeInstanceInfo extends InstanceInfo {
  /** Packets the codec refused, by reason. */
  codecDrops: Record<string, number>;
  vipsHeld: boolean;
}

export class VrrpRuntime {
  private readonly wirings = new Map<string, InstanceWiring>();
  private links = new Map<string, LinkInfo>();
  private linkUp = new Map<string, boolean>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly holder: AddressHolder;
  private engine: VrrpEngine<HeldAddress> | null = null;

  constructor(
    private readonly config: Config,
    private readonly deps: RuntimeDeps,
  ) {
    this.holder = new AddressHolder(
      deps.net,
      deps.record,
      () => this.links,
      (instance) => routesOf(config, instance, this.links),
      deps.log,
    );
  }

  async start(): Promise<void> {
    const { net, log } = this.deps;
    await this.refreshLinks();
    const addresses = await net.addresses();
    const configured = Object.entries(this.config.vrrp_instances).flatMap(([n, i]) => heldAddresses(n, i));
    const stale = await this.holder.removeStale(configured);
    if (stale > 0) log.warn('removed addresses left by a previous run', { count: stale });
    const specs = [];
    for (const [name, instance] of Object.entries(this.config.vrrp_instances)) {
      // An instance that cannot be wired is reported and left out; the others run.
      const link = this.links.get(instance.interface);
      const local =
        link === undefined
          ? `no interface ${instance.interface}`
          : localAddressOf(instance, link, addresses, configured);
      if (link === undefined || typeof local === 'string') {
        log.error('vrrp instance not started', { instance: name, error: local });
        continue;
      }
      try {
        this.wirings.set(
          name,
          new InstanceWiring(name, instance, {
            family: local.family,
            ifindex: link.index,
            localAddress: local.address,
            openTransport: this.deps.openTransport,
            onAdvert: (instance, advert) => this.step({ type: 'advert', instance, advert }),
            log,
          }),
        );
      } catch (e) {
        log.error('vrrp instance not started', {
          instance: name,
          error: e instanceof Error ? e.message : String(e),
        });
        continue;
      }
      specs.push(instanceSpec(this.config, name, local.address));
      log.info('vrrp instance wired', {
        instance: name,
        interface: instance.interface,
        vrid: instance.virtual_router_id,
        version: instance.version,
        transport: instance.transport,
        source: local.address,
        destinations: this.wirings.get(name)?.transport.destinations.join(','),
      });
    }
    if (
      specs.length < Object.keys(this.config.vrrp_instances).length &&
      this.config.vrrp_sync_groups !== undefined
    ) {
      const missing = Object.keys(this.config.vrrp_instances).filter((n) => !this.wirings.has(n));
      for (const [group, g] of Object.entries(this.config.vrrp_sync_groups))
        if (g.instances.some((n) => missing.includes(n)))
          throw new RuntimeStartError(`sync group ${group} has instances that could not start`);
    }
    this.engine = new VrrpEngine({ instances: specs, syncGroups: syncGroupSpecs(this.config) });
    net.watch((change) => {
      if (change.kind === 'address') this.holder.verify();
      else
        this.onLinkChange().catch((e: unknown) =>
          this.deps.log.error('cannot read link states', {
            error: e instanceof Error ? e.message : String(e),
          }),
        );
    });
    for (const name of this.trackedNames()) {
      const up = this.isUp(name);
      this.linkUp.set(name, up);
      if (!up) this.step({ type: 'interface', name, up });
    }
    this.step({ type: 'startup' });
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

  info(): RuntimeInstanceInfo[] {
    if (this.engine === null) return [];
    return this.engine.info(this.deps.nowMs()).map((i) => ({
      ...i,
      codecDrops: Object.fromEntries(this.wirings.get(i.name)?.drops ?? []),
      vipsHeld: this.holder.isHeld(i.name),
    }));
  }

  private step(event: EngineEvent): void {
    if (this.stopped || this.engine === null) return;
    const actions = this.engine.step(event, this.deps.nowMs());
    for (const a of actions) this.execute(a);
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
        this.holder.add(a.instance, a.vips);
        return;
      case 'remove-vips':
        this.holder.remove(a.instance, a.vips);
        return;
      case 'garp':
        return this.garp(a.instance, a.vips, a.repeat);
      case 'transition':
        log.info(describeTransition(a), { instance: a.instance, from: a.from, to: a.to });
        return;
      case 'group-transition':
        log.info(`sync group ${a.group}: ${a.from} -> ${a.to}`, { group: a.group });
        return;
      case 'notify-command':
        this.deps.runCommand(a.argv);
        return;
      case 'notify-fifo':
        this.deps.writeFifo(a.line);
        return;
      case 'deadline':
        return;
    }
  }

  private garp(instance: string, vips: readonly HeldAddress[], repeat: number): void {
    let sent = 0;
    for (const vip of vips) {
      const link = this.links.get(vip.dev);
      if (link === undefined) continue;
      const frame = vip.address.includes(':')
        ? unsolicitedNa(link.mac, vip.address)
        : gratuitousArp(link.mac, vip.address);
      for (let i = 0; i < repeat; i++) {
        const result = this.deps.frames.send(link.index, frame);
        if (result.ok) sent++;
        else
          this.deps.log.warn('gratuitous ARP/NA not sent', {
            instance,
            dev: vip.dev,
            code: result.code,
            error: result.message,
          });
      }
    }
    this.deps.log.debug('gratuitous ARP/NA sent', { instance, frames: sent });
  }

  private trackedNames(): Set<string> {
    const names = new Set<string>();
    for (const i of Object.values(this.config.vrrp_instances))
      for (const t of trackedInterfaces(i)) names.add(t.name);
    return names;
  }

  private isUp(name: string): boolean {
    const link = this.links.get(name);
    return link !== undefined && link.up && link.running;
  }

  private async refreshLinks(): Promise<void> {
    const list = await this.deps.net.links();
    this.links = new Map(list.map((l) => [l.name, l]));
  }

  private async onLinkChange(): Promise<void> {
    await this.refreshLinks();
    for (const name of this.trackedNames()) {
      const up = this.isUp(name);
      if (this.linkUp.get(name) === up) continue;
      this.linkUp.set(name, up);
      this.deps.log.info(`interface ${name} is ${up ? 'up' : 'down'}`, { interface: name });
      this.step({ type: 'interface', name, up });
    }
  }
}
