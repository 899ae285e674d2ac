// The real adapter over a scripted socket: family lookup, batching (256 messages per datagram, the
// ack asked of each batch's last message only), errors as named values with errno and object,
// unknown outcomes, and dumps decoded from the kernel's captured replies.
import test from 'ava';
import { splitMessages } from '../../../src/ipvs/codec/netlink.js';
import { BATCH_MESSAGES, NetlinkIpvsKernel } from '../../../src/ipvs/netlink-kernel.js';
import type { IpvsOp } from '../../../src/ipvs/ops.js';
import { NO_TUNNEL, type ServiceKey } from '../../../src/ipvs/model.js';
import { ScriptedSocket, errorReply } from './fake-socket.js';
import { capture, replies } from './fixtures.js';

const CTRL = 0x10;

/** The captured datagrams of an exchange, renumbered to seq. */
function renumbered(name: string, seq: number): Uint8Array[] {
  return replies(name).map((d) => {
    const copy = d.slice();
    const view = new DataView(copy.buffer);
    let at = 0;
    while (at < copy.length) {
      view.setUint32(at + 8, seq, true);
      at += (view.getUint32(at, true) + 3) & ~3;
    }
    return copy;
  });
}

/** A socket that answers the family lookup from the capture and hands everything else to kernel. */
function socketWith(kernel: (sent: ReturnType<typeof splitMessages>) => Uint8Array[]) {
  return new ScriptedSocket((sent) => {
    const first = sent[0];
    if (first?.type === CTRL) return renumbered('get-family', first.seq);
    return kernel(sent);
  });
}

async function open(socket: ScriptedSocket) {
  const r = await NetlinkIpvsKernel.open(socket);
  if (!r.ok) throw r.error;
  return r.value;
}

const key: ServiceKey = { kind: 'address', family: 'ipv4', protocol: 'tcp', address: '192.0.2.10', port: 80 };
const addDest = (i: number): IpvsOp => ({
  op: 'add-dest',
  service: key,
  dest: {
    family: 'ipv4',
    address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    port: 80,
    forwarding: 'nat',
    weight: 1,
    upperThreshold: 0,
    lowerThreshold: 0,
    tunnel: NO_TUNNEL,
  },
});

test('open finds the IPVS family id', async (t) => {
  const kernel = await open(socketWith(() => []));
  t.is(kernel.familyId, capture.familyId);
});

test('open without an IPVS family is IpvsUnavailableError, and closes the socket', async (t) => {
  const socket = new ScriptedSocket((sent) => [errorReply(sent[0]?.seq ?? 0, 2)]);
  const r = await NetlinkIpvsKernel.open(socket);
  t.false(r.ok);
  if (r.ok) return;
  t.is(r.error.name, 'IpvsUnavailableError');
  t.is(r.error.code, 'ENOENT');
  t.regex(r.error.message, /this kernel has no IPVS/);
  t.true(socket.closed);
});

test('600 ops go in 3 datagrams of at most 256 messages; only the last of each asks for an ack', async (t) => {
  const socket = socketWith((sent) => [errorReply(sent.at(-1)?.seq ?? 0, 0)]);
  const kernel = await open(socket);
  const ops = Array.from({ length: 600 }, (_, i) => addDest(i));
  const results = await kernel.apply(ops);
  t.is(results.length, 600);
  t.true(results.every((r) => r.ok));
  const batches = socket.sent.slice(1).map((d) => splitMessages(d));
  t.deepEqual(
    batches.map((b) => b.length),
    [BATCH_MESSAGES, BATCH_MESSAGES, 600 - 2 * BATCH_MESSAGES],
  );
  for (const b of batches) {
    t.deepEqual(
      b.map((m) => m.flags),
      b.map((_, i) => (i === b.length - 1 ? 0x5 : 0x1)),
    );
    t.deepEqual(
      b.map((m) => m.seq - (b[0]?.seq ?? 0)),
      b.map((_, i) => i),
    );
  }
});

test('a refused op is a named error with errno and object; the others succeed', async (t) => {
  const socket = socketWith((sent) => [
    errorReply(sent[1]?.seq ?? 0, 17),
    errorReply(sent.at(-1)?.seq ?? 0, 0),
  ]);
  const kernel = await open(socket);
  const results = await kernel.apply([addDest(1), addDest(2), addDest(3)]);
  t.deepEqual(
    results.map((r) => r.ok),
    [true, false, true],
  );
  const failed = results[1];
  if (failed === undefined || failed.ok) return t.fail();
  t.is(failed.error.name, 'IpvsExistsError');
  t.is(failed.error.errno, 17);
  t.is(failed.error.code, 'EEXIST');
  t.is(failed.error.operation, 'add-dest');
  t.is(failed.error.object, 'tcp 192.0.2.10:80 -> 10.0.0.2:80');
  t.is(failed.error.message, 'add-dest tcp 192.0.2.10:80 -> 10.0.0.2:80: EEXIST');
});

test('lost replies make every op of the batch an unknown outcome', async (t) => {
  const holder: { socket?: ScriptedSocket } = {};
  const socket = socketWith(() => {
    setImmediate(() => holder.socket?.raiseError(105, 'ENOBUFS'));
    return [];
  });
  holder.socket = socket;
  const kernel = await open(socket);
  const results = await kernel.apply([addDest(1), addDest(2)]);
  t.deepEqual(
    results.map((r) => (r.ok ? 'ok' : r.error.name)),
    ['IpvsUnknownOutcomeError', 'IpvsUnknownOutcomeError'],
  );
});

test('dumps decode the kernel replies', async (t) => {
  const socket = socketWith((sent) => {
    const m = sent[0];
    const cmd = m?.payload[0];
    const name =
      cmd === 4
        ? 'services'
        : cmd === 8
          ? 'destinations tcp 192.0.2.10:80'
          : cmd === 11
            ? 'daemons'
            : cmd === 15
              ? 'info'
              : 'timeouts';
    return renumbered(name, m?.seq ?? 0);
  });
  const kernel = await open(socket);
  const services = await kernel.services();
  t.true(services.ok);
  t.is(services.ok ? services.value.length : 0, 5);
  const dests = await kernel.destinations(key);
  t.deepEqual(dests.ok ? dests.value.map((d) => d.address) : [], ['10.0.0.3', '10.0.0.1']);
  const daemons = await kernel.daemons();
  t.deepEqual(daemons.ok ? daemons.value.map((d) => d.state) : [], ['master', 'backup']);
  t.deepEqual(await kernel.info(), { ok: true, value: { version: '1.2.1', connTableSize: 4096 } });
  t.deepEqual(await kernel.timeouts(), { ok: true, value: { tcpS: 901, tcpFinS: 121, udpS: 301 } });
});

test('a refused read is a named error value', async (t) => {
  const socket = socketWith((sent) => [errorReply(sent[0]?.seq ?? 0, 1)]);
  const kernel = await open(socket);
  const r = await kernel.info();
  t.false(r.ok);
  if (!r.ok) t.is(r.error.name, 'IpvsPermissionError');
});

test('an undecodable reply is an error value, not an exception', async (t) => {
  const socket = socketWith((sent) => {
    const seq = sent[0]?.seq ?? 0;
    const [good] = renumbered('info', seq);
    const bad = (good ?? new Uint8Array()).slice(0, 28);
    new DataView(bad.buffer).setUint32(0, 28, true);
    return [bad];
  });
  const kernel = await open(socket);
  const r = await kernel.info();
  t.false(r.ok);
  if (!r.ok) t.regex(r.error.message, /undecodable reply/);
});
