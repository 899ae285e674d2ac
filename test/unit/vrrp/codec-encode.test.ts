// Encoding: byte layouts written out by hand, the per-destination v3 checksum, and refusal of adverts that
// cannot be put on the wire (a caller's bug: RangeError).
import test from 'ava';
import {
  advertProblem,
  authDataFromPassword,
  encodeAdvert,
  type VrrpAdvert,
  type VrrpAdvertV3,
} from '../../../src/vrrp/codec/index.js';
import { SAMPLE_V2 } from './codec-samples.js';

const V4 = { source: '10.200.0.1', destination: '224.0.0.18' };
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const V2 = SAMPLE_V2;
const V3: VrrpAdvertV3 = {
  version: 3,
  family: 'ipv4',
  vrid: 51,
  priority: 150,
  advertIntervalCs: 100,
  addresses: ['10.200.0.100'],
};

test('v2 with a password: header, address, 8 bytes of password, checksum over the message alone', (t) => {
  // Checksum worked by hand in codec-checksum.test.ts.
  t.is(hex(encodeAdvert(V2, V4)), '2134640101017b9ac00002147333637265740000');
  // No pseudo-header in v2: the IP addresses do not change the bytes.
  t.deepEqual(encodeAdvert(V2, V4), encodeAdvert(V2, { source: '192.0.2.99', destination: '192.0.2.98' }));
});

test('v3 IPv4 reproduces keepalived frame 1 of capture-v3', (t) => {
  t.is(hex(encodeAdvert(V3, V4)), '31339601006441e30ac80064');
});

test('v3 over IPv4 unicast: the checksum follows each peer address, unless it covers the message only', (t) => {
  const a = encodeAdvert(V3, { source: '10.200.0.1', destination: '10.200.0.2' });
  const b = encodeAdvert(V3, { source: '10.200.0.1', destination: '10.200.0.3' });
  t.notDeepEqual(a.subarray(6, 8), b.subarray(6, 8));
  t.deepEqual(a.subarray(8), b.subarray(8));
  const options = { checksumCoverage: 'message-only' } as const;
  t.deepEqual(
    encodeAdvert(V3, { source: '10.200.0.1', destination: '10.200.0.2' }, options),
    encodeAdvert(V3, { source: '10.200.0.1', destination: '10.200.0.3' }, options),
  );
});

test('v3 interval and reserved bits share 16 bits: 4 reserved, 12 of centiseconds', (t) => {
  t.is(hex(encodeAdvert({ ...V3, advertIntervalCs: 4095 }, V4).subarray(4, 6)), '0fff');
  t.is(hex(encodeAdvert({ ...V3, advertIntervalCs: 1, reservedBits: 0xa }, V4).subarray(4, 6)), 'a001');
  t.is(hex(encodeAdvert({ ...V2, advertIntervalCs: 25500 }, V4).subarray(4, 6)), '01ff');
});

test('authentication data comes from the password padded with zeros', (t) => {
  t.is(hex(authDataFromPassword('')), '0000000000000000');
  t.is(hex(authDataFromPassword('s3cret')), '7333637265740000');
  t.is(hex(authDataFromPassword('12345678')), '3132333435363738');
  t.is(hex(authDataFromPassword('pässwö')), '70c3a4737377c3b6'); // UTF-8: 6 characters, 8 bytes
  t.throws(() => authDataFromPassword('123456789'), { instanceOf: RangeError });
  t.throws(() => authDataFromPassword('päßwörtr'), { instanceOf: RangeError }); // 8 characters, 11 bytes
});

test('adverts that cannot be encoded are named by advertProblem and thrown as RangeError', (t) => {
  const bad: [string, VrrpAdvert, { source: string; destination: string }?][] = [
    ['vrid 0', { ...V3, vrid: 0 }],
    ['vrid 256', { ...V3, vrid: 256 }],
    ['vrid 1.5', { ...V3, vrid: 1.5 }],
    ['priority -1', { ...V3, priority: -1 }],
    ['priority 256', { ...V3, priority: 256 }],
    ['v3 interval 4096', { ...V3, advertIntervalCs: 4096 }],
    ['v3 interval -1', { ...V3, advertIntervalCs: -1 }],
    ['reserved bits 16', { ...V3, reservedBits: 16 }],
    ['v2 interval 150 cs', { ...V2, advertIntervalCs: 150 }],
    ['v2 interval 256 s', { ...V2, advertIntervalCs: 25600 }],
    ['v2 auth type 256', { ...V2, authType: 256 }],
    ['v2 auth data of 7 bytes', { ...V2, authData: new Uint8Array(7) }],
    ['v2 over IPv6', { ...V2, family: 'ipv6' } as unknown as VrrpAdvert],
    ['an IPv6 address in an IPv4 advert', { ...V3, addresses: ['2001:db8::1'] }],
    [
      'an IPv4 address in an IPv6 advert',
      { ...V3, family: 'ipv6', addresses: ['10.0.0.1'] },
      { source: 'fe80::1', destination: 'ff02::12' },
    ],
    ['a malformed address', { ...V3, addresses: ['10.0.0.256'] }],
    ['256 addresses', { ...V3, addresses: Array.from({ length: 256 }, () => '10.0.0.1') }],
    ['an IPv6 source for an IPv4 advert', V3, { source: 'fe80::1', destination: '224.0.0.18' }],
    ['a malformed destination', V3, { source: '10.0.0.1', destination: 'group' }],
  ];
  for (const [name, advert, pair = V4] of bad) {
    const problem = advertProblem(advert, pair);
    t.true(typeof problem === 'string' && problem.length > 0, name);
    t.throws(() => encodeAdvert(advert, pair), { instanceOf: RangeError, message: /^encodeAdvert: / }, name);
  }
  t.is(advertProblem(V2, V4), null);
  t.is(advertProblem(V3, V4), null);
});

test('the encoded length is the header, the addresses and (v2) the authentication data', (t) => {
  t.is(encodeAdvert({ ...V3, addresses: [] }, V4).length, 8);
  t.is(encodeAdvert({ ...V2, addresses: [] }, V4).length, 16);
  t.is(encodeAdvert({ ...V2, addresses: ['1.1.1.1', '2.2.2.2'] }, V4).length, 24);
  const v6 = { ...V3, family: 'ipv6' as const, addresses: ['fe80::1', '2001:db8::1'] };
  t.is(encodeAdvert(v6, { source: 'fe80::2', destination: 'ff02::12' }).length, 40);
});
