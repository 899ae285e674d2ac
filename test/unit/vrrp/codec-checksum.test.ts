// The checksum helpers against a deliberately different reference: the pseudo-header laid out byte by
// byte as the RFCs draw it, summed with BigInt and reduced modulo 0xffff instead of folding carries.
import test from 'ava';
import { parseIp } from '../../../src/lib/ip.js';
import { seededRandom } from '../../../src/lib/random.js';
import {
  addWords,
  checksumOf,
  foldSum,
  messageSum,
  pseudoHeaderSum,
  viewOf,
} from '../../../src/vrrp/codec/checksum.js';
import { decodeAdvert, encodeAdvert, type VrrpAdvertV3 } from '../../../src/vrrp/codec/index.js';
import { referenceChecksum, pseudoHeaderBytes } from './reference-checksum.js';

const ip = (text: string): Uint8Array => parseIp(text) ?? new Uint8Array();

test('folding adds carries back in', (t) => {
  t.is(foldSum(0), 0);
  t.is(foldSum(0xffff), 0xffff);
  t.is(foldSum(0x10000), 1);
  t.is(foldSum(0x1fffe), 0xffff);
  t.is(foldSum(0x39213), 0x9216);
  t.is(foldSum(0xffffffff), 0xffff);
  t.is(checksumOf(0), 0xffff);
  t.is(checksumOf(0xffff), 0);
  t.is(checksumOf(0x1bdbc), 0x4242);
});

test('an odd trailing byte is the high byte of a last word', (t) => {
  const bytes = Uint8Array.from([0x12, 0x34, 0x56]);
  t.is(addWords(0, viewOf(bytes), 0, 3), 0x1234 + 0x5600);
  t.is(addWords(7, viewOf(bytes), 1, 3), 7 + 0x3456);
  t.is(addWords(0, viewOf(bytes), 2, 2), 0);
});

test('message sums skip the checksum field and match the reference on random bytes', (t) => {
  const rng = seededRandom(1071);
  for (let i = 0; i < 2000; i++) {
    const length = rng.int(8, 600);
    const bytes = Uint8Array.from({ length }, () => rng.int(0, 255));
    const zeroed = bytes.slice();
    zeroed[6] = 0;
    zeroed[7] = 0;
    t.is(checksumOf(messageSum(viewOf(bytes), length)), referenceChecksum(zeroed), `length ${length}`);
  }
});

test('pseudo-header sums match the IPv4 and IPv6 layouts drawn byte by byte', (t) => {
  const rng = seededRandom(8200);
  for (let i = 0; i < 2000; i++) {
    const size = rng.chance(0.5) ? 4 : 16;
    const source = Uint8Array.from({ length: size }, () => rng.int(0, 255));
    const destination = Uint8Array.from({ length: size }, () => rng.int(0, 255));
    const length = size === 4 ? rng.int(0, 0xffff) : rng.int(0, 0x3ffff);
    const message = Uint8Array.from({ length: rng.int(8, 64) }, () => rng.int(0, 255));
    message[6] = 0;
    message[7] = 0;
    const sum = messageSum(viewOf(message), message.length) + pseudoHeaderSum(source, destination, length);
    const reference = referenceChecksum(
      Uint8Array.from([...pseudoHeaderBytes(source, destination, length), ...message]),
    );
    t.is(checksumOf(sum), reference);
  }
});

test('a hand-computed IPv6 vector (RFC 5798 5.2.8 with the RFC 8200 8.1 pseudo-header)', (t) => {
  // v3 advert from fe80::1 to ff02::12: VRID 1, priority 100, 1 address fe80::10, interval 100 cs.
  // Message words (checksum as 0): 3101 6401 0064 fe80 0010 -> 193f6.
  // Pseudo-header: fe80 0001 (source) ff02 0012 (destination) 0000 0018 (length 24) 0070 (next header) -> 1fe1d.
  // 193f6 + 1fe1d = 39213; fold 9213 + 3 = 9216; one's complement 6de9.
  const advert: VrrpAdvertV3 = {
    version: 3,
    family: 'ipv6',
    vrid: 1,
    priority: 100,
    advertIntervalCs: 100,
    addresses: ['fe80::10'],
  };
  const pair = { source: 'fe80::1', destination: 'ff02::12' };
  const bytes = encodeAdvert(advert, pair);
  const expected = '3101640100646de9' + 'fe800000000000000000000000000010';
  t.is(Buffer.from(bytes).toString('hex'), expected);
  const decoded = decodeAdvert(bytes, pair);
  t.true(decoded.ok);
  if (decoded.ok) t.is(decoded.checksum, 0x6de9);
  const zeroed = bytes.slice();
  zeroed.fill(0, 6, 8);
  t.is(
    referenceChecksum(Uint8Array.from([...pseudoHeaderBytes(ip('fe80::1'), ip('ff02::12'), 24), ...zeroed])),
    0x6de9,
  );
});

test('a hand-computed IPv4 v2 vector with a password (RFC 3768 5.3.10: the message alone)', (t) => {
  // v2 advert: VRID 52, priority 100, auth type 1, interval 1 s, address 192.0.2.20, password "s3cret".
  // Words (checksum as 0): 2134 6401 0101 c000 0214 7333 6372 6574 0000 sum to 28463;
  // fold 8463 + 2 = 8465; one's complement 7b9a.
  const bytes = Buffer.from('213464010101' + '7b9a' + 'c0000214' + '7333637265740000', 'hex');
  const decoded = decodeAdvert(bytes, { source: '192.0.2.1', destination: '224.0.0.18' });
  if (!decoded.ok) return t.fail(decoded.error.message);
  t.is(decoded.checksum, 0x7b9a);
  t.is(decoded.checksumCoverage, 'message-only');
  t.deepEqual(decoded.advert, {
    version: 2,
    family: 'ipv4',
    vrid: 52,
    priority: 100,
    advertIntervalCs: 100,
    addresses: ['192.0.2.20'],
    authType: 1,
    authData: Uint8Array.from(Buffer.from('s3cret\0\0', 'latin1')),
  });
});
