// Structural decoding: every truncation point, every header rule, padding, reserved bits, the checksum
// coverages and the IP facts. Decoding never throws.
import test from 'ava';
import { seededRandom } from '../../../src/lib/random.js';
import {
  authDataFromPassword,
  decodeAdvert,
  DECODE_DROP_REASONS,
  encodeAdvert,
  type IpAddressPair,
  type VrrpAdvert,
  type VrrpField,
} from '../../../src/vrrp/codec/index.js';

const V4: IpAddressPair = { source: '10.0.0.1', destination: '224.0.0.18' };
const V6: IpAddressPair = { source: 'fe80::1', destination: 'ff02::12' };

const V2_PASS: VrrpAdvert = {
  version: 2,
  family: 'ipv4',
  vrid: 52,
  priority: 100,
  advertIntervalCs: 300,
  addresses: ['192.0.2.20', '192.0.2.21'],
  authType: 1,
  authData: authDataFromPassword('s3cret'),
};
const V3_V4: VrrpAdvert = {
  version: 3,
  family: 'ipv4',
  vrid: 51,
  priority: 150,
  advertIntervalCs: 5,
  addresses: ['192.0.2.10', '192.0.2.11', '198.51.100.1'],
};
const V3_V6: VrrpAdvert = {
  version: 3,
  family: 'ipv6',
  vrid: 3,
  priority: 255,
  advertIntervalCs: 4095,
  addresses: ['fe80::10', '2001:db8::10'],
};

/** The field and offset a truncation at `length` must name, from the RFC layouts. */
function truncationAt(advert: VrrpAdvert, length: number): [VrrpField, number] {
  const size = advert.family === 'ipv4' ? 4 : 16;
  const addressesEnd = 8 + advert.addresses.length * size;
  const header: [VrrpField, number][] =
    advert.version === 2
      ? [
          ['version', 0],
          ['vrid', 1],
          ['priority', 2],
          ['count', 3],
          ['authType', 4],
          ['advertInterval', 5],
          ['checksum', 6],
          ['checksum', 6],
        ]
      : [
          ['version', 0],
          ['vrid', 1],
          ['priority', 2],
          ['count', 3],
          ['advertInterval', 4],
          ['advertInterval', 4],
          ['checksum', 6],
          ['checksum', 6],
        ];
  if (length < 8) return header[length] ?? ['version', 0];
  if (length < addressesEnd) return ['addresses', 8 + Math.floor((length - 8) / size) * size];
  return ['authData', addressesEnd];
}

for (const [name, advert, pair] of [
  ['v2 IPv4 with a password', V2_PASS, V4],
  ['v3 IPv4', V3_V4, V4],
  ['v3 IPv6', V3_V6, V6],
] as const) {
  test(`${name}: every prefix is refused as truncated, naming the field and offset`, (t) => {
    const bytes = encodeAdvert(advert, pair);
    for (let length = 0; length < bytes.length; length++) {
      const decoded = decodeAdvert(bytes.subarray(0, length), pair);
      const [field, offset] = truncationAt(advert, length);
      t.deepEqual(
        decoded.ok ? null : [decoded.error.reason, decoded.error.field, decoded.error.offset],
        ['truncated', field, offset],
        `length ${length}`,
      );
    }
    const whole = decodeAdvert(bytes, pair);
    t.true(whole.ok);
    if (whole.ok) t.deepEqual(whole.advert, advert);
  });

  test(`${name}: link-layer padding after the message is ignored`, (t) => {
    const bytes = encodeAdvert(advert, pair);
    const rng = seededRandom(bytes.length);
    for (const extra of [1, 2, 7, 18, 46]) {
      const padded = Uint8Array.from([...bytes, ...Array.from({ length: extra }, () => rng.int(0, 255))]);
      const decoded = decodeAdvert(padded, pair);
      if (!decoded.ok) return t.fail(decoded.error.message);
      t.deepEqual(decoded.advert, advert);
      t.is(decoded.messageLength, bytes.length);
    }
  });
}

