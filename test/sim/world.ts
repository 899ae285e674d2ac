// The deterministic world: a simulated clock, an event queue, the network and the nodes. Everything
// random comes from one seeded source; nothing reads the real clock. Scenario scripts drive it:
//   world.startAll(); world.run(5_000); world.net.partition('a', 'b'); world.run(5_000);
import { seededRandom, type Random } from '../../src/lib/random.js';
import type { Action } from '../../src/vrrp/actions.js';
import type { EngineEvent, TrackerEvent } from '../../src/vrrp/events.js';
import type { ReceivedAdvert, VrrpState } from '../../src/vrrp/types.js';
import { SimNetwork, type LinkConfig } from './network.js';
import { SimNode, type NodeConfig } from './node.js';
import { EventQueue } from './queue.js';

type SimEvent =
  | { kind: 'deliver'; node: SimNode; instance: string; advert: ReceivedAdvert }
  | { kind: 'wake'; node: SimNode; generation: number }
  | { kind: 'release'; node: SimNode }
  | { kind: 'call'; fn: () => void };

const isDelivery = (e: SimEvent): boolean => e.kind === 'deliver';

/** Thrown when an invariant breaks; the message says which and when. */
export class SimFailure extends Error {
  override readonly name = 'SimFailure';
}

export interface StepRecord {
  node: SimNode;
  event: EngineEvent;
  actions: readonly Action<string>[];
  /** A wake-up before the engine's deadline: it must change nothing. */
  early: boolean;
}

export interface Observer {
  afterStep(world: World, step: StepRecord): void;
}

export class World {
  nowMs = 0;
  readonly rng: Random;
  readonly net: SimNetwork;
  readonly nodes: SimNode[];
  readonly observers: Observer[] = [];
  readonly trace: string[] = [];
  tracing = false;
  events = 0;
  /** A run that needs more events than this is stuck in a storm (say, two masters answering each other). */
  maxEvents = Number.POSITIVE_INFINITY;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly deferred = new Map<SimNode, SimEvent[]>();

  constructor(configs: readonly NodeConfig[], seed = 1, link: Partial<LinkConfig> = {}) {
    this.rng = seededRandom(seed);
    this.net = new SimNetwork(this.rng, link);
    this.nodes = configs.map((c) => new SimNode(c));
  }

  node(name: string): SimNode {
    const n = this.nodes.find((x) => x.name === name);
    if (n === undefined) throw new Error(`no node ${name}`);
    return n;
  }

  note(text: string): void {
    if (this.tracing) this.trace.push(`${this.nowMs}ms ${text}`);
  }

  /** Runs fn at atMs (a scripted disruption). */
  at(atMs: number, fn: () => void): void {
    this.queue.push(atMs, { kind: 'call', fn });
  }

  run(durationMs: number): void {
    this.runUntil(this.nowMs + durationMs);
  }

  runUntil(endMs: number): void {
    while (this.queue.peekTime() <= endMs) {
      const next = this.queue.pop();
      if (next === undefined) break;
      this.nowMs = next.atMs;
      this.dispatch(next.item);
      if (this.events > this.maxEvents || this.queue.size > this.maxEvents)
        throw new SimFailure(
          `t=${this.nowMs}ms: event storm (${this.events} events, ${this.queue.size} queued)`,
        );
    }
    this.nowMs = Math.max(this.nowMs, endMs);
  }

  startAll(): void {
    for (const n of this.nodes) this.start(n.name);
  }

  start(name: string): void {
    const node = this.node(name);
    node.boot(this.nowMs);
    this.note(`${name} starts`);
    this.step(node, { type: 'startup' });
  }

  /** SIGKILL and link down. */
  crash(name: string): void {
    this.note(`${name} crashes`);
    this.node(name).crash();
    this.deferred.delete(this.node(name));
  }

  /** Graceful stop (SIGTERM): a MASTER sends priority 0 and drops its VIPs. */
  stop(name: string): void {
    const node = this.node(name);
    if (!node.alive) return;
    this.note(`${name} stops`);
    this.step(node, { type: 'shutdown' });
    node.crash();
    this.deferred.delete(node);
  }

  /** The VRRP child dies and is back after gapMs, resuming the states it had. */
  restartChild(name: string, gapMs: number): void {
    const node = this.node(name);
    if (!node.alive) return;
    this.note(`${name} vrrp child restarts (${gapMs}ms)`);
    node.childDied();
    this.deferred.delete(node);
    this.at(this.nowMs + gapMs, () => {
      if (node.status !== 'restarting') return;
      node.boot(this.nowMs);
      this.step(node, { type: 'startup', previousStates: node.previousStates ?? {} });
    });
  }

