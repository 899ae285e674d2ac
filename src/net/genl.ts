// A generic-netlink (NETLINK_GENERIC) datagram socket over the npm `netlink` package: the only file
// of the IPVS side that imports it (rtnetlink.ts wraps it for addresses and links). Datagrams are
// whole batches of messages built by our own codec (src/ipvs/codec/), so only the package's raw
// socket is used: its request helpers send one message at a time and drop the errno of a refusal.
import netlink from 'netlink';

const NETLINK_GENERIC = 16;
/** Asked for; the kernel doubles it and caps it at net.core.rmem_max. Replies to a batch are errors only. */
const RECV_BUFFER_BYTES = 1 << 20;

export interface DatagramSocket {
  send(datagram: Uint8Array): Promise<void>;
  /** Keeps the process alive while replies are awaited (true), or lets it exit (false). */
  hold(active: boolean): void;
  onDatagram(listener: (datagram: Uint8Array) => void): void;
  /** Socket errors (ENOBUFS when replies were lost): errno and its code. */
  onError(listener: (errno: number, code: string) => void): void;
  close(): void;
}

export class GenlSocketError extends Error {
  override name = 'GenlSocketError';
  constructor(
    message: string,
    readonly errno: number,
    readonly code: string,
  ) {
    super(message);
  }
}

interface ErrnoLike {
  errno?: number;
  code?: string;
  message?: string;
}

function errnoOf(error: unknown): { errno: number; code: string; message: string } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrnoLike;
  const errno = typeof e.errno === 'number' ? Math.abs(e.errno) : 0;
  return { errno, code: e.code ?? 'EUNKNOWN', message: e.message ?? String(error) };
}

/** Opens a NETLINK_GENERIC socket; throws GenlSocketError when the kernel refuses one. */
export function openGenlSocket(): DatagramSocket {
  let raw: InstanceType<typeof netlink.RawNetlinkSocket>;
  try {
    raw = new netlink.RawNetlinkSocket(NETLINK_GENERIC, {
      recvBufferSize: RECV_BUFFER_BYTES,
      sendBufferSize: RECV_BUFFER_BYTES,
    });
  } catch (error) {
    const e = errnoOf(error);
    throw new GenlSocketError(`cannot open a generic-netlink socket: ${e.message}`, e.errno, e.code);
  }
  raw.unref();
  return {
    send(datagram) {
      return new Promise((resolve, reject) => {
        raw.send(datagram, {}, (error) => {
          if (error === undefined) return resolve();
          const e = errnoOf(error);
          reject(new GenlSocketError(`netlink send failed: ${e.message}`, e.errno, e.code));
        });
      });
    },
    hold(active) {
      if (active) raw.ref();
      else raw.unref();
    },
    onDatagram(listener) {
      raw.on('message', (msg: Buffer) =>
        listener(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength)),
      );
    },
    onError(listener) {
      raw.on('error', (error: unknown) => {
        const e = errnoOf(error);
        listener(e.errno, e.code);
      });
    },
    close() {
      raw.close();
    },
  };
}
