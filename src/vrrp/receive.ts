// Checks of a received advert that belong to the state machine (the codec has already checked length,
// checksum, TTL and authentication). A non-null result is the reason the advert is dropped.
import type { InstanceSpec, ReceivedAdvert, VrrpState } from './types.js';

export type DropReason =
  | 'not running'
  | 'wrong vrid'
  | 'wrong version'
  | 'bad priority'
  | 'bad interval'
  | 'interval mismatch'
  | 'own advert';

export function checkAdvert(spec: InstanceSpec, state: VrrpState, a: ReceivedAdvert): DropReason | null {
  if (state !== 'BACKUP' && state !== 'MASTER') return 'not running';
  if (a.vrid !== spec.virtualRouterId) return 'wrong vrid';
  if (a.version !== spec.version) return 'wrong version';
  if (!Number.isInteger(a.priority) || a.priority < 0 || a.priority > 255) return 'bad priority';
  if (!(a.advertIntervalMs > 0)) return 'bad interval';
  // RFC 3768 section 7.1: a v2 router MUST discard an advert whose interval differs from its own.
  // v3 takes the master's interval instead (RFC 5798 section 6.4.2).
  if (a.version === 2 && a.advertIntervalMs !== spec.advertIntervalMs) return 'interval mismatch';
  if (a.sourceAddress === spec.primaryAddress) return 'own advert';
  return null;
}
