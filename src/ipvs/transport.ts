// Requests and their replies over a generic-netlink datagram socket, one exchange at a time:
// a batch (many messages, the last one acknowledged; the kernel answers failures and that ack), a
// dump (messages until NLMSG_DONE) or a single reply.
import type { DatagramSocket } from '../net/genl.js';
import { NetlinkDecodeError } from './codec/bytes.js';
import {
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
  parseDone,
  parseError,
  splitMessages,
  type NetlinkMessage,
} from './codec/netlink.js';

/** The exchange failed as a whole: the kernel refused it (errno), a reply was lost or never came. */
export class NetlinkExchangeError extends Error {
  override name = 'NetlinkExchangeError';
  constructor(
    message: string,
    /** The kernel's errno when it refused the request; 0 when the outcome is unknown. */
    readonly errno: number,
    readonly refused: boolean,
  ) {
    super(message);
  }
}

interface Exchange {
  firstSeq: number;
  lastSeq: number;
  kind: 'batch' | 'dump' | 'reply';
  messages: NetlinkMessage[];
  errors: Map<number, number>;
  resolve: (value: { messages: NetlinkMessage[]; errors: Map<number, number> }) => void;
  reject: (error: Error) => void;
}

export interface BatchReply {
  /** errno by seq, for each message the kernel refused. */
  errors: Map<number, number>;
}

export class NetlinkTransport {
  private seq = 1;
  private current: Exchange | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly socket: DatagramSocket,
    private readonly timeoutMs = 30_000,
  ) {
    socket.onDatagram((d) => this.receive(d));
    socket.onError((errno, code) =>
      this.fail(new NetlinkExchangeError(`netlink socket error ${code}`, errno, false)),
    );
  }

  /** Reserves count consecutive sequence numbers; returns the first. */
  reserve(count: number): number {
    if (this.seq + count >= 0xffffffff) this.seq = 1;
    const first = this.seq;
    this.seq += count;
    return first;
  }

  batch(datagram: Uint8Array, firstSeq: number, lastSeq: number): Promise<BatchReply> {
    return this.run(datagram, firstSeq, lastSeq, 'batch').then((r) => ({ errors: r.errors }));
  }

  dump(datagram: Uint8Array, seq: number): Promise<NetlinkMessage[]> {
    return this.run(datagram, seq, seq, 'dump').then((r) => r.messages);
  }

  async reply(datagram: Uint8Array, seq: number): Promise<NetlinkMessage> {
    const r = await this.run(datagram, seq, seq, 'reply');
    const first = r.messages[0];
    if (first === undefined) throw new NetlinkExchangeError('no reply', 0, false);
    return first;
  }

  close(): void {
    this.fail(new NetlinkExchangeError('socket closed', 0, false));
    this.socket.close();
  }

  private run(datagram: Uint8Array, firstSeq: number, lastSeq: number, kind: Exchange['kind']) {
    const next = this.queue.then(() => this.exchange(datagram, firstSeq, lastSeq, kind));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private exchange(datagram: Uint8Array, firstSeq: number, lastSeq: number, kind: Exchange['kind']) {
    return new Promise<{ messages: NetlinkMessage[]; errors: Map<number, number> }>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new NetlinkExchangeError(`no reply within ${this.timeoutMs} ms`, 0, false)),
        this.timeoutMs,
      );
      const done = () => {
        clearTimeout(timer);
        this.current = null;
        this.socket.hold(false);
      };
      this.current = {
        firstSeq,
        lastSeq,
        kind,
        messages: [],
        errors: new Map(),
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
      };
      this.socket.hold(true);
      this.socket
        .send(datagram)
        .catch((e: Error & { errno?: number }) =>
          this.fail(new NetlinkExchangeError(e.message, e.errno ?? 0, true)),
        );
    });
  }

  private fail(error: Error): void {
    this.current?.reject(error);
  }

  private receive(datagram: Uint8Array): void {
    const x = this.current;
    if (x === null) return;
    let messages: NetlinkMessage[];
    try {
      messages = splitMessages(datagram);
    } catch (e) {
      return this.fail(new NetlinkExchangeError(`bad reply: ${(e as NetlinkDecodeError).message}`, 0, false));
    }
    for (const m of messages) {
      if (this.current !== x) return;
      try {
        this.handle(x, m);
      } catch (e) {
        this.fail(new NetlinkExchangeError(`bad reply: ${(e as Error).message}`, 0, false));
      }
    }
  }

  private handle(x: Exchange, m: NetlinkMessage): void {
    if (m.type === NLMSG_NOOP) return;
    if (m.type === NLMSG_OVERRUN) throw new NetlinkDecodeError('overrun');
    if (m.type === NLMSG_ERROR) {
      const { errno, seq } = parseError(m);
      if (seq < x.firstSeq || seq > x.lastSeq) return;
      if (x.kind !== 'batch') {
        if (errno === 0 && x.kind === 'reply' && x.messages.length > 0) return x.resolve(x);
        return x.reject(new NetlinkExchangeError(`refused: errno ${errno}`, errno, true));
      }
      if (errno !== 0) x.errors.set(seq, errno);
      if (seq === x.lastSeq) x.resolve(x);
      return;
    }
    if (m.seq < x.firstSeq || m.seq > x.lastSeq) return;
    if (m.type === NLMSG_DONE) {
      const errno = parseDone(m);
      if (errno !== 0) return x.reject(new NetlinkExchangeError(`dump refused: errno ${errno}`, errno, true));
      return x.resolve(x);
    }
    x.messages.push(m);
    if (x.kind === 'reply') x.resolve(x);
  }
}
