// Types of the pure VRRP engine: what an instance is configured with, what it is told (events) and
// what it asks the daemon to do (actions). Durations are milliseconds, times are monotonic ms.
//
// The spec mirrors the configuration keys of design.md in camelCase, so daemon/ can map the loader's
// normalized configuration onto it one key at a time. The VIP list is opaque: the engine hands it back
// in its actions and never looks inside.

/** keepalived's states; INIT is RFC 5798's Initialize (before startup and after shutdown). */
export type VrrpState = 'INIT' | 'BACKUP' | 'MASTER' | 'FAULT';

/** The state names of notify scripts and FIFO lines (STOP is a shutdown). */
export type NotifyState = 'MASTER' | 'BACKUP' | 'FAULT' | 'STOP';

export type VrrpVersion = 2 | 3;

export const OWNER_PRIORITY = 255;

/** Gratuitous ARP / unsolicited NA schedule after becoming MASTER (keepalived's garp_master_*). */
export interface GarpSpec {
  /** Delay of the second burst after becoming MASTER; 0: no second burst. */
  masterDelayMs: number;
  /** Messages per VIP in the first and second bursts. */
  masterRepeat: number;
  /** Period of refresh bursts while MASTER; 0: none. */
  masterRefreshMs: number;
  /** Messages per VIP in a refresh burst. */
  masterRefreshRepeat: number;
}

export const DEFAULT_GARP: GarpSpec = {
  masterDelayMs: 5000,
  masterRepeat: 5,
  masterRefreshMs: 0,
  masterRefreshRepeat: 1,
};

/**
 * A tracked interface. weight 0: FAULT while down. weight > 0: added to the priority while up;
 * weight < 0: added while down (keepalived's convention).
 */
export interface TrackedInterfaceSpec {
  name: string;
  weight: number;
}

/**
 * A tracked vrrp_script, fed results by the daemon. The script's state flips to failed after `fall`
 * consecutive failures and back to ok after `rise` consecutive successes. Weights as for interfaces
 * (positive: added while ok; negative: added while failed; 0: FAULT while failed).
 */
export interface TrackedScriptSpec {
  name: string;
  weight: number;
  rise: number;
  fall: number;
  /** Start in the failed state until `rise` successes (keepalived's init_fail). Default: start ok. */
  initFail?: boolean;
}

/**
 * A tracked file holding an integer. weight 0: a non-zero value is a FAULT. Otherwise value × weight
 * is added to the priority; a product below -253 is a FAULT (keepalived's track_file rule).
 */
export interface TrackedFileSpec {
  name: string;
  weight: number;
}

/** Notify commands as argv lists; `any` is keepalived's generic `notify`, run after the specific one. */
export interface NotifySpec {
  master?: readonly string[];
  backup?: readonly string[];
  fault?: readonly string[];
  stop?: readonly string[];
  any?: readonly string[];
}

export interface InstanceSpec<V = unknown> {
  /** The instance name (the key under vrrp_instances). */
  name: string;
  virtualRouterId: number;
  version: VrrpVersion;
  /** 1..255; 255 is the address owner. */
  priority: number;
  /** v2: whole seconds; v3: multiples of 10 ms. */
  advertIntervalMs: number;
  /** preempt: false is keepalived's nopreempt. The owner always preempts (RFC 5798 section 6.1). */
  preempt: boolean;
  preemptDelayMs: number;
  /**
   * `state:` from the configuration. A hint only: with priority < 255 the instance still starts as
   * BACKUP and waits Master_Down_Interval. As in keepalived, nopreempt needs `backup`: with `master`,
   * preempt: false is not honoured (specProblems() warns).
   */
  stateHint: 'backup' | 'master';
  /**
   * Accept mode (RFC 5798 section 6.1). Carried into add-vips actions: whether the daemon lets the
   * MASTER accept packets addressed to the VIPs (the owner always does). Nothing else depends on it.
   */
  accept: boolean;
  /** This router's primary address on the VRRP interface (or unicast_source): the tie-break. */
  primaryAddress: string;
  garp: GarpSpec;
  trackInterfaces: readonly TrackedInterfaceSpec[];
  trackScripts: readonly TrackedScriptSpec[];
  trackFiles: readonly TrackedFileSpec[];
  notify: NotifySpec;
  /** Opaque to the engine; handed back in add-vips, remove-vips and garp actions. */
  vips: readonly V[];
}

export interface SyncGroupSpec {
  name: string;
  /** Instance names; an instance belongs to at most one group. */
  instances: readonly string[];
  notify: NotifySpec;
}

/**
 * A received advertisement, already decoded and checked by the codec (checksum, TTL, auth). The wiring
 * converts the codec's output: v3 centiseconds × 10, v2 seconds × 1000.
 */
export interface ReceivedAdvert {
  version: VrrpVersion;
  vrid: number;
  /** 0..255; 0 means the master is shutting down. */
  priority: number;
  advertIntervalMs: number;
  /** The sender's primary address (the IP source address), compared for the tie-break. */
  sourceAddress: string;
}
