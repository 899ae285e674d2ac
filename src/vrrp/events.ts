// What the engine is told. Every event is stepped with the current monotonic time in ms.
import type { ReceivedAdvert, VrrpState } from './types.js';

/** A tracker's new reading; it applies to every instance that tracks the name. */
export type TrackerEvent =
  | { type: 'interface'; name: string; up: boolean }
  /**
   * disabled: the script was refused (unsafe, missing) and is not run; it counts for nothing, as
   * keepalived drops a disabled track script from its instances, until a result comes again.
   */
  | { type: 'script'; name: string; ok: boolean; disabled?: boolean }
  | { type: 'file'; name: string; value: number };

/** Events of one instance. */
export type InstanceEvent =
  /** RFC 5798 Startup. previousState: the state a restarted VRRP child was in (a MASTER stays MASTER). */
  | { type: 'startup'; previousState?: VrrpState }
  /** RFC 5798 Shutdown: a MASTER sends priority 0 and drops its VIPs; the instance returns to INIT. */
  | { type: 'shutdown' }
  /** A wake-up at or after the deadline the engine asked for (an early one does nothing). */
  | { type: 'timer' }
  | { type: 'advert'; advert: ReceivedAdvert }
  | TrackerEvent;

/** Events of the engine, which holds every instance and sync group of the VRRP child. */
export type EngineEvent =
  | { type: 'startup'; previousStates?: Readonly<Record<string, VrrpState>> }
  | { type: 'shutdown' }
  | { type: 'timer' }
  /** An advert for the named instance (the wiring routes by interface, family and VRID). */
  | { type: 'advert'; instance: string; advert: ReceivedAdvert }
  | TrackerEvent;
