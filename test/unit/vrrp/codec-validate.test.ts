// Validation against one instance, rule by rule (RFC 5798 and RFC 3768 section 7.1, keepalived's unicast
// rules): each case breaks exactly one rule of an otherwise accepted advert.
import test from 'ava';
import {
  authDataFromPassword,
  decodeAdvert,
  encodeAdvert,
  validateAdvert,
  VALIDATE_DROP_REASONS,
  type ChecksumCoverage,
  type DecodedAdvert,
  type ReceivedIpFacts,
  type ReceiverExpectations,
  type ValidateDropReason,
  type VrrpAdvert,
  type VrrpField,
} from '../../../src/vrrp/codec/index.js';
import { SAMPLE_V2 } from './codec-samples.js';

const V3: VrrpAdvert = {
  version: 3,
  family: 'ipv4',
  vrid: 51,
  priority: 100,
  advertIntervalCs: 100,
  addresses: ['192.0.2.10', '192.0.2.11'],
};
const V2 = SAMPLE_V2;
const MULTICAST: ReceivedIpFacts = {
  source: '10.0.0.2',
  destination: '224.0.0.18',
  ttl: 255,
  path: 'multicast',
};
const UNICAST: ReceivedIpFacts = { source: '10.0.0.2', destination: '10.0.0.1', ttl: 64, path: 'unicast' };
const EXPECT_V3: ReceiverExpectations = {
  version: 3,
  family: 'ipv4',
  vrid: 51,
  advertIntervalCs: 100,
  addresses: ['192.0.2.11', '192.0.2.10'],
};
const EXPECT_V2: ReceiverExpectations = {
  version: 2,
  family: 'ipv4',
  vrid: 52,
  advertIntervalCs: 100,
  authentication: { type: 'pass', authData: authDataFromPassword('s3cret') },
};

