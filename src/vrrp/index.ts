// The pure VRRP engine: the public surface the daemon wires (the codec lives in ./codec/).
export type * from './actions.js';
export { describeTransition } from './actions.js';
export { compareAddresses } from './address.js';
export { VrrpEngine, type EngineSpec, type ReconfigureOptions } from './engine.js';
export type * from './events.js';
export type { InstanceInfo } from './info.js';
export { Instance } from './instance.js';
export { fifoLine } from './notify.js';
export type { DropReason } from './receive.js';
export { InvalidInstanceSpec, preemptEnabled, specProblems, type SpecProblems } from './spec.js';
export { SyncGroup } from './sync-group.js';
export { DOWN_TIMER_ADVERTS, masterDownIntervalMs, skewMs } from './timers.js';
export { effectivePriority, TrackerSet } from './trackers.js';
export * from './types.js';
