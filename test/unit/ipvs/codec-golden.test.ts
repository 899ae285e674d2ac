// The encoder writes every IPVS command byte for byte as the golden messages (written out by hand
// from linux/ip_vs.h; the kernel suite sends the same bytes to a real kernel).
import test from 'ava';
import { ByteWriter } from '../../../src/ipvs/codec/bytes.js';
import { encodeOp, encodeQuery } from '../../../src/ipvs/codec/encode.js';
import { NLM_F_ACK, encodeGetFamily } from '../../../src/ipvs/codec/netlink.js';
import { GOLDEN_FAMILY_ID, GOLDEN_GET_FAMILY, GOLDEN_OPS, GOLDEN_QUERIES } from './golden.js';

const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

for (const golden of GOLDEN_OPS) {
  test(`golden: ${golden.name}`, (t) => {
    const w = new ByteWriter(16);
    encodeOp(w, golden.op, GOLDEN_FAMILY_ID, 1, NLM_F_ACK);
    t.is(toHex(w.finish()), toHex(golden.bytes));
  });
}

for (const golden of GOLDEN_QUERIES) {
  test(`golden query: ${golden.name}`, (t) => {
    const w = new ByteWriter(16);
    encodeQuery(w, golden.query, GOLDEN_FAMILY_ID, 1);
    t.is(toHex(w.finish()), toHex(golden.bytes));
  });
}

test('golden: CTRL_CMD_GETFAMILY "IPVS"', (t) => {
  const w = new ByteWriter(16);
  encodeGetFamily(w, 'IPVS', 1);
  t.is(toHex(w.finish()), toHex(GOLDEN_GET_FAMILY));
});

test('a batch is the messages back to back, each 4-byte aligned, with their own sequence numbers', (t) => {
  const w = new ByteWriter(16);
  GOLDEN_OPS.forEach((g, i) => encodeOp(w, g.op, GOLDEN_FAMILY_ID, 100 + i, NLM_F_ACK));
  const out = w.finish();
  let at = 0;
  GOLDEN_OPS.forEach((g, i) => {
    const message = out.slice(at, at + g.bytes.length);
    const expected = g.bytes.slice();
    new DataView(expected.buffer).setUint32(8, 100 + i, true);
    t.is(toHex(message), toHex(expected), g.name);
    at += g.bytes.length;
  });
  t.is(at, out.length);
});

test('without the ack flag only the flags field differs', (t) => {
  const w = new ByteWriter(16);
  const golden = GOLDEN_OPS[0];
  if (golden === undefined) return t.fail();
  encodeOp(w, golden.op, GOLDEN_FAMILY_ID, 1);
  const expected = golden.bytes.slice();
  expected[6] = 0x01;
  t.is(toHex(w.finish()), toHex(expected));
  w.addMessageFlags(0, NLM_F_ACK);
  t.is(toHex(w.finish()), toHex(golden.bytes));
});
