// Small builders for scripted scenarios.
import type { InstanceSpec, SyncGroupSpec } from '../../src/vrrp/types.js';
import { Invariants } from './invariants.js';
import type { NodeConfig } from './node.js';
import type { LinkConfig } from './network.js';
import { World } from './world.js';

/** An instance spec; vr(51, { priority: 150 }) is "vr51" with VRID 51. */
export function vr(vrid: number, over: Partial<InstanceSpec<string>> = {}): InstanceSpec<string> {
  return {
    name: `vr${vrid}`,
    virtualRouterId: vrid,
    version: 3,
    priority: 100,
    advertIntervalMs: 1000,
    preempt: true,
    preemptDelayMs: 0,
    stateHint: 'backup',
    accept: true,
    primaryAddress: '0.0.0.0',
    garp: { masterDelayMs: 5000, masterRepeat: 5, masterRefreshMs: 0, masterRefreshRepeat: 1 },
    trackInterfaces: [],
    trackScripts: [],
    trackFiles: [],
    notify: {},
    vips: [`192.0.2.${vrid}/24`],
    ...over,
  };
}

export function node(
  name: string,
  address: string,
  instances: InstanceSpec<string>[],
  syncGroups?: SyncGroupSpec[],
): NodeConfig {
  return { name, address, instances: instances.map((i) => ({ ...i, primaryAddress: address })), syncGroups };
}

/** A world whose every step is checked against the invariants that hold at all times. */
export function world(configs: NodeConfig[], link: Partial<LinkConfig> = {}, seed = 1): World {
  const w = new World(configs, seed, link);
  w.observers.push(new Invariants());
  w.tracing = true;
  return w;
}

/** When the node's instance last entered `state` (from the trace), or undefined. */
export function lastEntered(w: World, name: string, instance: string, state: string): number | undefined {
  const re = new RegExp(`^(\\d+)ms ${name} ${instance} \\w+ -> ${state} `);
  const hits = w.trace.flatMap((line) => {
    const m = re.exec(line);
    return m ? [Number(m[1])] : [];
  });
  return hits.at(-1);
}

/** Every transition of the node's instance, as `FROM -> TO`. */
export function moves(w: World, name: string, instance: string): string[] {
  const re = new RegExp(`^\\d+ms ${name} ${instance} (\\w+ -> \\w+) `);
  return w.trace.flatMap((line) => {
    const m = re.exec(line);
    return m ? [m[1] as string] : [];
  });
}
