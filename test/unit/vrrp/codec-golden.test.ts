// Golden packets: every VRRP advert that keepalived 2.2.7 sent in the three captures decodes, validates and
// re-encodes byte for byte, and every field agrees with the tshark decodes beside the captures.
import test from 'ava';
import { fixturePath, readPcapFile, type PcapFrame } from '../../helpers/pcap.js';
import { decodeAdvert, encodeAdvert, validateAdvert, VRRP_PROTOCOL } from '../../../src/vrrp/codec/index.js';
import { readCaptureText, type TableRow, type TableVrrp } from './keepalived-text.js';

const CAPTURES = [
  { name: 'capture-v2', version: 2, adverts: 19 },
  { name: 'capture-v3', version: 3, adverts: 19 },
  { name: 'capture-v3fast', version: 3, adverts: 323 },
] as const;

function load(name: string) {
  const frames = readPcapFile(fixturePath('keepalived-wire', `${name}.pcap`));
  const text = readCaptureText(fixturePath('keepalived-wire', `${name}.txt`));
  return { frames, text };
}

/** The adverts the table lists, elided ones expanded: frame number -> the row's VRRP fields. */
function expectedAdverts(rows: readonly TableRow[]): Map<number, TableVrrp> {
  const out = new Map<number, TableVrrp>();
  for (const row of rows) {
    if (row.vrrp === null) continue;
    out.set(row.number, row.vrrp);
    for (let i = 1; i <= row.elidedAfter; i++) out.set(row.number + i, row.vrrp);
  }
  return out;
}

function facts(frame: PcapFrame) {
  const ip = frame.ipv4;
  if (ip === null) throw new Error(`frame ${frame.number} is not IPv4`);
  return { source: ip.source, destination: ip.destination, ttl: ip.ttl, path: 'multicast' as const };
}

for (const capture of CAPTURES) {
  test(`${capture.name}: the table accounts for every frame of the capture`, (t) => {
    const { frames, text } = load(capture.name);
    const last = text.rows.at(-1);
    t.truthy(last);
    t.is(frames.length, (last?.number ?? 0) + (last?.elidedAfter ?? 0));
    for (const row of text.rows) {
      const frame = frames[row.number - 1];
      t.is(frame?.ethernet.source, row.ethSource, `frame ${row.number}`);
      t.is(frame?.ethernet.destination, row.ethDestination, `frame ${row.number}`);
    }
    const vrrpFrames = frames.filter((f) => f.ipv4?.protocol === VRRP_PROTOCOL).map((f) => f.number);
    t.deepEqual(vrrpFrames, [...expectedAdverts(text.rows).keys()]);
    t.is(vrrpFrames.length, capture.adverts);
  });

  test(`${capture.name}: every advert decodes to the table's fields and re-encodes byte for byte`, (t) => {
    const { frames, text } = load(capture.name);
    for (const [number, row] of expectedAdverts(text.rows)) {
      const frame = frames[number - 1];
      if (frame?.ipv4 == null) return t.fail(`frame ${number} is missing or not IPv4`);
      const ip = frame.ipv4;
      t.true(ip.headerChecksumOk, `frame ${number} IPv4 header checksum`);
      t.deepEqual(
        [ip.source, ip.destination, ip.ttl, ip.tos],
        [row.ipSource, row.ipDestination, row.ttl, 0xc0],
      );
      const decoded = decodeAdvert(ip.payload, facts(frame));
      if (!decoded.ok) return t.fail(`frame ${number}: ${decoded.error.message}`);
      const { advert } = decoded;
      t.is<number, number>(advert.version, row.version);
      t.is(advert.version, capture.version);
      t.is(advert.vrid, text.vrid);
      t.is(advert.priority, row.priority);
      t.is(advert.advertIntervalCs, row.advertIntervalCs);
      t.deepEqual(advert.addresses, [text.vip]);
      t.is(decoded.checksumCoverage, capture.version === 2 ? 'message-only' : 'pseudo-header');
      t.is(decoded.messageLength, ip.payload.length);
      const encoded = encodeAdvert(advert, facts(frame));
      t.deepEqual(
        Buffer.from(encoded).toString('hex'),
        Buffer.from(ip.payload).toString('hex'),
        `frame ${number}`,
      );
      const validated = validateAdvert(decoded, facts(frame), {
        version: capture.version,
        family: 'ipv4',
        vrid: text.vrid,
        advertIntervalCs: row.advertIntervalCs,
        addresses: [text.vip],
      });
      t.deepEqual(validated, { ok: true, notes: [] }, `frame ${number}`);
    }
  });

  test(`${capture.name}: the tshark dumps agree field by field`, (t) => {
    const { frames, text } = load(capture.name);
    t.is(text.dumps.length, 3);
    for (const dump of text.dumps) {
      const frame = frames[dump.number - 1];
      if (frame?.ipv4 == null) return t.fail(`frame ${dump.number} is missing or not IPv4`);
      t.deepEqual(frame.bytes, dump.hex, `frame ${dump.number} bytes`);
      const ip = frame.ipv4;
      t.deepEqual(
        [ip.tos, ip.totalLength, ip.ttl, ip.headerChecksum, ip.source, ip.destination],
        [dump.tos, dump.totalLength, dump.ttl, dump.headerChecksum, dump.ipSource, dump.ipDestination],
      );
      const decoded = decodeAdvert(ip.payload, facts(frame));
      if (!decoded.ok) return t.fail(decoded.error.message);
      const { advert } = decoded;
      t.true(dump.checksumCorrect);
      t.is(decoded.checksum, dump.checksum);
      t.is<number, number>(advert.version, dump.version);
      t.is(dump.type, 1);
      t.is(advert.vrid, dump.vrid);
      t.is(advert.priority, dump.priority);
      t.is(advert.addresses.length, dump.count);
      t.deepEqual(advert.addresses, dump.addresses);
      t.is(decoded.source, dump.ipSource);
      t.is(decoded.destination, dump.ipDestination);
      if (advert.version === 2) {
        t.is(advert.advertIntervalCs, dump.advertInterval * 100);
        t.is<number | null, number | null>(advert.authType, dump.authType);
        t.deepEqual(advert.authData, new Uint8Array(8));
      } else {
        t.is(advert.advertIntervalCs, dump.advertInterval);
        t.is(dump.authType, null);
        t.is(advert.reservedBits, undefined);
      }
    }
  });
}

test('the published advert bytes of the behaviour notes decode as described', (t) => {
  const ip = { source: '10.200.0.1', destination: '224.0.0.18' };
  const v2 = Buffer.from('2133960100013d9e0ac800640000000000000000', 'hex');
  const v3 = Buffer.from('31339601000542420ac80064', 'hex');
  const d2 = decodeAdvert(v2, ip);
  const d3 = decodeAdvert(v3, ip);
  if (!d2.ok || !d3.ok) return t.fail('a golden advert was refused');
  t.is(d2.advert.advertIntervalCs, 100);
  t.is(d3.advert.advertIntervalCs, 5);
  t.is(d3.checksum, 0x4242);
  // The v3 checksum covers the IPv4 pseudo-header. By hand: message words 3133 9601 0005 0ac8 0064 sum to
  // d265; pseudo-header 0ac8 0001 e000 0012 0070 000c to eb57; d265 + eb57 = 1bdbc -> bdbd -> ~ = 4242.
  // Over the message alone it would be ~d265 = 2d9a.
  const plain = encodeAdvert(d3.advert, ip, { checksumCoverage: 'message-only' });
  t.deepEqual([plain[6], plain[7]], [0x2d, 0x9a]);
});
