// The VRRP advertisement as the rest of lvsd sees it, the IP facts a transport hands in beside the bytes,
// and the typed reasons a packet is dropped for (the daemon counts drops by reason).
import type { IpFamily } from '../../lib/ip.js';

export const VRRP_PROTOCOL = 112;
export const VRRP_TTL = 255;
export const VRRP_MULTICAST_IPV4 = '224.0.0.18';
export const VRRP_MULTICAST_IPV6 = 'ff02::12';
/** Version/type, VRID, priority, count, auth type or reserved + interval, checksum. */
export const VRRP_HEADER_LENGTH = 8;
export const V2_AUTH_DATA_LENGTH = 8;
export const ADVERTISEMENT_TYPE = 1;
/** v2 Auth Type values (RFC 2338; RFC 3768 keeps only 0, keepalived still speaks 1). */
export const V2_AUTH_NONE = 0;
export const V2_AUTH_PASS = 1;
export const V2_AUTH_AH = 2;
/** The v3 Max Adver Int field is 12 bits of centiseconds. */
export const V3_MAX_INTERVAL_CS = 0x0fff;
/** The v2 Adver Int field is 8 bits of seconds. */
export const V2_MAX_INTERVAL_CS = 255 * 100;

export type VrrpVersion = 2 | 3;

interface AdvertCommon {
  readonly vrid: number;
  /** 0 = the master stops, 255 = address owner. */
  readonly priority: number;
  /** Advertisement interval in centiseconds for both versions (v2 carries whole seconds: a multiple of 100). */
  readonly advertIntervalCs: number;
  /** Canonical text (lib/ip.ts), in packet order; the count field is addresses.length. */
  readonly addresses: readonly string[];
}

/** RFC 3768: IPv4 only; 8 bytes of authentication data after the addresses. */
export interface VrrpAdvertV2 extends AdvertCommon {
  readonly version: 2;
  readonly family: 'ipv4';
  /** V2_AUTH_NONE, V2_AUTH_PASS, ... as received (validate() decides what is acceptable). */
  readonly authType: number;
  /** Exactly V2_AUTH_DATA_LENGTH bytes: the password padded with zeros for PASS, ignored otherwise. */
  readonly authData: Uint8Array;
}

/** RFC 5798: IPv4 or IPv6. */
export interface VrrpAdvertV3 extends AdvertCommon {
  readonly version: 3;
  readonly family: IpFamily;
  /** The 4 reserved bits before Max Adver Int, present only when a sender set them (they are accepted). */
  readonly reservedBits?: number;
}

export type VrrpAdvert = VrrpAdvertV2 | VrrpAdvertV3;

/**
 * What a v3 checksum covers. 'pseudo-header': RFC 5798 and keepalived's default (IPv6 always).
 * 'message-only': keepalived's v3_checksum_as_v2, the VRRP message alone (v2 always).
 */
export type ChecksumCoverage = 'pseudo-header' | 'message-only';

/** The IP source and destination of an advert: for the pseudo-header and the checks. Any valid text form. */
export interface IpAddressPair {
  readonly source: string;
  readonly destination: string;
}

/** What the transport read from the IP header, beside the VRRP bytes (the IP payload). */
export interface ReceivedIpFacts extends IpAddressPair {
  /** IPv4 TTL or IPv6 hop limit; null when the transport cannot read it (the udp transport). */
  readonly ttl: number | null;
  /** Whether the packet reached us through the multicast group or a unicast address. */
  readonly path: 'multicast' | 'unicast';
}

/** A structurally valid advert, as decodeAdvert returns it. */
export interface DecodedAdvert {
  readonly advert: VrrpAdvert;
  /** The checksum field as received (it matched). */
  readonly checksum: number;
  /** Which coverage matched: 'either' when the pseudo-header adds nothing (sums to one's complement zero). */
  readonly checksumCoverage: ChecksumCoverage | 'either';
  /** The IP source and destination in canonical text. */
  readonly source: string;
  readonly destination: string;
  /** The VRRP message length; bytes after it are link-layer padding and were ignored. */
  readonly messageLength: number;
}

/** A field of the VRRP message, or an IP-header fact, that a drop is about. */
export type VrrpField =
  | 'version'
  | 'type'
  | 'vrid'
  | 'priority'
  | 'count'
  | 'authType'
  | 'advertInterval'
  | 'checksum'
  | 'addresses'
  | 'authData'
  | 'source'
  | 'destination'
  | 'ttl'
  | 'path'
  | 'family';

/** Why decodeAdvert refused the bytes (structure; no instance configuration involved). */
export const DECODE_DROP_REASONS = [
  'truncated',
  'bad-version',
  'bad-type',
  'bad-vrid',
  'bad-checksum',
  'bad-ip-facts',
] as const;

/** Why validateAdvert refused a decoded advert for one instance (RFC 5798 section 7.1 and keepalived). */
export const VALIDATE_DROP_REASONS = [
  'wrong-family',
  'wrong-path',
  'bad-ttl',
  'wrong-destination',
  'unknown-peer',
  'wrong-version',
  'wrong-vrid',
  'local-owner',
  'checksum-mode',
  'auth-type-mismatch',
  'auth-failure',
  'address-mismatch',
  'interval-mismatch',
  'bad-interval',
] as const;

export type DecodeDropReason = (typeof DECODE_DROP_REASONS)[number];
export type ValidateDropReason = (typeof VALIDATE_DROP_REASONS)[number];
export type VrrpDropReason = DecodeDropReason | ValidateDropReason;

/** Every reason, for counters that start at zero. */
export const VRRP_DROP_REASONS: readonly VrrpDropReason[] = [
  ...DECODE_DROP_REASONS,
  ...VALIDATE_DROP_REASONS,
];

/** A dropped packet: why, which field, where in the VRRP message (null for IP-header facts), in words. */
export interface VrrpDrop {
  readonly reason: VrrpDropReason;
  readonly field: VrrpField;
  readonly offset: number | null;
  readonly message: string;
}

export type DecodeResult =
  ({ readonly ok: true } & DecodedAdvert) | { readonly ok: false; readonly error: VrrpDrop };
