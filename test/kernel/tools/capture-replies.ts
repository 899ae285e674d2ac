// Captures the kernel's raw replies to the IPVS requests lvsd sends (run in the QEMU guest after
// ipvsadm has set up entries); the result is test/fixtures/ipvs/kernel-replies.json, the golden
// replies of the decoder's unit tests. Usage: node capture-replies.js OUT.json
import { writeFileSync } from 'node:fs';
import { openGenlSocket } from '../../../src/net/genl.js';
import { ByteWriter } from '../../../src/ipvs/codec/bytes.js';
import { IPVS_GENL_NAME } from '../../../src/ipvs/codec/constants.js';
import { encodeOp, encodeQuery, type IpvsQuery } from '../../../src/ipvs/codec/encode.js';
import {
  NLM_F_ACK,
  decodeFamilyId,
  encodeGetFamily,
  splitMessages,
} from '../../../src/ipvs/codec/netlink.js';
import type { ServiceKey } from '../../../src/ipvs/model.js';
import type { IpvsOp } from '../../../src/ipvs/ops.js';

const socket = openGenlSocket();
const received: Uint8Array[] = [];
socket.onDatagram((d) => received.push(d.slice()));
socket.hold(true);

async function exchange(bytes: Uint8Array, settleMs = 300): Promise<string[]> {
  received.length = 0;
  await socket.send(bytes);
  await new Promise((r) => setTimeout(r, settleMs));
  return received.map((d) => Buffer.from(d).toString('hex'));
}

const out: Record<string, { request: string; replies: string[] }> = {};
const w = new ByteWriter(256);
encodeGetFamily(w, IPVS_GENL_NAME, 1);
const familyReplies = await exchange(w.finish());
out['get-family'] = { request: Buffer.from(w.finish()).toString('hex'), replies: familyReplies };
const first = splitMessages(Buffer.from(familyReplies[0] ?? '', 'hex'))[0];
if (first === undefined) throw new Error('no family reply');
const family = decodeFamilyId(first);

const tcp80: ServiceKey = {
  kind: 'address',
  family: 'ipv4',
  protocol: 'tcp',
  address: '192.0.2.10',
  port: 80,
};
const udp6: ServiceKey = {
  kind: 'address',
  family: 'ipv6',
  protocol: 'udp',
  address: '2001:db8::10',
  port: 53,
};
const queries: [string, IpvsQuery][] = [
  ['services', { query: 'services' }],
  ['destinations tcp 192.0.2.10:80', { query: 'destinations', service: tcp80 }],
  ['destinations udp [2001:db8::10]:53', { query: 'destinations', service: udp6 }],
  ['destinations tcp 127.0.0.5:80', { query: 'destinations', service: { ...tcp80, address: '127.0.0.5' } }],
  ['destinations of a missing service', { query: 'destinations', service: { ...tcp80, port: 1 } }],
  ['daemons', { query: 'daemons' }],
  ['info', { query: 'info' }],
  ['timeouts', { query: 'timeouts' }],
];
let seq = 10;
for (const [name, q] of queries) {
  w.reset();
  encodeQuery(w, q, family, seq++);
  out[name] = { request: Buffer.from(w.finish()).toString('hex'), replies: await exchange(w.finish()) };
}
const ops: [string, IpvsOp[]][] = [
  [
    'batch: add an existing service, then a good one (errors only, one ack)',
    [
      {
        op: 'add-service',
        service: { key: tcp80, scheduler: 'wlc', flags: 0, timeoutS: 0, netmask: 0xffffffff, peName: '' },
      },
      {
        op: 'add-service',
        service: {
          key: { ...tcp80, port: 81 },
          scheduler: 'wlc',
          flags: 0,
          timeoutS: 0,
          netmask: 0xffffffff,
          peName: '',
        },
      },
    ],
  ],
  ['delete a missing service', [{ op: 'delete-service', key: { ...tcp80, port: 2 } }]],
];
for (const [name, list] of ops) {
  w.reset();
  let lastAt = 0;
  for (const op of list) {
    lastAt = w.length;
    encodeOp(w, op, family, seq++);
  }
  w.addMessageFlags(lastAt, NLM_F_ACK);
  out[name] = { request: Buffer.from(w.finish()).toString('hex'), replies: await exchange(w.finish()) };
}
writeFileSync(
  process.argv[2] ?? 'kernel-replies.json',
  `${JSON.stringify({ familyId: family, exchanges: out }, null, 1)}\n`,
);
socket.close();
