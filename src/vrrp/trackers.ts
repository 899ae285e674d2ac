// Trackers: interfaces, vrrp_scripts (with rise/fall) and files. Together they say whether the
// instance is in FAULT and how much to add to its configured priority.
import type { TrackedFileSpec, TrackedInterfaceSpec, TrackedScriptSpec } from './types.js';
import { OWNER_PRIORITY } from './types.js';

/** The file tracker's product below which the instance is in FAULT (keepalived: -253). */
export const FILE_FAULT_BELOW = -253;

interface ScriptState {
  spec: TrackedScriptSpec;
  ok: boolean;
  /** Consecutive results agreeing with the last one, towards rise or fall. */
  streak: number;
  lastOk: boolean;
  /** Refused and not run: it counts for nothing until a result comes again. */
  disabled: boolean;
}

export interface TrackerSpecs {
  trackInterfaces: readonly TrackedInterfaceSpec[];
  trackScripts: readonly TrackedScriptSpec[];
  trackFiles: readonly TrackedFileSpec[];
}

/** The contribution of an up/down tracker: weight 0 faults while down; see TrackedInterfaceSpec. */
function binaryContribution(weight: number, up: boolean): { fault: boolean; delta: number } {
  if (weight === 0) return { fault: !up, delta: 0 };
  if (weight > 0) return { fault: false, delta: up ? weight : 0 };
  return { fault: false, delta: up ? 0 : weight };
}

export class TrackerSet {
  private readonly interfaces = new Map<string, { spec: TrackedInterfaceSpec; up: boolean }>();
  private readonly scripts = new Map<string, ScriptState>();
  private readonly files = new Map<string, { spec: TrackedFileSpec; value: number }>();
  private faultCached = false;
  private deltaCached = 0;

  constructor(specs: TrackerSpecs) {
    for (const spec of specs.trackInterfaces) this.interfaces.set(spec.name, { spec, up: true });
    for (const spec of specs.trackScripts) {
      const ok = spec.initFail !== true;
      this.scripts.set(spec.name, { spec, ok, streak: 0, lastOk: ok, disabled: false });
    }
    for (const spec of specs.trackFiles) this.files.set(spec.name, { spec, value: 0 });
    this.recompute();
  }

  /** True while some weight-0 tracker is failing (or a file product is below -253). */
  get fault(): boolean {
    return this.faultCached;
  }

  /** The sum of the weights in effect. */
  get priorityDelta(): number {
    return this.deltaCached;
  }

  /** Returns whether this set tracks the interface. */
  interfaceChanged(name: string, up: boolean): boolean {
    const t = this.interfaces.get(name);
    if (t === undefined) return false;
    t.up = up;
    this.recompute();
    return true;
  }

  /**
   * One result of a script run; the state flips after `fall` failures or `rise` successes in a row.
   * disabled: the script is not run at all (refused); it counts for nothing until the next result.
   */
  scriptResult(name: string, ok: boolean, disabled = false): boolean {
    const s = this.scripts.get(name);
    if (s === undefined) return false;
    s.disabled = disabled;
    if (disabled) {
      s.streak = 0;
      this.recompute();
      return true;
    }
    s.streak = ok === s.lastOk ? s.streak + 1 : 1;
    s.lastOk = ok;
    if (ok && !s.ok && s.streak >= Math.max(1, s.spec.rise)) s.ok = true;
    if (!ok && s.ok && s.streak >= Math.max(1, s.spec.fall)) s.ok = false;
    this.recompute();
    return true;
  }

  fileValue(name: string, value: number): boolean {
    const f = this.files.get(name);
    if (f === undefined) return false;
    f.value = Number.isFinite(value) ? Math.trunc(value) : 0;
    this.recompute();
    return true;
  }

  /** Reload: takes the readings (and script streaks) of the trackers both sets have by name. */
  adopt(previous: TrackerSet): void {
    for (const [name, t] of this.interfaces) t.up = previous.interfaces.get(name)?.up ?? t.up;
    for (const [name, s] of this.scripts) {
      const old = previous.scripts.get(name);
      if (old !== undefined)
        Object.assign(s, { ok: old.ok, streak: old.streak, lastOk: old.lastOk, disabled: old.disabled });
    }
    for (const [name, f] of this.files) f.value = previous.files.get(name)?.value ?? f.value;
    this.recompute();
  }

  /** The current up/ok/value of each tracker, for status output. */
  snapshot(): {
    interfaces: Record<string, boolean>;
    scripts: Record<string, boolean | 'disabled'>;
    files: Record<string, number>;
  } {
    return {
      interfaces: Object.fromEntries([...this.interfaces].map(([k, v]) => [k, v.up])),
      scripts: Object.fromEntries([...this.scripts].map(([k, v]) => [k, v.disabled ? 'disabled' : v.ok])),
      files: Object.fromEntries([...this.files].map(([k, v]) => [k, v.value])),
    };
  }

  private recompute(): void {
    let fault = false;
    let delta = 0;
    for (const { spec, up } of this.interfaces.values()) {
      const c = binaryContribution(spec.weight, up);
      fault ||= c.fault;
      delta += c.delta;
    }
    for (const { spec, ok, disabled } of this.scripts.values()) {
      if (disabled) continue;
      const c = binaryContribution(spec.weight, ok);
      fault ||= c.fault;
      delta += c.delta;
    }
    for (const { spec, value } of this.files.values()) {
      if (spec.weight === 0) fault ||= value !== 0;
      else if (value * spec.weight < FILE_FAULT_BELOW) fault = true;
      else delta += value * spec.weight;
    }
    this.faultCached = fault;
    this.deltaCached = delta;
  }
}

/** The effective priority: the owner stays 255; others are shifted by the trackers, clamped to 1..254. */
export function effectivePriority(basePriority: number, delta: number): number {
  if (basePriority === OWNER_PRIORITY) return OWNER_PRIORITY;
  return Math.min(OWNER_PRIORITY - 1, Math.max(1, basePriority + delta));
}
