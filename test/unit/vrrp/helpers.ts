// Builders shared by the state-machine tests.
import type { Action } from '../../../src/vrrp/actions.js';
import { Instance } from '../../../src/vrrp/instance.js';
import type { InstanceSpec, ReceivedAdvert } from '../../../src/vrrp/types.js';
import { DEFAULT_GARP } from '../../../src/vrrp/types.js';

export const VIPS = ['192.0.2.10/24'];

export function spec(over: Partial<InstanceSpec<string>> = {}): InstanceSpec<string> {
  return {
    name: 'web',
    virtualRouterId: 51,
    version: 3,
    priority: 100,
    advertIntervalMs: 1000,
    preempt: true,
    preemptDelayMs: 0,
    stateHint: 'backup',
    accept: false,
    primaryAddress: '10.0.0.1',
    garp: { ...DEFAULT_GARP },
    trackInterfaces: [],
    trackScripts: [],
    trackFiles: [],
    notify: {},
    vips: VIPS,
    ...over,
  };
}

export function advert(over: Partial<ReceivedAdvert> = {}): ReceivedAdvert {
  return { version: 3, vrid: 51, priority: 100, advertIntervalMs: 1000, sourceAddress: '10.0.0.2', ...over };
}

/** An instance after startup at time 0, and the startup actions. */
export function started(over: Partial<InstanceSpec<string>> = {}, nowMs = 0) {
  const inst = new Instance(spec(over));
  const actions = inst.step({ type: 'startup' }, nowMs);
  return { inst, actions };
}

/** An instance that became MASTER through its down timer; returns the time it did. */
export function master(over: Partial<InstanceSpec<string>> = {}) {
  const { inst } = started(over);
  const at = inst.nextDeadlineMs() as number;
  const actions = inst.step({ type: 'timer' }, at);
  return { inst, at, actions };
}

export const types = (actions: readonly Action<string>[]): string[] => actions.map((a) => a.type);

export function adverts(actions: readonly Action<string>[]): number[] {
  return actions.flatMap((a) => (a.type === 'send-advert' ? [a.priority] : []));
}

export function transitions(actions: readonly Action<string>[]): string[] {
  return actions.flatMap((a) => (a.type === 'transition' ? [`${a.from} -> ${a.to} (${a.reason})`] : []));
}

/** Actions other than notifies (most tests do not configure notify and ignore the FIFO lines). */
export function effects(actions: readonly Action<string>[]): Action<string>[] {
  return actions.filter((a) => a.type !== 'notify-fifo' && a.type !== 'notify-command');
}
