// IPv6 adverts built from the rules of RFC 5798 (sections 5.1.2, 5.2) rather than from our encoder:
// version 3, 16-byte addresses, no authentication data, the checksum over the RFC 8200 pseudo-header,
// hop limit 255 to ff02::12.
import test from 'ava';
import { parseIp } from '../../../src/lib/ip.js';
import { seededRandom } from '../../../src/lib/random.js';
import {
  decodeAdvert,
  encodeAdvert,
  validateAdvert,
  VRRP_MULTICAST_IPV6,
} from '../../../src/vrrp/codec/index.js';
import { pseudoHeaderBytes, referenceChecksum } from './reference-checksum.js';

const ip = (text: string): Uint8Array => parseIp(text) ?? new Uint8Array(16);

/** An advert laid out by hand: header, addresses, and the checksum from the reference implementation. */
function buildByRfc(
  source: string,
  destination: string,
  fields: { vrid: number; priority: number; intervalCs: number; reserved?: number },
  addresses: readonly string[],
): Uint8Array {
  const header = [
    0x31, // version 3, type 1 (advertisement)
    fields.vrid,
    fields.priority,
    addresses.length,
    ((fields.reserved ?? 0) << 4) | (fields.intervalCs >>> 8),
    fields.intervalCs & 0xff,
    0,
    0,
  ];
  const message = Uint8Array.from([...header, ...addresses.flatMap((a) => [...ip(a)])]);
  const checksum = referenceChecksum(
    Uint8Array.from([...pseudoHeaderBytes(ip(source), ip(destination), message.length), ...message]),
  );
  message[6] = checksum >>> 8;
  message[7] = checksum & 0xff;
  return message;
}

const FROM = { source: 'fe80::a', destination: VRRP_MULTICAST_IPV6 };

test('an RFC-built IPv6 advert decodes field by field and re-encodes byte for byte', (t) => {
  const addresses = ['fe80::1', '2001:db8::10', '2001:db8:0:1::20'];
  const bytes = buildByRfc(
    FROM.source,
    FROM.destination,
    { vrid: 7, priority: 200, intervalCs: 50 },
    addresses,
  );
  t.is(bytes.length, 8 + 3 * 16);
  const decoded = decodeAdvert(bytes, FROM);
  if (!decoded.ok) return t.fail(decoded.error.message);
  t.deepEqual(decoded.advert, {
    version: 3,
    family: 'ipv6',
    vrid: 7,
    priority: 200,
    advertIntervalCs: 50,
    addresses,
  });
  t.is(decoded.checksumCoverage, 'pseudo-header');
  t.is(decoded.messageLength, 56);
  t.deepEqual(encodeAdvert(decoded.advert, FROM), bytes);
});

test('random RFC-built IPv6 adverts agree with the encoder and the decoder', (t) => {
  const rng = seededRandom(5798);
  for (let i = 0; i < 500; i++) {
    const hex = (): string => rng.int(0, 0xffff).toString(16);
    const source = `fe80::${hex()}:${hex()}`;
    const destination = rng.chance(0.7) ? VRRP_MULTICAST_IPV6 : `2001:db8::${hex()}`;
    const addresses = Array.from({ length: rng.int(0, 12) }, () => `2001:db8:${hex()}::${hex()}`);
    const fields = { vrid: rng.int(1, 255), priority: rng.int(0, 255), intervalCs: rng.int(1, 4095) };
    const bytes = buildByRfc(source, destination, fields, addresses);
    const decoded = decodeAdvert(bytes, { source, destination });
    if (!decoded.ok) return t.fail(`${i}: ${decoded.error.message}`);
    t.deepEqual(decoded.advert.addresses, addresses);
    t.deepEqual(encodeAdvert(decoded.advert, { source, destination }), bytes);
  }
});

test('the IPv6 checksum depends on the pseudo-header: another source or destination fails it', (t) => {
  const bytes = buildByRfc(FROM.source, FROM.destination, { vrid: 1, priority: 100, intervalCs: 100 }, [
    'fe80::1',
  ]);
  for (const pair of [
    { source: 'fe80::b', destination: VRRP_MULTICAST_IPV6 },
    { source: FROM.source, destination: 'ff02::1' },
  ]) {
    const decoded = decodeAdvert(bytes, pair);
    t.false(decoded.ok);
    if (!decoded.ok) t.like(decoded.error, { reason: 'bad-checksum', field: 'checksum', offset: 6 });
  }
});