  /** The process is not scheduled for durationMs: its events are handled late, in order. */
  stall(name: string, durationMs: number): void {
    const node = this.node(name);
    if (!node.alive) return;
    this.note(`${name} stalls ${durationMs}ms`);
    node.stalledUntilMs = Math.max(node.stalledUntilMs, this.nowMs + durationMs);
    this.queue.push(node.stalledUntilMs, { kind: 'release', node });
  }

  /** A tracker reading changes on a node (delivered like any other event). */
  track(name: string, event: TrackerEvent): void {
    const node = this.node(name);
    node.reading(event);
    this.note(`${name} ${event.type} ${event.name} ${JSON.stringify(event)}`);
    if (node.alive) this.handle(node, { kind: 'call', fn: () => this.step(node, event) });
  }

  /** The nodes whose instance is MASTER. */
  masters(instance: string): string[] {
    return this.nodes.filter((n) => n.alive && n.stateOf(instance) === 'MASTER').map((n) => n.name);
  }

  stateOf(name: string, instance: string): VrrpState {
    return this.node(name).stateOf(instance);
  }

  private dispatch(ev: SimEvent): void {
    if (ev.kind === 'call') return ev.fn();
    if (ev.kind === 'release') return this.release(ev.node);
    if (!ev.node.alive) return;
    this.handle(ev.node, ev);
  }

  /** Runs the event now, or keeps it for later while the node is stalled. */
  private handle(node: SimNode, ev: SimEvent): void {
    if (this.nowMs < node.stalledUntilMs) {
      const list = this.deferred.get(node) ?? [];
      list.push(ev);
      this.deferred.set(node, list);
      return;
    }
    this.events++;
    if (ev.kind === 'deliver') this.step(node, { type: 'advert', instance: ev.instance, advert: ev.advert });
    else if (ev.kind === 'wake') this.wake(node, ev.generation);
    else if (ev.kind === 'call') ev.fn();
  }

  private release(node: SimNode): void {
    if (this.nowMs < node.stalledUntilMs || !node.alive) return;
    const list = this.deferred.get(node) ?? [];
    this.deferred.delete(node);
    // Half the time the node drains its socket before its timers (what the daemon should do after a
    // stall), half the time it handles everything in arrival order.
    const ordered = this.rng.chance(0.5)
      ? [...list.filter(isDelivery), ...list.filter((e) => !isDelivery(e))]
      : list;
    for (const ev of ordered) if (node.alive) this.handle(node, ev);
  }

  private wake(node: SimNode, generation: number): void {
    const deadline = node.engine?.nextDeadlineMs() ?? null;
    const early = generation !== node.wakeGeneration && (deadline === null || this.nowMs < deadline);
    this.step(node, { type: 'timer' }, early);
  }

  private step(node: SimNode, event: EngineEvent, early = false): void {
    const engine = node.engine;
    if (engine === null) return;
    const actions = engine.step(event, this.nowMs);
    for (const a of actions) this.apply(node, a);
    const record = { node, event, actions, early };
    for (const o of this.observers) o.afterStep(this, record);
  }

  private apply(node: SimNode, a: Action<string>): void {
    switch (a.type) {
      case 'send-advert':
        return this.broadcast(node, a.instance, {
          version: a.version,
          vrid: a.vrid,
          priority: a.priority,
          advertIntervalMs: a.advertIntervalMs,
          sourceAddress: node.address,
        });
      case 'add-vips':
      case 'remove-vips':
        node.vips.set(a.instance, a.type === 'add-vips');
        return;
      case 'transition':
        node.states.set(a.instance, a.to);
        this.note(
          `${node.name} ${a.instance} ${a.from} -> ${a.to} (${a.reason}) prio ${node.engine?.instance(a.instance)?.priority}`,
        );
        return;
      case 'deadline':
        node.wakeGeneration++;
        if (a.atMs !== null) {
          const atMs = Math.max(a.atMs, this.nowMs); // an overdue deadline wakes at once
          this.queue.push(atMs, { kind: 'wake', node, generation: node.wakeGeneration });
        }
        return;
      default:
        return;
    }
  }

  private broadcast(from: SimNode, instance: string, advert: ReceivedAdvert): void {
    for (const to of this.nodes) {
      if (to === from || !to.has(instance)) continue;
      for (const delay of this.net.transmit(from.name, to.name)) {
        this.queue.push(this.nowMs + delay, { kind: 'deliver', node: to, instance, advert });
      }
    }
  }
}
