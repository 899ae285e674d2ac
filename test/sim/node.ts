// One simulated director: the VRRP child's engine plus what the outside world sees of it (its VIPs,
// its tracker readings), and its process model: up, crashed (process and link down), a VRRP child
// being restarted by the supervisor, or stalled (not scheduled: its events wait).
import { VrrpEngine } from '../../src/vrrp/engine.js';
import type { TrackerEvent } from '../../src/vrrp/events.js';
import type { InstanceSpec, SyncGroupSpec, VrrpState } from '../../src/vrrp/types.js';

export interface NodeConfig {
  name: string;
  address: string;
  instances: InstanceSpec<string>[];
  syncGroups?: SyncGroupSpec[];
}

export type NodeStatus = 'up' | 'down' | 'restarting';

export class SimNode {
  engine: VrrpEngine<string> | null = null;
  status: NodeStatus = 'down';
  /** Events for this node wait until then (a stalled process). */
  stalledUntilMs = 0;
  /** States as reported by the engine's transition actions. */
  readonly states = new Map<string, VrrpState>();
  /** Whether the instance's VIPs are configured on the (simulated) interface. */
  readonly vips = new Map<string, boolean>();
  /** The latest reading of each tracker, fed again to a new engine after a restart. */
  readonly readings = new Map<string, TrackerEvent>();
  /** Identifies the current wake-up; older ones are early (spurious) wake-ups. */
  wakeGeneration = 0;
  /** The states handed to a restarting VRRP child. */
  previousStates: Record<string, VrrpState> | undefined;

  constructor(readonly config: NodeConfig) {}

  get name(): string {
    return this.config.name;
  }

  get address(): string {
    return this.config.address;
  }

  get alive(): boolean {
    return this.status === 'up';
  }

  has(instance: string): boolean {
    return this.config.instances.some((i) => i.name === instance);
  }

  spec(instance: string): InstanceSpec<string> | undefined {
    return this.config.instances.find((i) => i.name === instance);
  }

  stateOf(instance: string): VrrpState {
    return this.states.get(instance) ?? 'INIT';
  }

  /** A fresh engine, fed the current tracker readings (the daemon reads them before startup). */
  boot(nowMs: number): VrrpEngine<string> {
    const engine = new VrrpEngine<string>({
      instances: this.config.instances,
      syncGroups: this.config.syncGroups ?? [],
    });
    for (const r of this.readings.values()) engine.step(r, nowMs);
    this.engine = engine;
    this.status = 'up';
    this.states.clear();
    this.wakeGeneration++;
    return engine;
  }

  /** SIGKILL of the process group plus link down: the VIPs are no longer on the wire. */
  crash(): void {
    this.engine = null;
    this.status = 'down';
    this.states.clear();
    this.vips.clear();
    this.stalledUntilMs = 0;
    this.wakeGeneration++;
  }

  /** The VRRP child dies; the supervisor will hand its states to the next one. VIPs stay. */
  childDied(): void {
    this.previousStates = this.engine?.states();
    this.engine = null;
    this.status = 'restarting';
    this.stalledUntilMs = 0;
    this.wakeGeneration++;
  }

  reading(event: TrackerEvent): void {
    this.readings.set(`${event.type}:${event.name}`, event);
  }
}