test('over IPv6 the checksum always covers the pseudo-header (v3_checksum_as_v2 is IPv4 only)', (t) => {
  const advert = encodeAdvert(
    { version: 3, family: 'ipv6', vrid: 9, priority: 100, advertIntervalCs: 100, addresses: ['fe80::1'] },
    FROM,
    { checksumCoverage: 'message-only' },
  );
  const decoded = decodeAdvert(advert, FROM);
  t.true(decoded.ok);
  if (decoded.ok) t.is(decoded.checksumCoverage, 'pseudo-header');
  // A peer that left the pseudo-header out over IPv6 is refused.
  const plain = advert.slice();
  plain.fill(0, 6, 8);
  const checksum = referenceChecksum(plain);
  plain[6] = checksum >>> 8;
  plain[7] = checksum & 0xff;
  const refused = decodeAdvert(plain, FROM);
  t.false(refused.ok);
  if (!refused.ok) t.is(refused.error.reason, 'bad-checksum');
});

test('v2 is IPv4 only: a v2 message from an IPv6 source is refused at the version', (t) => {
  const decoded = decodeAdvert(Buffer.from('2133960100013d9e0ac800640000000000000000', 'hex'), FROM);
  t.false(decoded.ok);
  if (!decoded.ok) t.like(decoded.error, { reason: 'bad-version', field: 'version', offset: 0 });
});

test('IPv6 addresses are truncated at 16-byte boundaries', (t) => {
  const bytes = buildByRfc(FROM.source, FROM.destination, { vrid: 1, priority: 100, intervalCs: 100 }, [
    'fe80::1',
    'fe80::2',
  ]);
  for (let length = 8; length < bytes.length; length++) {
    const decoded = decodeAdvert(bytes.subarray(0, length), FROM);
    t.false(decoded.ok);
    if (!decoded.ok)
      t.like(decoded.error, { reason: 'truncated', field: 'addresses', offset: length < 24 ? 8 : 24 });
  }
});

test('IPv6 addresses decode to RFC 5952 text', (t) => {
  const addresses = ['2001:db8::1', '::ffff:192.0.2.1', '2001:db8:0:1:1:1:1:1', '::'];
  const bytes = buildByRfc(FROM.source, FROM.destination, { vrid: 1, priority: 1, intervalCs: 1 }, [
    '2001:0DB8:0000:0000:0000:0000:0000:0001',
    '0:0:0:0:0:ffff:c000:0201',
    '2001:db8:0:1:1:1:1:1',
    '0::0',
  ]);
  const decoded = decodeAdvert(bytes, { source: 'FE80:0::A', destination: 'FF02::0012' });
  if (!decoded.ok) return t.fail(decoded.error.message);
  t.deepEqual(decoded.advert.addresses, addresses);
  t.is(decoded.source, 'fe80::a');
  t.is(decoded.destination, 'ff02::12');
});

test('IPv6 validation: hop limit 255 to ff02::12, and the adopted interval is reported', (t) => {
  const bytes = buildByRfc(FROM.source, FROM.destination, { vrid: 5, priority: 100, intervalCs: 25 }, [
    'fe80::1',
  ]);
  const decoded = decodeAdvert(bytes, FROM);
  if (!decoded.ok) return t.fail(decoded.error.message);
  const expect = { version: 3, family: 'ipv6', vrid: 5, advertIntervalCs: 100 } as const;
  const accepted = validateAdvert(decoded, { ttl: 255, path: 'multicast' }, expect);
  t.deepEqual(accepted, {
    ok: true,
    notes: [{ kind: 'interval-mismatch', receivedCs: 25, expectedCs: 100 }],
  });
  const routed = validateAdvert(decoded, { ttl: 254, path: 'multicast' }, expect);
  t.like(routed, { ok: false, error: { reason: 'bad-ttl', field: 'ttl', offset: null } });
});
