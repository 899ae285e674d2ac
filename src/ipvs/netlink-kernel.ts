// The real IPVS adapter: the "IPVS" generic-netlink family over a NETLINK_GENERIC socket. Changes go
// in batches of many messages per datagram; only the last asks for an acknowledgement, so the kernel
// answers a batch with its failures (each naming its message by sequence number) and one ack.
import { openGenlSocket, type DatagramSocket } from '../net/genl.js';
import { ByteWriter, NetlinkDecodeError } from './codec/bytes.js';
import { IPVS_GENL_NAME } from './codec/constants.js';
import {
  decodeDaemon,
  decodeDestination,
  decodeInfo,
  decodeService,
  decodeTimeouts,
} from './codec/decode.js';
import { encodeOp, encodeQuery, type IpvsQuery } from './codec/encode.js';
import { NLM_F_ACK, decodeFamilyId, encodeGetFamily, type NetlinkMessage } from './codec/netlink.js';
import { IpvsError, IpvsUnavailableError, IpvsUnknownOutcomeError, ipvsErrorFor } from './errors.js';
import type { IpvsKernel, KernelResult } from './kernel.js';
import { serviceId, type ServiceKey } from './model.js';
import { OK, describeOp, type IpvsOp, type OpResult } from './ops.js';
import { NetlinkExchangeError, NetlinkTransport } from './transport.js';

const ENOENT = 2;
/** Messages per batch: the failures of a whole batch must fit the receive buffer. */
export const BATCH_MESSAGES = 256;
const BATCH_BYTES = 96 * 1024;

export class NetlinkIpvsKernel implements IpvsKernel {
  private readonly writer = new ByteWriter(BATCH_BYTES + 4096);

  private constructor(
    private readonly transport: NetlinkTransport,
    readonly familyId: number,
  ) {}

  /** Opens the socket and finds the IPVS family; IpvsUnavailableError when this kernel has none. */
  static async open(socket?: DatagramSocket): Promise<KernelResult<NetlinkIpvsKernel>> {
    let s: DatagramSocket;
    try {
      s = socket ?? openGenlSocket();
    } catch (e) {
      const errno = (e as { errno?: number }).errno ?? 0;
      return {
        ok: false,
        error: new IpvsUnavailableError('open', 'generic netlink', errno, (e as Error).message),
      };
    }
    const transport = new NetlinkTransport(s);
    const w = new ByteWriter(64);
    const seq = transport.reserve(1);
    encodeGetFamily(w, IPVS_GENL_NAME, seq);
    try {
      const reply = await transport.reply(w.finish(), seq);
      return { ok: true, value: new NetlinkIpvsKernel(transport, decodeFamilyId(reply)) };
    } catch (e) {
      transport.close();
      const errno = e instanceof NetlinkExchangeError ? e.errno : 0;
      const detail =
        errno === ENOENT ? 'no "IPVS" generic-netlink family: this kernel has no IPVS' : String(e);
      return { ok: false, error: new IpvsUnavailableError('open', 'IPVS family', errno, detail) };
    }
  }

  info() {
    return this.one({ query: 'info' }, 'get-info', 'IPVS', decodeInfo);
  }

  timeouts() {
    return this.one({ query: 'timeouts' }, 'get-timeouts', 'timeouts', decodeTimeouts);
  }

  services() {
    return this.many({ query: 'services' }, 'dump-services', 'services', decodeService);
  }

  destinations(service: ServiceKey) {
    return this.many({ query: 'destinations', service }, 'dump-destinations', serviceId(service), (m) =>
      decodeDestination(m, service.family),
    );
  }

  daemons() {
    return this.many({ query: 'daemons' }, 'dump-daemons', 'sync daemons', decodeDaemon);
  }

  async apply(ops: readonly IpvsOp[]): Promise<OpResult[]> {
    const results: OpResult[] = [];
    const w = this.writer;
    let start = 0;
    while (start < ops.length) {
      w.reset();
      const first = this.transport.reserve(BATCH_MESSAGES);
      let n = 0;
      let lastAt = 0;
      while (start + n < ops.length && n < BATCH_MESSAGES && w.length < BATCH_BYTES) {
        lastAt = w.length;
        encodeOp(w, ops[start + n] as IpvsOp, this.familyId, first + n);
        n++;
      }
      w.addMessageFlags(lastAt, NLM_F_ACK);
      results.push(...(await this.sendBatch(ops.slice(start, start + n), first)));
      start += n;
    }
    return results;
  }

  close(): void {
    this.transport.close();
  }

  private async sendBatch(batch: readonly IpvsOp[], first: number): Promise<OpResult[]> {
    try {
      const { errors } = await this.transport.batch(this.writer.finish(), first, first + batch.length - 1);
      return batch.map((op, i) => {
        const errno = errors.get(first + i);
        return errno === undefined ? OK : { ok: false, error: ipvsErrorFor(op.op, describeOp(op), errno) };
      });
    } catch (e) {
      const x = e instanceof NetlinkExchangeError ? e : new NetlinkExchangeError(String(e), 0, false);
      return batch.map((op) => ({
        ok: false,
        error: x.refused
          ? ipvsErrorFor(op.op, describeOp(op), x.errno)
          : new IpvsUnknownOutcomeError(op.op, describeOp(op), x.errno, x.message),
      }));
    }
  }

  private async one<T>(q: IpvsQuery, operation: string, object: string, decode: (m: NetlinkMessage) => T) {
    const r = await this.query(q, operation, object, (w, seq) =>
      this.transport.reply(w, seq).then((m) => [m]),
    );
    if (!r.ok) return r;
    return this.decodeAll(r.value, operation, object, decode).then((v) =>
      v.ok ? { ok: true as const, value: v.value[0] as T } : v,
    );
  }

  private async many<T>(q: IpvsQuery, operation: string, object: string, decode: (m: NetlinkMessage) => T) {
    const r = await this.query(q, operation, object, (w, seq) => this.transport.dump(w, seq));
    return r.ok ? this.decodeAll(r.value, operation, object, decode) : r;
  }

  private async query(
    q: IpvsQuery,
    operation: string,
    object: string,
    exchange: (datagram: Uint8Array, seq: number) => Promise<NetlinkMessage[]>,
  ): Promise<KernelResult<NetlinkMessage[]>> {
    const w = new ByteWriter(128);
    const seq = this.transport.reserve(1);
    encodeQuery(w, q, this.familyId, seq);
    try {
      return { ok: true, value: await exchange(w.finish(), seq) };
    } catch (e) {
      const x = e instanceof NetlinkExchangeError ? e : new NetlinkExchangeError(String(e), 0, false);
      const error = x.refused
        ? ipvsErrorFor(operation, object, x.errno)
        : new IpvsUnknownOutcomeError(operation, object, x.errno, x.message);
      return { ok: false, error };
    }
  }

  private async decodeAll<T>(
    messages: NetlinkMessage[],
    operation: string,
    object: string,
    decode: (m: NetlinkMessage) => T,
  ): Promise<KernelResult<T[]>> {
    try {
      return { ok: true, value: messages.map(decode) };
    } catch (e) {
      if (!(e instanceof NetlinkDecodeError)) throw e;
      return { ok: false, error: new IpvsError(operation, object, 0, `undecodable reply: ${e.message}`) };
    }
  }
}
