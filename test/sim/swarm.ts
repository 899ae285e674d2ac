// One seeded run: a cast (scenario.ts), then one to three phases, each a stretch of disruptions
// (partitions, loss, stalls, crashes, graceful stops, VRRP child restarts, tracker changes) followed by
// a quiet window in which the invariants of invariants.ts must hold once the bound has passed.
//
// The convergence bound of an instance, counted from the moment the last disruption ended (T):
//
//   B = Master_Down_Interval(priority 1, A) + A + preempt_delay + 4 D
//
// where A is the largest advert interval configured in the VRID and D the worst one-way delay (delay
// plus reorder hold-back). Why it holds (each step uses only adverts sent after T, or in flight at T):
//   1. A backup's timer can only have been set by an advert that arrived by T + D (anything later comes
//      from a master it accepts, and such a master keeps it BACKUP). The slowest possible timer is the
//      Master_Down_Interval of the lowest priority with the largest interval a v3 backup can adopt.
//      A backup that will preempt a lower master stops accepting it at the latest preempt_delay after
//      it first saw it, and it sees it within A + D of T. So every takeover happens by
//      T + A + D + preempt_delay + Master_Down_Interval.
//   2. Each takeover is by a node that outranks the current master, and its first advert reaches every
//      other master within D; a lower master that took over at the same moment is answered at once
//      (the RFC 9568 re-assertion), which costs 2 D more. Nothing moves after that: BACKUPs accept the
//      master's adverts, every A < Master_Down_Interval.
// Priorities cannot change inside the window (trackers are quiet), stalls and restarts are over, and
// every VRID has one version, so the formula's A and skew are those of the VRID. A v3 backup adopting a
// slower master's interval is covered by taking the largest A.
//
// With preempt_delay the delay clock starts only when the preempting backup first sees a lower master,
// and that master may itself appear only when its own timer runs out (T + D + Master_Down_Interval);
// the backup then accepts it for preempt_delay and waits a full Master_Down_Interval after that, so
// such a VRID gets preempt_delay + Master_Down_Interval + 2 D more.
//
// Sync groups: the simulator gives a node the same priority, preempt and trackers in every member, so
// the node that wins one VRID wins them all and is never dragged down (only a higher advert makes a
// member step down). The moves a group forces on lower nodes only make them BACKUP earlier or MASTER
// until the winner's next advert, so a grouped instance gets the largest bound of its group.
import { seededRandom, type Random } from '../../src/lib/random.js';
import { masterDownIntervalMs } from '../../src/vrrp/timers.js';
import { Invariants } from './invariants.js';
import { makeCast, type Cast } from './scenario.js';
import { worstDelayMs } from './network.js';
import { SimFailure, World } from './world.js';
import { disruptions } from './disruptions.js';

export interface SeedOutcome {
  seed: number;
  ok: boolean;
  failure?: string;
  events: number;
  simulatedMs: number;
  trace: string[];
  counts: Invariants['counts'];
}

/** The one-line command that replays a seed with its trace. */
export function replayCommand(seed: number): string {
  return `npm run sim -- --seed ${seed} --trace`;
}

export function convergenceBoundsMs(cast: Cast, worstDelayMs: number): Map<string, number> {
  const byInstance = new Map<string, { version: 2 | 3; intervalMs: number; delayMs: number }>();
  for (const c of cast.configs) {
    for (const s of c.instances) {
      const b = byInstance.get(s.name) ?? { version: s.version, intervalMs: 0, delayMs: 0 };
      b.intervalMs = Math.max(b.intervalMs, s.advertIntervalMs);
      b.delayMs = Math.max(b.delayMs, s.preemptDelayMs);
      byInstance.set(s.name, b);
    }
  }
  const bounds = new Map<string, number>();
  for (const [name, b] of byInstance) {
    const mdi = masterDownIntervalMs(b.version, 1, b.intervalMs);
    const preemptDelay = b.delayMs > 0 ? b.delayMs + mdi + 2 * worstDelayMs : 0;
    bounds.set(name, mdi + b.intervalMs + 4 * worstDelayMs + preemptDelay);
  }
  if (cast.grouped) {
    const worst = Math.max(...bounds.values());
    for (const name of bounds.keys()) bounds.set(name, worst);
  }
  return bounds;
}

export function runSeed(seed: number, tracing = false): SeedOutcome {
  const rng = seededRandom(seed);
  const cast = makeCast(rng);
  const world = new World(cast.configs, rng.u32(), cast.link);
  world.tracing = tracing;
  world.maxEvents = 200_000; // passing seeds use at most ~12,000
  const invariants = new Invariants();
  world.observers.push(invariants);
  const bounds = convergenceBoundsMs(cast, worstDelayMs(cast.healedLink));
  const endMs = schedule(world, rng, cast, invariants, bounds);
  try {
    world.runUntil(endMs);
    invariants.closeWindow(world);
    return { seed, ok: true, ...outcome(world, invariants) };
  } catch (e) {
    if (!(e instanceof SimFailure)) throw e;
    return { seed, ok: false, failure: e.message, ...outcome(world, invariants) };
  }
}

function outcome(world: World, invariants: Invariants) {
  return { events: world.events, simulatedMs: world.nowMs, trace: world.trace, counts: invariants.counts };
}

/** Schedules the whole run; returns its end. */
function schedule(
  world: World,
  rng: Random,
  cast: Cast,
  inv: Invariants,
  bounds: Map<string, number>,
): number {
  const unit = cast.unitMs;
  const together = rng.chance(0.2);
  for (const n of world.nodes) world.at(together ? 0 : rng.int(0, unit), () => world.start(n.name));
  const worstBound = Math.max(...bounds.values());
  let t = unit;
  const phases = rng.int(1, 3);
  for (let p = 0; p < phases; p++) {
    const length = rng.int(4, 25) * unit;
    world.at(t, () => void (world.net.link = { ...cast.link }));
    const settled = disruptions(world, rng, unit, t, t + length, cast.healedLink);
    // Packets sent before the heal may still be in flight for the disrupted link's worst delay.
    const quietFrom = settled + worstDelayMs(cast.link);
    const until = quietFrom + worstBound + rng.int(2, 8) * unit;
    world.at(quietFrom, () => inv.openWindow(world, until, bounds));
    world.at(until, () => inv.closeWindow(world));
    t = until + 1;
  }
  return t;
}
