// Validation of a decoded advert against what one receiving instance expects: RFC 5798 section 7.1 (and
// RFC 3768 section 7.1 for v2), with keepalived's unicast rules. The first failing rule is the drop reason;
// what the RFC only asks to log (a v3 interval mismatch, an owner's differing address list) is a note.
import type { IpFamily } from '../../lib/ip.js';
import { CHECKSUM_OFFSET } from './checksum.js';
import {
  V2_AUTH_DATA_LENGTH,
  V2_AUTH_NONE,
  V2_AUTH_PASS,
  VRRP_HEADER_LENGTH,
  VRRP_MULTICAST_IPV4,
  VRRP_MULTICAST_IPV6,
  VRRP_TTL,
  type DecodedAdvert,
  type ReceivedIpFacts,
  type ValidateDropReason,
  type VrrpDrop,
  type VrrpField,
  type VrrpVersion,
} from './types.js';

/** v2 authentication of an instance. authData: authDataFromPassword(password). */
export type V2Authentication =
  { readonly type: 'none' } | { readonly type: 'pass'; readonly authData: Uint8Array };

/** What the receiving instance expects. Addresses are canonical text (lib/ip.ts canonicalIp). */
export interface ReceiverExpectations {
  readonly version: VrrpVersion;
  readonly family: IpFamily;
  readonly vrid: number;
  /** The locally configured interval: v2 drops a different one, v3 notes it (a backup adopts it). */
  readonly advertIntervalCs: number;
  /** keepalived's v3_checksum_as_v2 (v3 over IPv4): the peer's checksum leaves the pseudo-header out. */
  readonly v3ChecksumAsV2?: boolean;
  /** v2 only; default none. */
  readonly authentication?: V2Authentication;
  /** Non-empty: a unicast instance, accepting unicast adverts from these sources only (no TTL check). */
  readonly unicastPeers?: readonly string[];
  /** When set, unicast adverts must be addressed to it (the instance's unicast source). */
  readonly localAddress?: string;
  /** Default 224.0.0.18 or ff02::12. */
  readonly multicastGroup?: string;
  /** When set, the advertised addresses must be these (any order); the RFC's optional check. */
  readonly addresses?: readonly string[];
  /** The local router owns the addresses (priority 255) and ignores adverts (keepalived's owner_ignore_adverts). */
  readonly localIsOwner?: boolean;
}

export type AdvertNote =
  | { readonly kind: 'interval-mismatch'; readonly receivedCs: number; readonly expectedCs: number }
  | { readonly kind: 'address-mismatch'; readonly message: string };

export type ValidateResult =
  | { readonly ok: true; readonly notes: readonly AdvertNote[] }
  | { readonly ok: false; readonly error: VrrpDrop };

type Received = Pick<ReceivedIpFacts, 'ttl' | 'path'>;

/** Whether the instance described by expect accepts decoded, received with these IP-header facts. */
export function validateAdvert(
  decoded: DecodedAdvert,
  received: Received,
  expect: ReceiverExpectations,
): ValidateResult {
  const notes: AdvertNote[] = [];
  const error =
    checkTransport(decoded, received, expect) ??
    checkHeader(decoded, expect) ??
    checkAuthentication(decoded, expect) ??
    checkAddresses(decoded, expect, notes) ??
    checkInterval(decoded, expect, notes);
  return error === null ? { ok: true, notes } : { ok: false, error };
}

function checkTransport(
  decoded: DecodedAdvert,
  received: Received,
  expect: ReceiverExpectations,
): VrrpDrop | null {
  const { advert, source, destination } = decoded;
  if (advert.family !== expect.family)
    return drop(
      'wrong-family',
      'family',
      null,
      `an ${advert.family} advert for an ${expect.family} instance`,
    );
  const peers = expect.unicastPeers ?? [];
  const unicast = peers.length > 0;
  if (unicast !== (received.path === 'unicast'))
    return drop(
      'wrong-path',
      'path',
      null,
      `received by ${received.path}, the instance uses ${unicast ? 'unicast' : 'multicast'}`,
    );
  if (!unicast) {
    if (received.ttl !== VRRP_TTL)
      return drop('bad-ttl', 'ttl', null, `TTL/hop limit ${received.ttl ?? 'unknown'}, not 255`);
    const group =
      expect.multicastGroup ?? (expect.family === 'ipv4' ? VRRP_MULTICAST_IPV4 : VRRP_MULTICAST_IPV6);
    if (destination !== group)
      return drop('wrong-destination', 'destination', null, `sent to ${destination}, not ${group}`);
    return null;
  }
  if (!peers.includes(source))
    return drop('unknown-peer', 'source', null, `source ${source} is not a unicast peer`);
  if (expect.localAddress !== undefined && destination !== expect.localAddress)
    return drop(
      'wrong-destination',
      'destination',
      null,
      `sent to ${destination}, not ${expect.localAddress}`,
    );
  return null;
}

