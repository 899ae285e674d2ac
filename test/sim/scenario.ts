// A seed's cast: nodes, VRIDs (one version per VRID), priorities, intervals down to 10 ms, preempt
// settings, trackers, sync groups and the link's delay, duplication and reordering.
import type { Random } from '../../src/lib/random.js';
import type {
  InstanceSpec,
  TrackedFileSpec,
  TrackedInterfaceSpec,
  TrackedScriptSpec,
} from '../../src/vrrp/types.js';
import type { LinkConfig } from './network.js';
import type { NodeConfig } from './node.js';

export interface Cast {
  configs: NodeConfig[];
  /** The link while disruptions happen: any delay, duplication and reordering. */
  link: LinkConfig;
  /**
   * The link once healed: no loss, and a worst delay (reorder hold-back included) of half the
   * shortest advert interval. VRRP needs the jitter between two adverts to stay below
   * Master_Down_Interval - Advertisement_Interval (2 A + skew): beyond that a backup times out on a
   * live master whatever the implementation does, so no bound could hold.
   */
  healedLink: LinkConfig;
  /** The time unit of the seed: the largest base advert interval. */
  unitMs: number;
  grouped: boolean;
}

interface Trackers {
  trackInterfaces: TrackedInterfaceSpec[];
  trackScripts: TrackedScriptSpec[];
  trackFiles: TrackedFileSpec[];
}

/** Per-node choices shared by all of the node's instances when they form a sync group. */
interface NodeTraits {
  priority: number;
  preempt: boolean;
  trackers: Trackers;
}

const V3_SCALES_MS = [10, 20, 30, 50, 100, 200, 500, 1000];

export function makeCast(rng: Random): Cast {
  const n = rng.int(2, 5);
  const k = rng.int(1, 3);
  const grouped = k >= 2 && rng.chance(0.2);
  const anyV2 = rng.chance(0.3);
  const scaleMs = anyV2 ? rng.pick([250, 500, 1000]) : rng.pick(V3_SCALES_MS);
  const octets = shuffle(
    rng,
    Array.from({ length: 254 }, (_, i) => i + 1),
  ).slice(0, n);
  const configs: NodeConfig[] = octets.map((o, i) => ({
    name: `n${i}`,
    address: `10.0.0.${o}`,
    instances: [],
  }));
  const traits = configs.map(() => nodeTraits(rng, false));
  let unitMs = 0;
  for (let vrid = 1; vrid <= k; vrid++) {
    const version = anyV2 && (vrid === 1 || rng.chance(0.5)) ? 2 : 3;
    const baseMs = version === 2 ? rng.int(1, 2) * 1000 : scaleMs * rng.int(1, 3);
    unitMs = Math.max(unitMs, baseMs);
    const members = grouped ? configs : pickMembers(rng, configs);
    const owner = !grouped && rng.chance(0.2) ? rng.pick(members) : undefined;
    for (const [i, c] of configs.entries()) {
      if (!members.includes(c)) continue;
      const t = grouped ? (traits[i] as NodeTraits) : nodeTraits(rng, c === owner);
      c.instances.push(instance(rng, { vrid, version, baseMs, address: c.address, traits: t }));
    }
  }
  if (grouped)
    for (const c of configs)
      c.syncGroups = [{ name: 'g', instances: c.instances.map((i) => i.name), notify: {} }];
  const link = makeLink(rng, scaleMs);
  const shortestMs = Math.min(...configs.flatMap((c) => c.instances.map((i) => i.advertIntervalMs)));
  const healedDelayMs = Math.min(link.delayMaxMs, Math.floor(shortestMs / 4));
  const healedLink = { ...link, loss: 0, delayMaxMs: healedDelayMs };
  return { configs, link, healedLink, unitMs, grouped };
}

function pickMembers(rng: Random, configs: NodeConfig[]): NodeConfig[] {
  const chosen = configs.filter(() => rng.chance(0.8));
  while (chosen.length < 2) {
    const c = rng.pick(configs);
    if (!chosen.includes(c)) chosen.push(c);
  }
  return chosen;
}

function nodeTraits(rng: Random, owner: boolean): NodeTraits {
  const priority = owner ? 255 : rng.chance(0.3) ? rng.pick([100, 150]) : rng.int(1, 254);
  return { priority, preempt: rng.chance(0.85), trackers: trackers(rng, owner) };
}

function weight(rng: Random, owner: boolean): number {
  if (owner || rng.chance(0.3)) return 0;
  return (rng.chance(0.5) ? -1 : 1) * rng.int(1, 120);
}

function trackers(rng: Random, owner: boolean): Trackers {
  const t: Trackers = { trackInterfaces: [], trackScripts: [], trackFiles: [] };
  if (rng.chance(0.2)) t.trackInterfaces.push({ name: 'eth1', weight: 0 });
  if (rng.chance(0.3))
    t.trackScripts.push({
      name: 'chk',
      weight: weight(rng, owner),
      rise: rng.int(1, 3),
      fall: rng.int(1, 3),
    });
  if (rng.chance(0.2)) t.trackFiles.push({ name: 'prio', weight: owner ? 0 : rng.int(-40, 40) });
  return t;
}

interface InstanceChoice {
  vrid: number;
  version: 2 | 3;
  baseMs: number;
  address: string;
  traits: NodeTraits;
}

function instance(rng: Random, c: InstanceChoice): InstanceSpec<string> {
  const own = c.version === 3 && rng.chance(0.3) ? rng.pick([0.5, 2]) * c.baseMs : c.baseMs;
  const advertIntervalMs = Math.max(10, Math.round(own / 10) * 10);
  const unit = c.baseMs;
  return {
    name: `vr${c.vrid}`,
    virtualRouterId: c.vrid,
    version: c.version,
    priority: c.traits.priority,
    advertIntervalMs,
    preempt: c.traits.preempt,
    preemptDelayMs: rng.chance(0.15) ? rng.int(1, 3) * unit : 0,
    stateHint: rng.chance(0.2) ? 'master' : 'backup',
    accept: rng.chance(0.5),
    primaryAddress: c.address,
    garp: {
      masterDelayMs: rng.chance(0.5) ? rng.int(1, 5) * unit : 0,
      masterRepeat: rng.int(0, 5),
      masterRefreshMs: rng.chance(0.3) ? rng.int(1, 4) * unit : 0,
      masterRefreshRepeat: rng.int(1, 2),
    },
    ...c.traits.trackers,
    notify: {},
    vips: [`192.0.2.${c.vrid}/24`],
  };
}

function makeLink(rng: Random, scaleMs: number): LinkConfig {
  const delayMaxMs = rng.chance(0.2)
    ? 0
    : rng.int(0, Math.max(1, Math.floor(scaleMs / (rng.chance(0.8) ? 4 : 1))));
  return {
    loss: 0,
    delayMaxMs,
    duplicate: rng.chance(0.3) ? rng.float() * 0.2 : 0,
    reorder: rng.chance(0.3) ? rng.float() * 0.2 : 0,
  };
}

function shuffle<T>(rng: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