test('the version is checked first, on the first byte alone', (t) => {
  for (let version = 0; version < 16; version++) {
    const decoded = decodeAdvert(Uint8Array.of((version << 4) | 1), V4);
    const expected = version === 2 || version === 3 ? 'truncated' : 'bad-version';
    t.like(decoded, {
      ok: false,
      error: { reason: expected, field: expected === 'truncated' ? 'vrid' : 'version' },
    });
  }
});

test('only type 1 (advertisement) is a VRRP packet', (t) => {
  for (let type = 0; type < 16; type++) {
    const bytes = encodeAdvert(V3_V4, V4);
    bytes[0] = 0x30 | type;
    const decoded = decodeAdvert(bytes, V4);
    if (type === 1) t.true(decoded.ok);
    else t.like(decoded, { ok: false, error: { reason: 'bad-type', field: 'type', offset: 0 } });
  }
});

test('VRID 0 is refused', (t) => {
  const bytes = encodeAdvert(V3_V4, V4);
  bytes[1] = 0;
  t.like(decodeAdvert(bytes, V4), { ok: false, error: { reason: 'bad-vrid', field: 'vrid', offset: 1 } });
});

test('a wrong checksum is refused, whichever bit is flipped', (t) => {
  for (const [advert, pair] of [
    [V2_PASS, V4],
    [V3_V4, V4],
    [V3_V6, V6],
  ] as const) {
    const bytes = encodeAdvert(advert, pair);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = bytes.slice();
      flipped[bit >>> 3] = (flipped[bit >>> 3] ?? 0) ^ (0x80 >>> (bit & 7));
      const decoded = decodeAdvert(flipped, pair);
      // A flip in the header may be caught earlier (version, type, VRID, count); never accepted.
      t.false(decoded.ok, `bit ${bit}`);
      if (!decoded.ok && bit >= 64 && advert.version === 3)
        t.like(decoded.error, { reason: 'bad-checksum', field: 'checksum', offset: 6 });
    }
  }
});

