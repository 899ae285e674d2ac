// Real-time scheduling of the vrrp child (design.md, "Processes"): SCHED_RR at
// global.vrrp_realtime_priority, with RLIMIT_RTTIME as a runaway guard as keepalived sets it: a
// thread that runs this long under a real-time policy without blocking gets SIGXCPU (soft) and then
// SIGKILL (hard); the supervisor then restarts the child, which resumes its state. 0 turns it off.
import type { Logger } from '../lib/logger.js';
import { errnoName, nativeAddon } from '../net/native.js';

/** CPU time without a blocking call, in microseconds: far above a step (~0.1 ms) or a GC pause. */
export const RTTIME_SOFT_US = 500_000;
export const RTTIME_HARD_US = 1_000_000;

export interface RealtimeResult {
  realtime: boolean;
  rttimeGuard: boolean;
}

export function applyRealtime(priority: number, log: Logger): RealtimeResult {
  if (priority === 0) {
    log.info('real-time scheduling is off (vrrp_realtime_priority: 0)');
    return { realtime: false, rttimeGuard: false };
  }
  let addon: ReturnType<typeof nativeAddon>;
  try {
    addon = nativeAddon();
  } catch (e) {
    log.error('cannot set real-time scheduling: the native addon is missing', { error: String(e) });
    return { realtime: false, rttimeGuard: false };
  }
  let rttimeGuard = true;
  try {
    addon.setRlimit('rttime', RTTIME_SOFT_US, RTTIME_HARD_US);
  } catch (e) {
    rttimeGuard = false;
    log.warn('cannot set RLIMIT_RTTIME; real-time scheduling runs without its runaway guard', {
      code: errnoName(e),
    });
  }
  try {
    addon.setScheduler('rr', priority);
  } catch (e) {
    log.error(
      'cannot set real-time scheduling (SCHED_RR); VRRP runs at normal priority and may be delayed by load',
      {
        priority,
        code: errnoName(e),
      },
    );
    return { realtime: false, rttimeGuard };
  }
  const now = addon.getScheduler();
  log.info('real-time scheduling on', {
    policy: `SCHED_${now.policy.toUpperCase()}`,
    priority: now.priority,
    rlimit_rttime_us: rttimeGuard ? `${RTTIME_SOFT_US}/${RTTIME_HARD_US}` : 'unset',
  });
  return { realtime: true, rttimeGuard };
}
