// The VRRP state machine's cost per event: median ns/event over several runs of each workload.
//   npm run bench -- vrrp-state
import { VrrpEngine } from '../src/vrrp/engine.js';
import type { EngineEvent } from '../src/vrrp/events.js';
import type { InstanceSpec } from '../src/vrrp/types.js';
import { median, printTable, timeRuns } from './lib/stats.js';

const EVENTS = 200_000;
const RUNS = 9;

function spec(name: string, vrid: number, priority: number): InstanceSpec<string> {
  return {
    name,
    virtualRouterId: vrid,
    version: 3,
    priority,
    advertIntervalMs: 100,
    preempt: true,
    preemptDelayMs: 0,
    stateHint: 'backup',
    accept: true,
    primaryAddress: '10.0.0.1',
    garp: { masterDelayMs: 5000, masterRepeat: 5, masterRefreshMs: 0, masterRefreshRepeat: 1 },
    trackInterfaces: [{ name: 'eth1', weight: 0 }],
    trackScripts: [{ name: 'chk', weight: -20, rise: 2, fall: 2 }],
    trackFiles: [],
    notify: { master: ['/bin/true'], any: ['/bin/true'] },
    vips: ['192.0.2.10/24'],
  };
}

const advert = (instance: string, vrid: number, priority: number): EngineEvent => ({
  type: 'advert',
  instance,
  advert: { version: 3, vrid, priority, advertIntervalMs: 100, sourceAddress: '10.0.0.2' },
});

interface Workload {
  name: string;
  instances: number;
  /** The event and its time for step i. */
  event(i: number): [EngineEvent, number];
}

const workloads: Workload[] = [
  // The common case: a BACKUP hearing its master every 100 ms.
  { name: 'backup: advert from the master', instances: 1, event: (i) => [advert('vr0', 1, 200), i * 100] },
  // A MASTER woken by its advert timer every 100 ms.
  { name: 'master: advert timer', instances: 1, event: (i) => [{ type: 'timer' }, 3_000 + i * 100] },
  // Ten instances; adverts for each in turn, as a busy director sees them.
  {
    name: 'backup: 10 instances, adverts',
    instances: 10,
    event: (i) => [advert(`vr${i % 10}`, (i % 10) + 1, 200), i * 10],
  },
  // Worst case: every event is a transition (higher advert, then the down timer).
  {
    name: 'flapping: a transition per event',
    instances: 1,
    event: (i) => (i % 2 === 0 ? [advert('vr0', 1, 200), i * 1000] : [{ type: 'timer' }, i * 1000 + 999]),
  },
];

function engineFor(w: Workload): VrrpEngine<string> {
  const instances = Array.from({ length: w.instances }, (_, i) => spec(`vr${i}`, i + 1, 100));
  const engine = new VrrpEngine<string>({ instances });
  engine.step({ type: 'startup' }, 0);
  if (w.name.startsWith('master')) engine.step({ type: 'timer' }, 3_000);
  return engine;
}

const rows: (string | number)[][] = [['workload', 'events/run', 'median ns/event', 'min ns/event']];
for (const w of workloads) {
  const events = Array.from({ length: EVENTS }, (_, i) => w.event(i));
  let sink = 0;
  const times = timeRuns(
    RUNS,
    () => {
      const engine = engineFor(w);
      for (const [event, nowMs] of events) sink += engine.step(event, nowMs).length;
    },
    2,
  );
  if (sink < 0) throw new Error('unreachable');
  const ns = times.map((ms) => (ms * 1e6) / EVENTS);
  rows.push([w.name, EVENTS, median(ns), Math.min(...ns)]);
}
printTable(`VRRP state machine: cost per step(event, nowMs), ${RUNS} runs (node ${process.version})`, rows);
