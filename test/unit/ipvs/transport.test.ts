// The exchange layer over a scripted socket: batches settle on the last message's ack and collect
// failures by sequence number; dumps span datagrams until NLMSG_DONE; stale and foreign replies are
// ignored; lost replies and socket errors fail the exchange as unknown outcomes.
import test from 'ava';
import { NetlinkExchangeError, NetlinkTransport } from '../../../src/ipvs/transport.js';
import { ScriptedSocket, concat, dataReply, doneReply, errorReply } from './fake-socket.js';

test('a batch settles on the ack of its last message and maps failures to their seq', async (t) => {
  const socket = new ScriptedSocket((sent) => {
    const seqs = sent.map((m) => m.seq);
    return [concat(errorReply(seqs[1] ?? 0, 17), errorReply(seqs[3] ?? 0, 2)), errorReply(seqs[4] ?? 0, 0)];
  });
  const transport = new NetlinkTransport(socket);
  const first = transport.reserve(5);
  const batch = concat(...[0, 1, 2, 3, 4].map((i) => dataReply(first + i, 0x20, 1)));
  const reply = await transport.batch(batch, first, first + 4);
  t.deepEqual(
    [...reply.errors],
    [
      [first + 1, 17],
      [first + 3, 2],
    ],
  );
  t.false(socket.held, 'the socket no longer keeps the process alive');
});

test('a failing last message is its own ack', async (t) => {
  const socket = new ScriptedSocket((sent) => [errorReply(sent.at(-1)?.seq ?? 0, 22)]);
  const transport = new NetlinkTransport(socket);
  const first = transport.reserve(2);
  const reply = await transport.batch(
    concat(dataReply(first, 0x20, 1), dataReply(first + 1, 0x20, 1)),
    first,
    first + 1,
  );
  t.deepEqual([...reply.errors], [[first + 1, 22]]);
});

test('replies to other sequence numbers are ignored', async (t) => {
  const socket = new ScriptedSocket((sent) => {
    const seq = sent[0]?.seq ?? 0;
    return [errorReply(seq + 1000, 17), errorReply(seq - 1, 0), errorReply(seq, 0)];
  });
  const transport = new NetlinkTransport(socket);
  const seq = transport.reserve(1);
  const reply = await transport.batch(dataReply(seq, 0x20, 1), seq, seq);
  t.is(reply.errors.size, 0);
});

test('a dump collects messages across datagrams until NLMSG_DONE', async (t) => {
  const socket = new ScriptedSocket((sent) => {
    const seq = sent[0]?.seq ?? 0;
    return [
      concat(dataReply(seq, 0x20, 1, new Uint8Array([8, 0, 1, 0, 1, 0, 0, 0])), dataReply(seq, 0x20, 1)),
      concat(dataReply(seq, 0x20, 1), doneReply(seq)),
    ];
  });
  const transport = new NetlinkTransport(socket);
  const seq = transport.reserve(1);
  const messages = await transport.dump(dataReply(seq, 0x20, 4), seq);
  t.is(messages.length, 3);
  t.deepEqual([...(messages[0]?.payload ?? [])], [1, 1, 0, 0, 8, 0, 1, 0, 1, 0, 0, 0]);
});

test('a refused dump rejects with the errno', async (t) => {
  const socket = new ScriptedSocket((sent) => [doneReply(sent[0]?.seq ?? 0, 1)]);
  const transport = new NetlinkTransport(socket);
  const seq = transport.reserve(1);
  const error = await t.throwsAsync(transport.dump(dataReply(seq, 0x20, 4), seq), {
    instanceOf: NetlinkExchangeError,
  });
  t.is(error?.errno, 1);
  t.true(error?.refused);
});

test('a request with a single reply resolves with it; an error rejects', async (t) => {
  let refuse = false;
  const socket = new ScriptedSocket((sent) => {
    const seq = sent[0]?.seq ?? 0;
    return refuse ? [errorReply(seq, 2)] : [dataReply(seq, 0x10, 1, new Uint8Array(), false)];
  });
  const transport = new NetlinkTransport(socket);
  const seq = transport.reserve(1);
  const reply = await transport.reply(dataReply(seq, 0x10, 3), seq);
  t.is(reply.seq, seq);
  refuse = true;
  const seq2 = transport.reserve(1);
  const error = await t.throwsAsync(transport.reply(dataReply(seq2, 0x10, 3), seq2), {
    instanceOf: NetlinkExchangeError,
  });
  t.is(error?.errno, 2);
});

test('no reply within the timeout fails with an unknown outcome; the next exchange still works', async (t) => {
  let silent = true;
  const socket = new ScriptedSocket((sent) => (silent ? [] : [errorReply(sent[0]?.seq ?? 0, 0)]));
  const transport = new NetlinkTransport(socket, 50);
  const seq = transport.reserve(1);
  const error = await t.throwsAsync(transport.batch(dataReply(seq, 0x20, 1), seq, seq), {
    instanceOf: NetlinkExchangeError,
  });
  t.false(error?.refused);
  t.is(error?.errno, 0);
  silent = false;
  const seq2 = transport.reserve(1);
  t.is((await transport.batch(dataReply(seq2, 0x20, 1), seq2, seq2)).errors.size, 0);
});

test('a socket error (replies lost) fails the exchange under way', async (t) => {
  const socket = new ScriptedSocket(() => []);
  const transport = new NetlinkTransport(socket);
  const seq = transport.reserve(1);
  const pending = transport.batch(dataReply(seq, 0x20, 1), seq, seq);
  setImmediate(() => socket.raiseError(105, 'ENOBUFS'));
  const error = await t.throwsAsync(pending, { instanceOf: NetlinkExchangeError });
  t.is(error?.errno, 105);
  t.false(error?.refused);
});

test('exchanges run one at a time, in order', async (t) => {
  const order: number[] = [];
  const socket = new ScriptedSocket((sent) => {
    order.push(sent[0]?.seq ?? 0);
    return [errorReply(sent[0]?.seq ?? 0, 0)];
  });
  const transport = new NetlinkTransport(socket);
  const seqs = [transport.reserve(1), transport.reserve(1), transport.reserve(1)];
  await Promise.all(seqs.map((s) => transport.batch(dataReply(s, 0x20, 1), s, s)));
  t.deepEqual(order, seqs);
  t.is(socket.sent.length, 3);
});

test('a garbled reply fails the exchange instead of throwing', async (t) => {
  const socket = new ScriptedSocket(() => [new Uint8Array([1, 2, 3])]);
  const transport = new NetlinkTransport(socket);
  const seq = transport.reserve(1);
  await t.throwsAsync(transport.batch(dataReply(seq, 0x20, 1), seq, seq), { message: /bad reply/ });
});
