// A scripted DatagramSocket: each sent datagram goes to a responder that returns the reply
// datagrams, delivered asynchronously as a kernel would; plus builders of kernel replies.
import type { DatagramSocket } from '../../../src/net/genl.js';
import { ByteWriter } from '../../../src/ipvs/codec/bytes.js';
import {
  NLMSG_DONE,
  NLMSG_ERROR,
  splitMessages,
  type NetlinkMessage,
} from '../../../src/ipvs/codec/netlink.js';

export type Responder = (sent: NetlinkMessage[], datagram: Uint8Array) => Uint8Array[];

export class ScriptedSocket implements DatagramSocket {
  readonly sent: Uint8Array[] = [];
  held = false;
  closed = false;
  private datagramListener: (d: Uint8Array) => void = () => undefined;
  private errorListener: (errno: number, code: string) => void = () => undefined;

  constructor(public responder: Responder) {}

  async send(datagram: Uint8Array): Promise<void> {
    this.sent.push(datagram.slice());
    const replies = this.responder(splitMessages(datagram), datagram);
    setImmediate(() => replies.forEach((r) => this.datagramListener(r)));
  }

  hold(active: boolean): void {
    this.held = active;
  }

  onDatagram(listener: (d: Uint8Array) => void): void {
    this.datagramListener = listener;
  }

  onError(listener: (errno: number, code: string) => void): void {
    this.errorListener = listener;
  }

  /** As the kernel reports a lost reply (ENOBUFS). */
  raiseError(errno: number, code: string): void {
    this.errorListener(errno, code);
  }

  close(): void {
    this.closed = true;
  }
}

/** An NLMSG_ERROR answering seq (errno 0: an ack). */
export function errorReply(seq: number, errno: number): Uint8Array {
  const w = new ByteWriter(64);
  w.u32(36);
  w.u16(NLMSG_ERROR);
  w.u16(errno === 0 ? 0x100 : 0);
  w.u32(seq);
  w.u32(1234);
  w.u32(-errno >>> 0);
  w.u32(16); // the request's header, echoed
  w.u16(0x20);
  w.u16(5);
  w.u32(seq);
  w.u32(0);
  return w.finish();
}

export function doneReply(seq: number, status = 0): Uint8Array {
  const w = new ByteWriter(32);
  w.u32(20);
  w.u16(NLMSG_DONE);
  w.u16(2);
  w.u32(seq);
  w.u32(1234);
  w.u32(-status >>> 0);
  return w.finish();
}

/** A data message (dump part or reply) with a given genl command and raw attribute bytes. */
export function dataReply(
  seq: number,
  type: number,
  cmd: number,
  attrs: Uint8Array = new Uint8Array(),
  multi = true,
): Uint8Array {
  const w = new ByteWriter(64);
  const m = w.beginMessage(type, multi ? 2 : 0, seq, cmd, 1);
  w.bytes(attrs);
  w.endMessage(m);
  return w.finish();
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
