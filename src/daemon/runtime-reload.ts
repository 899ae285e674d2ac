// Reload of the VRRP runtime, from the pure reload plan (reload-plan.ts) and the engine's reconfigure:
//   1. new sockets are opened for added instances (and changed ones whose peers or UDP port changed),
//      and the new engine spec is checked, before anything running changes: a failure closes them and
//      leaves everything as it was;
//   2. removed instances (also an instance whose wire identity changed under the same name) stop as
//      on SIGTERM, with the old configuration: a MASTER sends priority 0 and drops its VIPs and routes;
//   3. the rest migrates: unchanged instances are untouched (no advert, no timer reset), changed ones
//      keep their state (a MASTER deletes removed routes and adds added ones, then removes only removed
//      VIPs and adds and announces only added ones), added ones start.
import type { Config } from '../config/types.js';
import type { AddressEntry } from '../net/kernel-net.js';
import { VrrpEngine, type InstanceSpec } from '../vrrp/index.js';
import { sameHeld } from './address-holder.js';
import { instanceSpec, syncGroupSpecs, type HeldAddress } from './instance-spec.js';
import type { InstanceWiring } from './instance-wiring.js';
import { routeSpecs } from './local-address.js';
import { reloadPlan, type InstanceChange } from './reload-plan.js';
import { text, type VrrpRuntime } from './vrrp-runtime.js';

export type RuntimeReloadResult =
  | {
      ok: true;
      unchanged: string[];
      changed: string[];
      added: string[];
      removed: string[];
      /** Configured instances that cannot run here (no interface, no address). */
      notStarted: string[];
    }
  | { ok: false; error: string };

export function applyReload(
  rt: VrrpRuntime,
  next: Config,
  addresses: readonly AddressEntry[],
): RuntimeReloadResult {
  const engine = rt.engine as VrrpEngine<HeldAddress>;
  const plan = reloadPlan(rt.config, next).instances;
  const configured = rt.configuredAddresses(next);
  const running = new Set(Object.keys(engine.states()));
  // 1. The next set of wirings, by new name; sockets opened here are closed again on failure.
  const opened: InstanceWiring[] = [];
  const nextWirings = new Map<string, InstanceWiring>();
  const nextLocal = new Map<string, string>();
  const renamed: Record<string, string> = {};
  const notStarted: string[] = [];
  const open = (name: string): void => {
    const w = rt.wire(
      name,
      next.vrrp_instances[name] as Config['vrrp_instances'][string],
      addresses,
      configured,
    );
    if (w === null) return void notStarted.push(name);
    opened.push(w);
    nextWirings.set(name, w);
    nextLocal.set(name, rt.local.get(name) as string);
  };
  const keep = (name: string, previous: string): void => {
    const w = rt.wirings.get(previous);
    if (w === undefined || !running.has(previous)) return open(name);
    if (w.needsNewSocket(next.vrrp_instances[name] as Config['vrrp_instances'][string])) open(name);
    else nextWirings.set(name, w);
    nextLocal.set(name, rt.local.get(previous) as string);
    if (previous !== name) renamed[name] = previous;
  };
  for (const name of plan.unchanged) keep(name, name);
  for (const c of plan.changed) keep(c.name, c.previousName);
  for (const name of plan.added) open(name);
  const abort = (error: string): RuntimeReloadResult => {
    for (const w of opened) w.close();
    return { ok: false, error };
  };
  const members = Object.entries(next.vrrp_sync_groups);
  const broken = members.find(([, g]) => g.instances.some((n) => !nextWirings.has(n)));
  if (broken !== undefined) return abort(`sync group ${broken[0]} has instances that could not start`);
  const local = (name: string) => nextLocal.get(name) ?? '';
  const specs = [...nextWirings.keys()].map((name) => instanceSpec(next, name, local(name)));
  const groups = syncGroupSpecs(next);
  try {
    new VrrpEngine({ instances: specs, syncGroups: groups }); // the same checks reconfigure makes
  } catch (e) {
    return abort(text(e));
  }
  // 2. Removed instances stop with the old configuration and their old sockets.
  const matched = new Set([...plan.unchanged, ...plan.changed.map((c) => c.previousName)]);
  const removed = [...running].filter((n) => !matched.has(n));
  if (removed.length > 0) {
    const stay = [...running].filter((n) => !removed.includes(n));
    const keepSpecs = stay.map((n) => engine.instance(n)?.spec as InstanceSpec<HeldAddress>);
    const keepGroups = syncGroupSpecs(rt.config).filter((g) => g.instances.every((n) => stay.includes(n)));
    rt.carryOut(engine.reconfigure({ instances: keepSpecs, syncGroups: keepGroups }, rt.deps.nowMs()));
  }
  // 3. Everything else, with the new configuration and the new wirings.
  // Adverts go out synchronously: the old sockets have sent what phase 2 asked for.
  const kept = new Set(nextWirings.values());
  for (const w of rt.wirings.values()) if (!kept.has(w)) w.close();
  for (const [name, w] of nextWirings)
    w.update(name, next.vrrp_instances[name] as Config['vrrp_instances'][string]);
  rt.holder.rename(renamed);
  // Routes before the engine's actions: a MASTER that the reload moves out removes the new routes.
  changeRoutes(rt, plan.changed, next);
  rt.config = next;
  rt.wirings.clear();
  for (const [name, w] of nextWirings) rt.wirings.set(name, w);
  rt.local.clear();
  for (const [name, address] of nextLocal) rt.local.set(name, address);
  const actions = engine.reconfigure({ instances: specs, syncGroups: groups }, rt.deps.nowMs(), {
    renamed,
    sameVip: sameHeld,
    readings: rt.linkReadings(next),
  });
  rt.carryOut(actions);
  return {
    ok: true,
    unchanged: plan.unchanged.filter((n) => nextWirings.has(n)),
    changed: plan.changed.map((c) => c.name).filter((n) => nextWirings.has(n)),
    added: plan.added.filter((n) => nextWirings.has(n)),
    removed,
    notStarted,
  };
}

/** Changed instances that are MASTER swap the routes that changed (the old ones with the old config). */
function changeRoutes(rt: VrrpRuntime, changes: readonly InstanceChange[], next: Config): void {
  for (const c of changes) {
    const before = rt.config.vrrp_instances[c.previousName];
    const after = next.vrrp_instances[c.name];
    if (before === undefined || after === undefined) continue;
    const removed = routeSpecs(before, c.routesRemoved, rt.links);
    rt.holder.changeRoutes(c.name, removed, routeSpecs(after, c.routesAdded, rt.links));
  }
}
