// Netlink framing: splitting a received datagram into messages, reading error/ack and done
// messages, and the generic-netlink controller's family lookup (CTRL_CMD_GETFAMILY).
import {
  ByteWriter,
  GENL_HEADER_LENGTH,
  NLMSG_HEADER_LENGTH,
  NetlinkDecodeError,
  getU16,
  parseAttrs,
  readS32,
  readU16,
  readU32,
} from './bytes.js';

export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;

export const NLM_F_REQUEST = 0x1;
export const NLM_F_MULTI = 0x2;
export const NLM_F_ACK = 0x4;
export const NLM_F_DUMP = 0x300;

export const GENL_ID_CTRL = 0x10;
const CTRL_CMD_GETFAMILY = 3;
const CTRL_VERSION = 2;
const CTRL_ATTR_FAMILY_ID = 1;
const CTRL_ATTR_FAMILY_NAME = 2;

export interface NetlinkMessage {
  type: number;
  flags: number;
  seq: number;
  port: number;
  /** Everything after the 16-byte header. */
  payload: Uint8Array;
}

/** The messages of one datagram, in order. */
export function splitMessages(datagram: Uint8Array): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  let at = 0;
  while (at < datagram.length) {
    if (datagram.length - at < NLMSG_HEADER_LENGTH)
      throw new NetlinkDecodeError(`message header truncated at byte ${at}`);
    const length = readU32(datagram, at);
    if (length < NLMSG_HEADER_LENGTH || at + length > datagram.length)
      throw new NetlinkDecodeError(
        `message at byte ${at} has length ${length}, ${datagram.length - at} left`,
      );
    out.push({
      type: readU16(datagram, at + 4),
      flags: readU16(datagram, at + 6),
      seq: readU32(datagram, at + 8),
      port: readU32(datagram, at + 12),
      payload: datagram.subarray(at + NLMSG_HEADER_LENGTH, at + length),
    });
    at += (length + 3) & ~3;
  }
  return out;
}

/** An NLMSG_ERROR: errno 0 is an acknowledgement; seq is the request's (from the echoed header). */
export function parseError(message: NetlinkMessage): { errno: number; seq: number } {
  if (message.payload.length < 4) throw new NetlinkDecodeError('error message truncated');
  const error = readS32(message.payload, 0);
  const seq = message.payload.length >= 4 + NLMSG_HEADER_LENGTH ? readU32(message.payload, 12) : message.seq;
  return { errno: error === 0 ? 0 : -error, seq };
}

/** NLMSG_DONE carries the dump's status (0, or a negative errno). */
export function parseDone(message: NetlinkMessage): number {
  const status = message.payload.length >= 4 ? readS32(message.payload, 0) : 0;
  return status === 0 ? 0 : -status;
}

/** The generic-netlink command of a message and the offset of its attributes. */
export function genlCommand(message: NetlinkMessage): number {
  if (message.payload.length < GENL_HEADER_LENGTH)
    throw new NetlinkDecodeError('generic-netlink header truncated');
  return message.payload[0] ?? 0;
}

export function genlAttrs(message: NetlinkMessage): ReturnType<typeof parseAttrs> {
  genlCommand(message);
  return parseAttrs(message.payload, GENL_HEADER_LENGTH);
}

/** CTRL_CMD_GETFAMILY for a family name (request, no ack: the reply or an error answers it). */
export function encodeGetFamily(w: ByteWriter, name: string, seq: number): void {
  const m = w.beginMessage(GENL_ID_CTRL, NLM_F_REQUEST, seq, CTRL_CMD_GETFAMILY, CTRL_VERSION);
  w.attrString(CTRL_ATTR_FAMILY_NAME, name);
  w.endMessage(m);
}

/** The family id from a CTRL_CMD_NEWFAMILY reply. */
export function decodeFamilyId(message: NetlinkMessage): number {
  return getU16(genlAttrs(message), CTRL_ATTR_FAMILY_ID, 'CTRL_ATTR_FAMILY_ID');
}
