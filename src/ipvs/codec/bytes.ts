// Writing and reading netlink's building blocks: messages (nlmsghdr + genlmsghdr) and attributes
// (length, type, value, padded to 4 bytes), nested or not. Netlink integers are in host byte order
// (little-endian on the machines lvsd runs on); ports and IPv4 masks are big-endian by IPVS's choice.
export const NLA_F_NESTED = 0x8000;
const NLA_TYPE_MASK = 0x3fff;
export const NLMSG_HEADER_LENGTH = 16;
export const GENL_HEADER_LENGTH = 4;
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class NetlinkDecodeError extends Error {
  override name = 'NetlinkDecodeError';
}

/** A growable buffer that netlink messages are written into, many per buffer (a batch). */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialBytes = 4096) {
    this.buf = new Uint8Array(initialBytes);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(more: number): void {
    if (this.length + more <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + more) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(value: number): void {
    this.ensure(1);
    this.buf[this.length++] = value & 0xff;
  }

  u16(value: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, value, HOST_LE);
    this.length += 2;
  }

  u16be(value: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, value, false);
    this.length += 2;
  }

  u32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, value >>> 0, HOST_LE);
    this.length += 4;
  }

  u32be(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, value >>> 0, false);
    this.length += 4;
  }

  bytes(value: Uint8Array): void {
    this.ensure(value.length);
    this.buf.set(value, this.length);
    this.length += value.length;
  }

  /** A NUL-terminated ASCII string. */
  cstring(value: string): void {
    this.ensure(value.length + 1);
    for (let i = 0; i < value.length; i++) this.buf[this.length++] = value.charCodeAt(i) & 0x7f;
    this.buf[this.length++] = 0;
  }

  pad4(): void {
    const pad = (4 - (this.length & 3)) & 3;
    this.ensure(pad);
    this.buf.fill(0, this.length, this.length + pad);
    this.length += pad;
  }

  /** Starts a netlink message with its generic-netlink header; returns its offset for endMessage. */
  beginMessage(type: number, flags: number, seq: number, cmd: number, version: number): number {
    const at = this.length;
    this.u32(0);
    this.u16(type);
    this.u16(flags);
    this.u32(seq);
    this.u32(0); // port: the kernel answers the sending socket whatever this says
    this.u8(cmd);
    this.u8(version);
    this.u16(0);
    return at;
  }

  endMessage(at: number): void {
    this.view.setUint32(at, this.length - at, HOST_LE);
  }

  /** Sets more flags on the message written at offset at (the ack request of a batch's last message). */
  addMessageFlags(at: number, flags: number): void {
    this.view.setUint16(at + 6, this.view.getUint16(at + 6, HOST_LE) | flags, HOST_LE);
  }

  /** Starts an attribute; endAttr writes its length and pads. */
  beginAttr(type: number, nested = false): number {
    const at = this.length;
    this.u16(0);
    this.u16(nested ? type | NLA_F_NESTED : type);
    return at;
  }

  endAttr(at: number): void {
    this.view.setUint16(at, this.length - at, HOST_LE);
    this.pad4();
  }

  attrU8(type: number, value: number): void {
    const at = this.beginAttr(type);
    this.u8(value);
    this.endAttr(at);
  }

  attrU16(type: number, value: number): void {
    const at = this.beginAttr(type);
    this.u16(value);
    this.endAttr(at);
  }

  attrU16be(type: number, value: number): void {
    const at = this.beginAttr(type);
    this.u16be(value);
    this.endAttr(at);
  }

  attrU32(type: number, value: number): void {
    const at = this.beginAttr(type);
    this.u32(value);
    this.endAttr(at);
  }

  attrU32be(type: number, value: number): void {
    const at = this.beginAttr(type);
    this.u32be(value);
    this.endAttr(at);
  }

  attrBytes(type: number, value: Uint8Array): void {
    const at = this.beginAttr(type);
    this.bytes(value);
    this.endAttr(at);
  }

  attrString(type: number, value: string): void {
    const at = this.beginAttr(type);
    this.cstring(value);
    this.endAttr(at);
  }

  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}

/** Attributes by type (the last one wins, as in the kernel); values are views into the message. */
export type Attrs = Map<number, Uint8Array>;

export function parseAttrs(bytes: Uint8Array, start = 0, end = bytes.length): Attrs {
  const attrs: Attrs = new Map();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  while (at < end) {
    if (end - at < 4) throw new NetlinkDecodeError(`attribute header truncated at byte ${at}`);
    const length = view.getUint16(at, HOST_LE);
    const type = view.getUint16(at + 2, HOST_LE) & NLA_TYPE_MASK;
    if (length < 4 || at + length > end)
      throw new NetlinkDecodeError(`attribute ${type} at byte ${at} has length ${length}, ${end - at} left`);
    attrs.set(type, bytes.subarray(at + 4, at + length));
    at += (length + 3) & ~3;
  }
  return attrs;
}

function need(value: Uint8Array | undefined, bytes: number, what: string): Uint8Array {
  if (value === undefined) throw new NetlinkDecodeError(`${what} is missing`);
  if (value.length < bytes) throw new NetlinkDecodeError(`${what} has ${value.length} bytes, needs ${bytes}`);
  return value;
}

function viewOf(value: Uint8Array): DataView {
  return new DataView(value.buffer, value.byteOffset, value.byteLength);
}

export function getU8(attrs: Attrs, type: number, what: string): number {
  return need(attrs.get(type), 1, what)[0] ?? 0;
}

export function getU16(attrs: Attrs, type: number, what: string): number {
  return viewOf(need(attrs.get(type), 2, what)).getUint16(0, HOST_LE);
}

export function getU16be(attrs: Attrs, type: number, what: string): number {
  return viewOf(need(attrs.get(type), 2, what)).getUint16(0, false);
}

export function getU32(attrs: Attrs, type: number, what: string): number {
  return viewOf(need(attrs.get(type), 4, what)).getUint32(0, HOST_LE);
}

export function getU32be(attrs: Attrs, type: number, what: string): number {
  return viewOf(need(attrs.get(type), 4, what)).getUint32(0, false);
}

/** A u64 as a number (exact below 2^53, which counters do not reach). */
export function getU64(attrs: Attrs, type: number, what: string): number {
  return Number(viewOf(need(attrs.get(type), 8, what)).getBigUint64(0, HOST_LE));
}

export function getString(attrs: Attrs, type: number, what: string): string {
  const value = need(attrs.get(type), 0, what);
  const nul = value.indexOf(0);
  return String.fromCharCode(...value.subarray(0, nul === -1 ? value.length : nul));
}

export function getNested(attrs: Attrs, type: number, what: string): Attrs {
  const value = need(attrs.get(type), 0, what);
  return parseAttrs(value);
}

/** u32 in host order at offset; for message headers. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, HOST_LE);
}

export function readU16(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(offset, HOST_LE);
}

export function readS32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(offset, HOST_LE);
}