test('checksum 0xffff for a computed 0x0000 is refused: only the canonical value round-trips', (t) => {
  // Choose the last authentication word so that the message sums to 0xffff: its checksum is then 0x0000.
  const base = encodeAdvert({ ...V2_PASS, authData: new Uint8Array(8) }, V4);
  let sum = 0;
  for (let i = 0; i < base.length; i += 2) if (i !== 6) sum += ((base[i] ?? 0) << 8) | (base[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const word = 0xffff - sum;
  const authData = Uint8Array.of(0, 0, 0, 0, 0, 0, word >>> 8, word & 0xff);
  const bytes = encodeAdvert({ ...V2_PASS, authData }, V4);
  t.deepEqual([bytes[6], bytes[7]], [0, 0]);
  t.true(decodeAdvert(bytes, V4).ok);
  bytes[6] = 0xff;
  bytes[7] = 0xff;
  t.like(decodeAdvert(bytes, V4), { ok: false, error: { reason: 'bad-checksum' } });
});

test('v3 over IPv4: either coverage is accepted and named', (t) => {
  const pseudo = decodeAdvert(encodeAdvert(V3_V4, V4), V4);
  const plain = decodeAdvert(encodeAdvert(V3_V4, V4, { checksumCoverage: 'message-only' }), V4);
  t.like(pseudo, { ok: true, checksumCoverage: 'pseudo-header' });
  t.like(plain, { ok: true, checksumCoverage: 'message-only' });
  // 10.0.0.1 -> 245.130.0.0 with 12 bytes: 0a00 + 0001 + f582 + 0000 + 0070 + 000c = ffff, one's complement
  // zero, so the pseudo-header changes nothing and both coverages give the same checksum.
  const single = { ...V3_V4, addresses: ['192.0.2.10'] };
  const pair = { source: '10.0.0.1', destination: '245.130.0.0' };
  const either = decodeAdvert(encodeAdvert(single, pair), pair);
  t.like(either, { ok: true, checksumCoverage: 'either' });
  t.deepEqual(encodeAdvert(single, pair), encodeAdvert(single, pair, { checksumCoverage: 'message-only' }));
});

test('non-zero reserved bits are accepted and kept for a byte-exact round trip', (t) => {
  for (let reserved = 1; reserved < 16; reserved++) {
    const advert = { ...V3_V4, reservedBits: reserved };
    const bytes = encodeAdvert(advert, V4);
    t.is((bytes[4] ?? 0) >>> 4, reserved);
    const decoded = decodeAdvert(bytes, V4);
    if (!decoded.ok) return t.fail(decoded.error.message);
    t.deepEqual(decoded.advert, advert);
    t.deepEqual(encodeAdvert(decoded.advert, V4), bytes);
  }
  const zero = decodeAdvert(encodeAdvert(V3_V4, V4), V4);
  t.false(zero.ok && 'reservedBits' in zero.advert);
});

test('address counts from 0 to 255 decode', (t) => {
  for (const count of [0, 1, 255]) {
    const v4 = { ...V3_V4, addresses: Array.from({ length: count }, (_, i) => `10.1.${i >> 8}.${i & 0xff}`) };
    const v6 = {
      ...V3_V6,
      addresses: Array.from({ length: count }, (_, i) => `2001:db8::${(i + 1).toString(16)}`),
    };
    for (const [advert, pair] of [
      [v4, V4],
      [v6, V6],
    ] as const) {
      const decoded = decodeAdvert(encodeAdvert(advert, pair), pair);
      t.like(decoded, { ok: true, messageLength: 8 + count * (advert.family === 'ipv4' ? 4 : 16) });
      if (decoded.ok) t.deepEqual(decoded.advert.addresses, advert.addresses);
    }
  }
});

test('bad IP facts from the transport are reported, not thrown', (t) => {
  const bytes = encodeAdvert(V3_V4, V4);
  const cases: [IpAddressPair, VrrpField][] = [
    [{ source: 'eth0', destination: '224.0.0.18' }, 'source'],
    [{ source: '', destination: '224.0.0.18' }, 'source'],
    [{ source: 'fe80::1%eth0', destination: 'ff02::12' }, 'source'],
    [{ source: '10.0.0.1', destination: 'ff02::12' }, 'destination'],
    [{ source: '10.0.0.1', destination: '224.0.0.256' }, 'destination'],
  ];
  for (const [pair, field] of cases)
    t.like(decodeAdvert(bytes, pair), { ok: false, error: { reason: 'bad-ip-facts', field, offset: null } });
});

test('source and destination come back as canonical text', (t) => {
  const pair = { source: '2001:DB8:0:0::1', destination: 'FF02:0:0:0:0:0:0:12' };
  t.like(decodeAdvert(encodeAdvert(V3_V6, pair), pair), {
    ok: true,
    source: '2001:db8::1',
    destination: 'ff02::12',
  });
});

test('a Buffer view is read at its offset and the authentication data is copied out', (t) => {
  const bytes = encodeAdvert(V2_PASS, V4);
  const backing = Buffer.alloc(bytes.length + 10, 0xee);
  backing.set(bytes, 5);
  const view = backing.subarray(5);
  const decoded = decodeAdvert(view, V4);
  if (!decoded.ok) return t.fail(decoded.error.message);
  t.deepEqual(decoded.advert, V2_PASS);
  backing.fill(0);
  t.deepEqual(decoded.advert.version === 2 ? decoded.advert.authData : null, authDataFromPassword('s3cret'));
});

test('every error carries a known reason, a field and a message', (t) => {
  const rng = seededRandom(3768);
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const bytes = Uint8Array.from({ length: rng.int(0, 40) }, () => rng.int(0, 255));
    if (bytes.length > 0 && rng.chance(0.7)) bytes[0] = rng.pick([0x21, 0x31]);
    const pair = rng.pick([V4, V6, { source: 'x', destination: 'y' }]);
    const decoded = decodeAdvert(bytes, pair);
    if (decoded.ok) continue;
    seen.add(decoded.error.reason);
    t.true((DECODE_DROP_REASONS as readonly string[]).includes(decoded.error.reason));
    t.true(decoded.error.message.length > 0);
    const { offset } = decoded.error;
    t.true(offset === null || (offset >= 0 && offset <= bytes.length));
  }
  t.deepEqual([...seen].sort(), [
    'bad-checksum',
    'bad-ip-facts',
    'bad-type',
    'bad-version',
    'bad-vrid',
    'truncated',
  ]);
});
