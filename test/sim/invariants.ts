// Invariants checked after every event of the simulation.
//
// Always:
//   - VIPs are held exactly while MASTER (on every node that is up), and GARPs go out only while held;
//   - with no input nothing changes: a wake-up before the engine's deadline emits no action.
// In a quiet window (the network healed, no loss, no stall, no crash or restart, no tracker change),
// from the instance's convergence bound on:
//   - exactly one MASTER per VRID (none if no member is up and out of FAULT);
//   - no state changes any more;
//   - an address owner that is up and not in FAULT is the MASTER;
//   - no preempting BACKUP has a higher priority than the MASTER.
// Two masters during a partition are expected and not checked.
import type { Action } from '../../src/vrrp/actions.js';
import { preemptEnabled } from '../../src/vrrp/spec.js';
import { OWNER_PRIORITY } from '../../src/vrrp/types.js';
import type { SimNode } from './node.js';
import { SimFailure, type Observer, type StepRecord, type World } from './world.js';

interface Window {
  untilMs: number;
  /** Per instance: when convergence must have happened. */
  checkFromMs: ReadonlyMap<string, number>;
}

export class Invariants implements Observer {
  private window: Window | null = null;
  /** How many times each kind of check ran (a swarm that checks nothing proves nothing). */
  readonly counts = { steps: 0, earlyWakeups: 0, converged: 0, windows: 0 };

  /** Opens a quiet window now: instance v must have converged by now + boundMs(v). */
  openWindow(world: World, untilMs: number, boundsMs: ReadonlyMap<string, number>): void {
    const checkFromMs = new Map([...boundsMs].map(([v, b]) => [v, world.nowMs + b]));
    this.window = { untilMs, checkFromMs };
    this.counts.windows++;
    world.note(`quiet window until ${untilMs}ms, bounds ${JSON.stringify(Object.fromEntries(boundsMs))}`);
  }

  /** Closes the window with a last check of every instance whose bound has passed. */
  closeWindow(world: World): void {
    const w = this.window;
    if (w === null) return;
    for (const [v, from] of w.checkFromMs) if (world.nowMs >= from) this.converged(world, v);
    this.window = null;
  }

  afterStep(world: World, step: StepRecord): void {
    this.counts.steps++;
    if (step.early) this.counts.earlyWakeups++;
    if (step.early && step.actions.length > 0)
      fail(
        world,
        `${step.node.name}: an early wake-up emitted ${step.actions.map((a) => a.type).join(', ')}`,
      );
    this.vipsFollowState(world, step.node, step.actions);
    const w = this.window;
    if (w === null || world.nowMs > w.untilMs) return;
    for (const [v, from] of w.checkFromMs) {
      if (world.nowMs < from) continue;
      const moved = step.actions.find((a) => a.type === 'transition' && a.instance === v);
      if (moved?.type === 'transition')
        fail(
          world,
          `${step.node.name} ${v}: ${moved.from} -> ${moved.to} (${moved.reason}) after convergence`,
        );
      this.converged(world, v);
    }
  }

  private vipsFollowState(world: World, node: SimNode, actions: readonly Action<string>[]): void {
    if (!node.alive) return;
    for (const spec of node.config.instances) {
      const held = node.vips.get(spec.name) === true;
      if (held !== (node.stateOf(spec.name) === 'MASTER'))
        fail(
          world,
          `${node.name} ${spec.name}: ${node.stateOf(spec.name)} ${held ? 'holds' : 'lacks'} its VIPs`,
        );
    }
    for (const a of actions) {
      if (a.type === 'garp' && node.vips.get(a.instance) !== true)
        fail(world, `${node.name} ${a.instance}: GARP for VIPs it does not hold`);
    }
  }

  private converged(world: World, v: string): void {
    this.counts.converged++;
    const members = world.nodes.filter((n) => n.alive && n.has(v));
    const eligible = members.filter((n) => n.stateOf(v) === 'MASTER' || n.stateOf(v) === 'BACKUP');
    const masters = eligible.filter((n) => n.stateOf(v) === 'MASTER');
    const expected = eligible.length > 0 ? 1 : 0;
    if (masters.length !== expected)
      fail(
        world,
        `${v}: ${masters.length} masters (${masters.map((n) => n.name).join(', ')}), expected ${expected}`,
      );
    const master = masters[0];
    if (master === undefined) return;
    const prio = (n: SimNode): number => n.engine?.instance(v)?.priority ?? 0;
    for (const n of members) {
      const spec = n.spec(v);
      if (spec === undefined || n === master) continue;
      const state = n.stateOf(v);
      if (spec.priority === OWNER_PRIORITY && state !== 'FAULT')
        fail(world, `${v}: the owner ${n.name} is ${state}, ${master.name} is MASTER`);
      if (state === 'BACKUP' && preemptEnabled(spec) && prio(n) > prio(master))
        fail(
          world,
          `${v}: ${n.name} (${prio(n)}) preempts but stays BACKUP under ${master.name} (${prio(master)})`,
        );
    }
  }
}

function fail(world: World, message: string): never {
  throw new SimFailure(`t=${world.nowMs}ms: ${message}`);
}
