// The disruptions of one phase, chosen by the seed: partitions and their healing, loss bursts,
// monotonic-clock stalls, crashes and restarts, graceful stops, VRRP child restarts (resuming their
// state) and tracker changes. Returns when the phase is over: everything healed, no stall pending.
import type { Random } from '../../src/lib/random.js';
import type { LinkConfig } from './network.js';
import type { SimNode } from './node.js';
import type { World } from './world.js';

type Kind = 'partition' | 'loss' | 'stall' | 'crash' | 'stop' | 'child' | 'tracker';

const KINDS: readonly Kind[] = [
  'partition',
  'partition',
  'loss',
  'stall',
  'stall',
  'crash',
  'stop',
  'child',
  'tracker',
  'tracker',
];

interface Phase {
  world: World;
  rng: Random;
  unit: number;
  endMs: number;
  /** When the last stall or child restart is over. */
  settledMs: number;
}

export function disruptions(
  world: World,
  rng: Random,
  unit: number,
  fromMs: number,
  toMs: number,
  healed: LinkConfig,
): number {
  const phase: Phase = { world, rng, unit, endMs: toMs, settledMs: toMs };
  const count = rng.int(0, 6);
  for (let i = 0; i < count; i++) {
    const at = rng.int(fromMs, toMs - 1);
    const node = rng.pick(world.nodes);
    disrupt(phase, rng.pick(KINDS), at, node);
  }
  world.at(toMs, () => {
    world.net.heal();
    world.net.link = { ...healed };
    world.note('network healed');
  });
  for (const n of world.nodes) {
    const restart = rng.chance(0.85);
    world.at(toMs, () => {
      if (restart && n.status === 'down') world.start(n.name);
    });
  }
  return phase.settledMs;
}

function disrupt(p: Phase, kind: Kind, at: number, node: SimNode): void {
  const { world, rng, unit } = p;
  switch (kind) {
    case 'partition': {
      const others = world.nodes.map((n) => n.name);
      const peer = rng.pick(others);
      const isolate = rng.chance(0.4);
      world.at(at, () => {
        if (isolate) world.net.isolate(node.name, others);
        else world.net.partition(node.name, peer);
        world.note(isolate ? `${node.name} isolated` : `${node.name} and ${peer} partitioned`);
      });
      if (rng.chance(0.5)) world.at(Math.min(p.endMs, at + rng.int(1, 10) * unit), () => world.net.heal());
      return;
    }
    case 'loss': {
      const loss = rng.float() * (rng.chance(0.2) ? 1 : 0.4);
      world.at(at, () => void (world.net.link.loss = loss));
      world.at(Math.min(p.endMs, at + rng.int(1, 10) * unit), () => void (world.net.link.loss = 0));
      return;
    }
    case 'stall': {
      const ms = rng.int(1, 8 * unit);
      p.settledMs = Math.max(p.settledMs, at + ms);
      world.at(at, () => world.stall(node.name, ms));
      return;
    }
    case 'crash':
    case 'stop': {
      world.at(at, () => (kind === 'crash' ? world.crash(node.name) : world.stop(node.name)));
      const back = at + rng.int(1, 10) * unit;
      if (back < p.endMs)
        world.at(back, () => {
          if (node.status === 'down') world.start(node.name);
        });
      return;
    }
    case 'child': {
      const gap = rng.int(0, 2 * unit);
      p.settledMs = Math.max(p.settledMs, at + gap);
      world.at(at, () => world.restartChild(node.name, gap));
      return;
    }
    case 'tracker':
      return trackerChange(p, at, node);
  }
}

function trackerChange(p: Phase, at: number, node: SimNode): void {
  const { world, rng, unit } = p;
  const names = new Set(
    node.config.instances.flatMap((s) => [
      ...s.trackInterfaces.map(() => 'interface'),
      ...s.trackScripts.map(() => 'script'),
      ...s.trackFiles.map(() => 'file'),
    ]),
  );
  if (names.size === 0) return;
  const kind = rng.pick([...names]);
  if (kind === 'interface') {
    const up = rng.chance(0.5);
    world.at(at, () => world.track(node.name, { type: 'interface', name: 'eth1', up }));
  } else if (kind === 'file') {
    const value = rng.int(-2, 4);
    world.at(at, () => world.track(node.name, { type: 'file', name: 'prio', value }));
  } else {
    const ok = rng.chance(0.5);
    const runs = rng.int(1, 3);
    for (let i = 0; i < runs; i++) {
      const when = Math.min(p.endMs - 1, at + Math.floor((i * unit) / 4));
      world.at(when, () => world.track(node.name, { type: 'script', name: 'chk', ok }));
    }
  }
}