function decoded(advert: VrrpAdvert, facts: ReceivedIpFacts, coverage?: ChecksumCoverage): DecodedAdvert {
  const result = decodeAdvert(encodeAdvert(advert, facts, { checksumCoverage: coverage }), facts);
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

interface Case {
  readonly name: string;
  readonly advert: VrrpAdvert;
  readonly facts: ReceivedIpFacts;
  readonly expect: ReceiverExpectations;
  readonly coverage?: ChecksumCoverage;
  readonly drop: [ValidateDropReason, VrrpField, number | null];
}

const CASES: Case[] = [
  {
    name: 'an IPv6 instance gets IPv4',
    advert: V3,
    facts: MULTICAST,
    expect: { ...EXPECT_V3, family: 'ipv6' },
    drop: ['wrong-family', 'family', null],
  },
  {
    name: 'a unicast instance gets multicast',
    advert: V3,
    facts: MULTICAST,
    expect: { ...EXPECT_V3, unicastPeers: ['10.0.0.2'] },
    drop: ['wrong-path', 'path', null],
  },
  {
    name: 'a multicast instance gets unicast',
    advert: V3,
    facts: UNICAST,
    expect: EXPECT_V3,
    drop: ['wrong-path', 'path', null],
  },
  {
    name: 'TTL 254 on multicast',
    advert: V3,
    facts: { ...MULTICAST, ttl: 254 },
    expect: EXPECT_V3,
    drop: ['bad-ttl', 'ttl', null],
  },
  {
    name: 'TTL 0 on multicast',
    advert: V3,
    facts: { ...MULTICAST, ttl: 0 },
    expect: EXPECT_V3,
    drop: ['bad-ttl', 'ttl', null],
  },
  {
    name: 'an unknown TTL on multicast',
    advert: V3,
    facts: { ...MULTICAST, ttl: null },
    expect: EXPECT_V3,
    drop: ['bad-ttl', 'ttl', null],
  },
  {
    name: 'multicast to another group',
    advert: V3,
    facts: { ...MULTICAST, destination: '224.0.0.19' },
    expect: EXPECT_V3,
    drop: ['wrong-destination', 'destination', null],
  },
  {
    name: 'the default group when another is configured',
    advert: V3,
    facts: MULTICAST,
    expect: { ...EXPECT_V3, multicastGroup: '239.1.1.1' },
    drop: ['wrong-destination', 'destination', null],
  },
  {
    name: 'unicast from a stranger',
    advert: V3,
    facts: UNICAST,
    expect: { ...EXPECT_V3, unicastPeers: ['10.0.0.3', '10.0.0.4'] },
    drop: ['unknown-peer', 'source', null],
  },
  {
    name: 'unicast to another local address',
    advert: V3,
    facts: UNICAST,
    expect: { ...EXPECT_V3, unicastPeers: ['10.0.0.2'], localAddress: '10.0.0.9' },
    drop: ['wrong-destination', 'destination', null],
  },
  {
    name: 'v3 for a v2 instance',
    advert: V3,
    facts: MULTICAST,
    expect: { ...EXPECT_V3, version: 2 },
    drop: ['wrong-version', 'version', 0],
  },
  {
    name: 'v2 for a v3 instance',
    advert: V2,
    facts: MULTICAST,
    expect: { ...EXPECT_V2, version: 3 },
    drop: ['wrong-version', 'version', 0],
  },
  {
    name: 'another VRID',
    advert: V3,
    facts: MULTICAST,
    expect: { ...EXPECT_V3, vrid: 50 },
    drop: ['wrong-vrid', 'vrid', 1],
  },
  {
    name: 'the local router owns the addresses',
    advert: V3,
    facts: MULTICAST,
    expect: { ...EXPECT_V3, localIsOwner: true },
    drop: ['local-owner', 'vrid', 1],
  },
  {
    name: 'a message-only checksum by default',
    advert: V3,
    facts: MULTICAST,
    coverage: 'message-only',
    expect: EXPECT_V3,
    drop: ['checksum-mode', 'checksum', 6],
  },
  {
    name: 'a pseudo-header checksum with v3_checksum_as_v2',
    advert: V3,
    facts: MULTICAST,
    expect: { ...EXPECT_V3, v3ChecksumAsV2: true },
    drop: ['checksum-mode', 'checksum', 6],
  },
  {
    name: 'no authentication for a password instance',
    advert: { ...V2, authType: 0, authData: new Uint8Array(8) },
    facts: MULTICAST,
    expect: EXPECT_V2,
    drop: ['auth-type-mismatch', 'authType', 4],
  },
  {
    name: 'a password for an instance without',
    advert: V2,
    facts: MULTICAST,
    expect: { ...EXPECT_V2, authentication: { type: 'none' } },
    drop: ['auth-type-mismatch', 'authType', 4],
  },
  {
    name: 'IPsec AH (type 2)',
    advert: { ...V2, authType: 2 },
    facts: MULTICAST,
    expect: EXPECT_V2,
    drop: ['auth-type-mismatch', 'authType', 4],
  },
  {
    name: 'a wrong password',
    advert: { ...V2, authData: authDataFromPassword('s3creT') },
    facts: MULTICAST,
    expect: EXPECT_V2,
    drop: ['auth-failure', 'authData', 12],
  },
  {
    name: 'a password that only shares a prefix',
    advert: { ...V2, authData: authDataFromPassword('s3cret1') },
    facts: MULTICAST,
    expect: EXPECT_V2,
    drop: ['auth-failure', 'authData', 12],
  },
  {
    name: 'one address too few',
    advert: { ...V3, addresses: ['192.0.2.10'] },
    facts: MULTICAST,
    expect: EXPECT_V3,
    drop: ['address-mismatch', 'count', 3],
  },
  {
    name: 'an unconfigured address',
    advert: { ...V3, addresses: ['192.0.2.10', '192.0.2.12'] },
    facts: MULTICAST,
    expect: EXPECT_V3,
    drop: ['address-mismatch', 'addresses', 12],
  },
  {
    name: 'a repeated address hiding a missing one',
    advert: { ...V3, addresses: ['192.0.2.10', '192.0.2.10'] },
    facts: MULTICAST,
    expect: EXPECT_V3,
    drop: ['address-mismatch', 'addresses', 8],
  },
  {
    name: 'a v2 interval of 2 s against 1 s',
    advert: { ...V2, advertIntervalCs: 200 },
    facts: MULTICAST,
    expect: EXPECT_V2,
    drop: ['interval-mismatch', 'advertInterval', 5],
  },
  {
    name: 'a v3 interval of 0',
    advert: { ...V3, advertIntervalCs: 0 },
    facts: MULTICAST,
    expect: EXPECT_V3,
    drop: ['bad-interval', 'advertInterval', 4],
  },
];

for (const c of CASES) {
  test(`dropped: ${c.name}`, (t) => {
    const result = validateAdvert(decoded(c.advert, c.facts, c.coverage), c.facts, c.expect);
    if (result.ok) return t.fail('accepted');
    t.deepEqual([result.error.reason, result.error.field, result.error.offset], c.drop);
    t.true(result.error.message.length > 0);
  });
}

test('every validation reason has a case', (t) => {
  t.deepEqual(new Set(CASES.map((c) => c.drop[0])), new Set(VALIDATE_DROP_REASONS));
});

test('accepted: the well-formed adverts the cases start from', (t) => {
  t.deepEqual(validateAdvert(decoded(V3, MULTICAST), MULTICAST, EXPECT_V3), { ok: true, notes: [] });
  t.deepEqual(validateAdvert(decoded(V2, MULTICAST), MULTICAST, EXPECT_V2), { ok: true, notes: [] });
});

test('accepted: unicast from a listed peer, whatever the TTL (also unknown, for the udp transport)', (t) => {
  const expect = { ...EXPECT_V3, unicastPeers: ['10.0.0.3', '10.0.0.2'], localAddress: '10.0.0.1' };
  for (const ttl of [64, 1, 255, null])
    t.deepEqual(validateAdvert(decoded(V3, { ...UNICAST, ttl }), { ...UNICAST, ttl }, expect), {
      ok: true,
      notes: [],
    });
});

test('accepted: a configured multicast group, and the IPv6 default group', (t) => {
  const facts = { ...MULTICAST, destination: '239.1.1.1' };
  t.true(validateAdvert(decoded(V3, facts), facts, { ...EXPECT_V3, multicastGroup: '239.1.1.1' }).ok);
  const v6 = { source: 'fe80::2', destination: 'ff02::12', ttl: 255, path: 'multicast' } as const;
  const advert: VrrpAdvert = { ...V3, family: 'ipv6', addresses: ['fe80::10'] };
  t.true(
    validateAdvert(decoded(advert, v6), v6, { version: 3, family: 'ipv6', vrid: 51, advertIntervalCs: 100 })
      .ok,
  );
});

test('accepted: v3_checksum_as_v2 peers, and a checksum both coverages give', (t) => {
  const plain = decoded(V3, MULTICAST, 'message-only');
  t.true(validateAdvert(plain, MULTICAST, { ...EXPECT_V3, v3ChecksumAsV2: true }).ok);
  const pair = { ...MULTICAST, source: '10.0.0.1', destination: '245.130.0.0' };
  const either = decoded({ ...V3, addresses: ['192.0.2.10'] }, pair);
  t.is(either.checksumCoverage, 'either');
  const expect = { ...EXPECT_V3, multicastGroup: '245.130.0.0', addresses: ['192.0.2.10'] };
  t.true(validateAdvert(either, pair, expect).ok);
  t.true(validateAdvert(either, pair, { ...expect, v3ChecksumAsV2: true }).ok);
});

test('v3 reports a different interval instead of dropping it, so a backup can adopt it', (t) => {
  const fast = { ...V3, advertIntervalCs: 5 };
  t.deepEqual(validateAdvert(decoded(fast, MULTICAST), MULTICAST, EXPECT_V3), {
    ok: true,
    notes: [{ kind: 'interval-mismatch', receivedCs: 5, expectedCs: 100 }],
  });
});

test('an address owner (priority 255) with a different address list is accepted with a note', (t) => {
  const owner = { ...V3, priority: 255, addresses: ['192.0.2.10'] };
  const result = validateAdvert(decoded(owner, MULTICAST), MULTICAST, EXPECT_V3);
  t.like(result, { ok: true, notes: [{ kind: 'address-mismatch' }] });
});

test('addresses are compared as a set, and only when configured', (t) => {
  const reversed = { ...V3, addresses: ['192.0.2.11', '192.0.2.10'] };
  t.true(validateAdvert(decoded(reversed, MULTICAST), MULTICAST, EXPECT_V3).ok);
  const other = { ...V3, addresses: ['198.51.100.1'] };
  t.true(validateAdvert(decoded(other, MULTICAST), MULTICAST, { ...EXPECT_V3, addresses: undefined }).ok);
});

test('v3 ignores v2 authentication settings; v2 without settings expects none', (t) => {
  t.true(
    validateAdvert(decoded(V3, MULTICAST), MULTICAST, {
      ...EXPECT_V3,
      authentication: EXPECT_V2.authentication,
    }).ok,
  );
  const open = { ...V2, authType: 0, authData: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) };
  t.true(validateAdvert(decoded(open, MULTICAST), MULTICAST, { ...EXPECT_V2, authentication: undefined }).ok);
});

test('the first broken rule is the one reported (RFC order: TTL before VRID before interval)', (t) => {
  const advert = { ...V2, vrid: 9, advertIntervalCs: 500 };
  const facts = { ...MULTICAST, ttl: 1 };
  t.like(validateAdvert(decoded(advert, facts), facts, EXPECT_V2), {
    ok: false,
    error: { reason: 'bad-ttl' },
  });
  t.like(validateAdvert(decoded(advert, MULTICAST), MULTICAST, EXPECT_V2), {
    ok: false,
    error: { reason: 'wrong-vrid' },
  });
  const vridOk = { ...advert, vrid: 52 };
  t.like(validateAdvert(decoded(vridOk, MULTICAST), MULTICAST, EXPECT_V2), {
    ok: false,
    error: { reason: 'interval-mismatch' },
  });
});