function checkHeader(decoded: DecodedAdvert, expect: ReceiverExpectations): VrrpDrop | null {
  const { advert } = decoded;
  if (advert.version !== expect.version)
    return drop(
      'wrong-version',
      'version',
      0,
      `version ${advert.version}, the instance speaks ${expect.version}`,
    );
  if (advert.vrid !== expect.vrid)
    return drop('wrong-vrid', 'vrid', 1, `VRID ${advert.vrid}, expected ${expect.vrid}`);
  if (expect.localIsOwner === true)
    return drop('local-owner', 'vrid', 1, 'the local router owns the addresses');
  if (advert.version === 3 && advert.family === 'ipv4' && decoded.checksumCoverage !== 'either') {
    const wanted = expect.v3ChecksumAsV2 === true ? 'message-only' : 'pseudo-header';
    if (decoded.checksumCoverage !== wanted)
      return drop(
        'checksum-mode',
        'checksum',
        CHECKSUM_OFFSET,
        `checksum covers ${decoded.checksumCoverage}, the instance expects ${wanted}`,
      );
  }
  return null;
}

function checkAuthentication(decoded: DecodedAdvert, expect: ReceiverExpectations): VrrpDrop | null {
  const { advert } = decoded;
  if (advert.version !== 2) return null;
  const auth = expect.authentication ?? { type: 'none' };
  const wantedType = auth.type === 'pass' ? V2_AUTH_PASS : V2_AUTH_NONE;
  if (advert.authType !== wantedType)
    return drop('auth-type-mismatch', 'authType', 4, `auth type ${advert.authType}, expected ${wantedType}`);
  if (auth.type === 'pass' && !sameBytes(advert.authData, auth.authData)) {
    const offset = VRRP_HEADER_LENGTH + advert.addresses.length * 4;
    return drop('auth-failure', 'authData', offset, 'the password does not match');
  }
  return null;
}

function checkAddresses(
  decoded: DecodedAdvert,
  expect: ReceiverExpectations,
  notes: AdvertNote[],
): VrrpDrop | null {
  const problem = addressProblem(decoded, expect);
  if (problem === null) return null;
  // RFC 5798 7.1: a misconfigured list is logged; the packet is dropped unless the address owner sent it.
  if (decoded.advert.priority === 255) {
    notes.push({ kind: 'address-mismatch', message: problem.message });
    return null;
  }
  return problem;
}

function addressProblem(decoded: DecodedAdvert, expect: ReceiverExpectations): VrrpDrop | null {
  const wanted = expect.addresses;
  if (wanted === undefined) return null;
  const got = decoded.advert.addresses;
  if (got.length !== wanted.length)
    return drop(
      'address-mismatch',
      'count',
      3,
      `${got.length} addresses advertised, ${wanted.length} configured`,
    );
  const size = decoded.advert.family === 'ipv4' ? 4 : 16;
  const extra = got.findIndex((a) => !wanted.includes(a));
  if (extra !== -1)
    return drop(
      'address-mismatch',
      'addresses',
      VRRP_HEADER_LENGTH + extra * size,
      `${got[extra]} is not configured`,
    );
  const missing = wanted.find((a) => !got.includes(a));
  if (missing !== undefined)
    return drop('address-mismatch', 'addresses', VRRP_HEADER_LENGTH, `${missing} is not advertised`);
  return null;
}

function checkInterval(
  decoded: DecodedAdvert,
  expect: ReceiverExpectations,
  notes: AdvertNote[],
): VrrpDrop | null {
  const { advert } = decoded;
  const receivedCs = advert.advertIntervalCs;
  if (advert.version === 2) {
    if (receivedCs === expect.advertIntervalCs) return null;
    return drop(
      'interval-mismatch',
      'advertInterval',
      5,
      `interval ${receivedCs / 100} s, configured ${expect.advertIntervalCs / 100} s`,
    );
  }
  if (receivedCs === 0)
    return drop('bad-interval', 'advertInterval', 4, 'an interval of 0 cannot be adopted');
  if (receivedCs !== expect.advertIntervalCs)
    notes.push({ kind: 'interval-mismatch', receivedCs, expectedCs: expect.advertIntervalCs });
  return null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === V2_AUTH_DATA_LENGTH && b.length === a.length && a.every((byte, i) => byte === b[i]);
}

function drop(
  reason: ValidateDropReason,
  field: VrrpField,
  offset: number | null,
  message: string,
): VrrpDrop {
  return { reason, field, offset, message };
}
