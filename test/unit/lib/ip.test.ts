import test from 'ava';
import {
  canonicalIp,
  compareIpBytes,
  formatIp,
  formatIpv4,
  formatIpv6,
  ipFamily,
  ipLength,
  isMulticastIp,
  parseIp,
  parseIpInto,
  parseIpv4,
  parseIpv6,
  sameIp,
  splitZone,
} from '../../../src/lib/ip.js';
import { seededRandom } from '../../../src/lib/random.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const words = (...w: number[]): Uint8Array => Uint8Array.from(w.flatMap((x) => [x >>> 8, x & 0xff]));

test('IPv4 dotted quads parse to bytes', (t) => {
  t.deepEqual(parseIpv4('192.0.2.1'), bytes(192, 0, 2, 1));
  t.deepEqual(parseIpv4('0.0.0.0'), bytes(0, 0, 0, 0));
  t.deepEqual(parseIpv4('255.255.255.255'), bytes(255, 255, 255, 255));
  t.deepEqual(parseIpv4('10.200.0.100'), bytes(10, 200, 0, 100));
});

test('malformed IPv4 text is refused', (t) => {
  for (const bad of [
    '',
    '1',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '1.2.3.999',
    '01.2.3.4',
    '1.2.3.00',
    '1..3.4',
    '.1.2.3',
    '1.2.3.4.',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1.2.3.-4',
    '1.2.3.a',
    '0x1.2.3.4',
    '1.2.3.4/24',
    '１.2.3.4',
  ])
    t.is(parseIpv4(bad), null, JSON.stringify(bad));
});

test('IPv6 text forms of RFC 4291 parse to bytes', (t) => {
  t.deepEqual(parseIpv6('::'), new Uint8Array(16));
  t.deepEqual(parseIpv6('::1'), words(0, 0, 0, 0, 0, 0, 0, 1));
  t.deepEqual(parseIpv6('1::'), words(1, 0, 0, 0, 0, 0, 0, 0));
  t.deepEqual(
    parseIpv6('2001:DB8:0:0:8:800:200C:417A'),
    words(0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a),
  );
  t.deepEqual(parseIpv6('2001:db8::8:800:200c:417a'), words(0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a));
  t.deepEqual(parseIpv6('ff02::12'), words(0xff02, 0, 0, 0, 0, 0, 0, 0x12));
  t.deepEqual(parseIpv6('fe80::1:2'), words(0xfe80, 0, 0, 0, 0, 0, 1, 2));
  t.deepEqual(parseIpv6('0000:0000:0000:0000:0000:0000:0000:0001'), words(0, 0, 0, 0, 0, 0, 0, 1));
  t.deepEqual(parseIpv6('::ffff:192.0.2.1'), words(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201));
  t.deepEqual(parseIpv6('::13.1.68.3'), words(0, 0, 0, 0, 0, 0, 0x0d01, 0x4403));
  t.deepEqual(parseIpv6('1:2:3:4:5:6:1.2.3.4'), words(1, 2, 3, 4, 5, 6, 0x0102, 0x0304));
  t.deepEqual(parseIpv6('1:2:3:4:5:6:7::'), words(1, 2, 3, 4, 5, 6, 7, 0));
  t.deepEqual(parseIpv6('::2:3:4:5:6:7:8'), words(0, 2, 3, 4, 5, 6, 7, 8));
});

test('malformed IPv6 text is refused', (t) => {
  for (const bad of [
    '',
    ':',
    ':::',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '1:::2',
    ':1::2',
    '1::2:',
    '1:2:3:4:5:6:7:8::',
    '::1:2:3:4:5:6:7:8',
    '12345::1',
    'g::1',
    '1.2.3.4::',
    '::1.2.3.4:1',
    '::1.2.3',
    '::256.1.1.1',
    '1:2:3:4:5:6:7:1.2.3.4',
    'fe80::1%eth0',
    ' ::1',
    '[::1]',
  ])
    t.is(parseIpv6(bad), null, JSON.stringify(bad));
});

test('IPv6 formats per RFC 5952', (t) => {
  const cases: [string, string][] = [
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'], // 4.1 leading zeros, 4.2.1 longest run
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // 4.2.3 first of equal runs
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // 4.2.2 a single zero group stays
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // 4.2.3 the longest run wins
    ['2001:DB8::ABCD', '2001:db8::abcd'], // 4.3 lower case
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['fe80:0:0:0:0:0:0:1', 'fe80::1'],
    ['ff02:0:0:0:0:0:0:12', 'ff02::12'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['0:1:0:1:0:1:0:1', '0:1:0:1:0:1:0:1'],
    ['::ffff:c000:0201', '::ffff:192.0.2.1'], // section 5: IPv4-mapped in mixed notation
    ['::ffff:0:c000:201', '::ffff:0:c000:201'], // the retired IPv4-translated prefix stays hex
    ['::c000:201', '::c000:201'], // deprecated IPv4-compatible stays hex
    ['64:ff9b::c000:201', '64:ff9b::c000:201'],
  ];
  for (const [input, canonical] of cases) t.is(canonicalIp(input), canonical, input);
});

test('formatting reads at an offset and checks the length', (t) => {
  const buf = bytes(9, 9, 10, 200, 0, 100, 9);
  t.is(formatIpv4(buf, 2), '10.200.0.100');
  const six = new Uint8Array(20);
  six.set(words(0xfe80, 0, 0, 0, 0, 0, 0, 1), 4);
  t.is(formatIpv6(six, 4), 'fe80::1');
  t.is(formatIp(bytes(127, 0, 0, 1)), '127.0.0.1');
  t.throws(() => formatIp(bytes(1, 2, 3)), { instanceOf: RangeError });
});

test('parseIpInto writes straight into a buffer at an offset, zeroing what "::" stands for', (t) => {
  const out = new Uint8Array(24).fill(0xee);
  t.is(parseIpInto('2001:db8::1', out, 4), 'ipv6');
  t.deepEqual(out.subarray(4, 20), words(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1));
  t.deepEqual([out[3], out[20]], [0xee, 0xee]);
  t.is(parseIpInto('192.0.2.1', out, 20), 'ipv4');
  t.deepEqual(out.subarray(20), bytes(192, 0, 2, 1));
  t.is(parseIpInto('::1', out, 10), null, 'no room for 16 bytes');
  t.is(parseIpInto('10.0.0.1', out, 21), null, 'no room for 4 bytes');
  t.is(parseIpInto('10.0.0', out, 0), null);
  t.is(parseIpInto('1::2::3', out, 0), null);
});

test('family detection, canonical text, equality', (t) => {
  t.is(ipFamily('192.0.2.1'), 'ipv4');
  t.is(ipFamily('::1'), 'ipv6');
  t.is(ipFamily('::ffff:192.0.2.1'), 'ipv6');
  t.is(ipFamily('eth0'), null);
  t.is(ipFamily(''), null);
  t.is(parseIp('nope'), null);
  t.is(canonicalIp('999.1.1.1'), null);
  t.is(ipLength('ipv4'), 4);
  t.is(ipLength('ipv6'), 16);
  t.true(sameIp('::1', '0:0::0:1'));
  t.true(sameIp('2001:DB8::1', '2001:db8:0:0:0:0:0:1'));
  t.false(sameIp('::1', '::2'));
  t.false(sameIp('1.2.3.4', '::ffff:1.2.3.4'));
  t.false(sameIp('bad', 'bad'));
});

test('zones split off scoped addresses', (t) => {
  t.deepEqual(splitZone('fe80::1%eth0'), { address: 'fe80::1', zone: 'eth0' });
  t.deepEqual(splitZone('fe80::1'), { address: 'fe80::1', zone: null });
  t.deepEqual(splitZone('fe80::1%'), { address: 'fe80::1', zone: '' });
});

test('comparison orders IPv4 before IPv6, then numerically', (t) => {
  const sorted = ['10.0.0.2', '10.0.0.10', '9.255.255.255', '::1', 'fe80::1', '2001:db8::1']
    .map((a) => parseIp(a) ?? new Uint8Array())
    .sort(compareIpBytes)
    .map(formatIp);
  t.deepEqual(sorted, ['9.255.255.255', '10.0.0.2', '10.0.0.10', '::1', '2001:db8::1', 'fe80::1']);
  t.is(compareIpBytes(bytes(1, 2, 3, 4), bytes(1, 2, 3, 4)), 0);
});

test('multicast ranges', (t) => {
  for (const a of ['224.0.0.18', '239.255.255.255', 'ff02::12', 'ff05::1'])
    t.true(isMulticastIp(parseIp(a) ?? bytes()), a);
  for (const a of ['223.255.255.255', '240.0.0.1', '10.0.0.1', 'fe80::1', '::'])
    t.false(isMulticastIp(parseIp(a) ?? bytes()), a);
  t.false(isMulticastIp(bytes(224)));
});

test('random addresses survive format -> parse -> format, and canonical text is stable', (t) => {
  const rng = seededRandom(5952);
  for (let i = 0; i < 5000; i++) {
    const six = new Uint8Array(16);
    // Mostly zero words, so that runs of every length and position occur.
    for (let w = 0; w < 8; w++) if (rng.chance(0.4)) six.set(words(rng.int(0, 0xffff)), 2 * w);
    if (rng.chance(0.1)) six.set(words(0, 0, 0, 0, 0, 0xffff), 0);
    const text = formatIpv6(six);
    t.deepEqual(parseIpv6(text), six, text);
    t.is(canonicalIp(text.toUpperCase()), text);
    t.true(text.length <= 39);
    t.false(text.includes(':::'));
    t.true(text.split('::').length <= 2, text);
    const four = Uint8Array.from({ length: 4 }, () => rng.int(0, 255));
    t.deepEqual(parseIpv4(formatIpv4(four)), four);
  }
});

test('random text never throws', (t) => {
  const rng = seededRandom(4291);
  const alphabet = '0123456789abcdefABCDEF:.%/ xg';
  for (let i = 0; i < 20_000; i++) {
    const text = Array.from({ length: rng.int(0, 46) }, () => rng.pick([...alphabet])).join('');
    const parsed = parseIp(text);
    if (parsed !== null) t.deepEqual(parseIp(formatIp(parsed)), parsed, text);
  }
  t.pass();
});
