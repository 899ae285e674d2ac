// IPVS operations as generic-netlink messages: one message per operation, written into a ByteWriter
// so that a batch is many messages in one datagram.
import { parseIpInto, type IpFamily } from '../../lib/ip.js';
import type { IpvsOp } from '../ops.js';
import type { DestKey, Destination, Service, ServiceKey, SyncDaemon } from '../model.js';
import type { ByteWriter } from './bytes.js';
import {
  AF_INET,
  AF_INET6,
  CMD,
  CMD_ATTR,
  DAEMON_ATTR,
  DAEMON_STATE,
  DEST_ATTR,
  FORWARDING_CODES,
  IPVS_GENL_VERSION,
  PROTOCOL_NUMBERS,
  SVC_ATTR,
  TUNNEL_TYPES,
} from './constants.js';
import { NLM_F_DUMP, NLM_F_REQUEST } from './netlink.js';

const scratch = new Uint8Array(16);

function family(af: IpFamily): number {
  return af === 'ipv6' ? AF_INET6 : AF_INET;
}

function address(w: ByteWriter, type: number, text: string): void {
  const af = parseIpInto(text, scratch, 0);
  if (af === null) throw new RangeError(`not an IP address: "${text}"`);
  w.attrBytes(type, scratch.subarray(0, af === 'ipv6' ? 16 : 4));
}

/** The attributes that name a service (what lookups and destination commands carry). */
function serviceKeyAttrs(w: ByteWriter, key: ServiceKey): void {
  w.attrU16(SVC_ATTR.AF, family(key.family));
  if (key.kind === 'fwmark') {
    w.attrU32(SVC_ATTR.FWMARK, key.fwmark);
    return;
  }
  w.attrU16(SVC_ATTR.PROTOCOL, PROTOCOL_NUMBERS[key.protocol]);
  address(w, SVC_ATTR.ADDR, key.address);
  w.attrU16be(SVC_ATTR.PORT, key.port);
}

function serviceNest(w: ByteWriter, key: ServiceKey, full?: Service): void {
  const nest = w.beginAttr(CMD_ATTR.SERVICE, true);
  serviceKeyAttrs(w, key);
  if (full !== undefined) {
    w.attrString(SVC_ATTR.SCHED_NAME, full.scheduler);
    if (full.peName !== '') w.attrString(SVC_ATTR.PE_NAME, full.peName);
    const flags = w.beginAttr(SVC_ATTR.FLAGS);
    w.u32(full.flags);
    w.u32(0xffffffff);
    w.endAttr(flags);
    w.attrU32(SVC_ATTR.TIMEOUT, full.timeoutS);
    if (key.family === 'ipv6') w.attrU32(SVC_ATTR.NETMASK, full.netmask);
    else w.attrU32be(SVC_ATTR.NETMASK, full.netmask);
  }
  w.endAttr(nest);
}

function destNest(w: ByteWriter, dest: DestKey, full?: Destination): void {
  const nest = w.beginAttr(CMD_ATTR.DEST, true);
  address(w, DEST_ATTR.ADDR, dest.address);
  w.attrU16be(DEST_ATTR.PORT, dest.port);
  if (full !== undefined) {
    w.attrU32(DEST_ATTR.FWD_METHOD, FORWARDING_CODES.indexOf(full.forwarding));
    w.attrU32(DEST_ATTR.WEIGHT, full.weight);
    if (full.forwarding === 'tun') {
      w.attrU8(DEST_ATTR.TUN_TYPE, TUNNEL_TYPES.indexOf(full.tunnel.type));
      w.attrU16be(DEST_ATTR.TUN_PORT, full.tunnel.port);
      w.attrU16(DEST_ATTR.TUN_FLAGS, full.tunnel.flags);
    }
    w.attrU32(DEST_ATTR.U_THRESH, full.upperThreshold);
    w.attrU32(DEST_ATTR.L_THRESH, full.lowerThreshold);
  }
  w.attrU16(DEST_ATTR.ADDR_FAMILY, family(dest.family));
  w.endAttr(nest);
}

function daemonNest(w: ByteWriter, daemon: SyncDaemon): void {
  const nest = w.beginAttr(CMD_ATTR.DAEMON, true);
  w.attrU32(DAEMON_ATTR.STATE, DAEMON_STATE[daemon.state]);
  w.attrString(DAEMON_ATTR.MCAST_IFN, daemon.interface);
  w.attrU32(DAEMON_ATTR.SYNC_ID, daemon.syncId);
  if (daemon.maxLen > 0) w.attrU16(DAEMON_ATTR.SYNC_MAXLEN, daemon.maxLen);
  if (daemon.group !== '') {
    const af = parseIpInto(daemon.group, scratch, 0);
    if (af === null) throw new RangeError(`not an IP address: "${daemon.group}"`);
    if (af === 'ipv6') w.attrBytes(DAEMON_ATTR.MCAST_GROUP6, scratch.subarray(0, 16));
    else w.attrBytes(DAEMON_ATTR.MCAST_GROUP, scratch.subarray(0, 4));
  }
  if (daemon.port > 0) w.attrU16(DAEMON_ATTR.MCAST_PORT, daemon.port);
  if (daemon.ttl > 0) w.attrU8(DAEMON_ATTR.MCAST_TTL, daemon.ttl);
  w.endAttr(nest);
}

/** Writes one operation as one message; flags: NLM_F_REQUEST plus whatever the caller adds (ACK). */
export function encodeOp(w: ByteWriter, op: IpvsOp, familyId: number, seq: number, extraFlags = 0): void {
  const begin = (cmd: number) =>
    w.beginMessage(familyId, NLM_F_REQUEST | extraFlags, seq, cmd, IPVS_GENL_VERSION);
  let m: number;
  switch (op.op) {
    case 'add-service':
    case 'edit-service':
      m = begin(op.op === 'add-service' ? CMD.NEW_SERVICE : CMD.SET_SERVICE);
      serviceNest(w, op.service.key, op.service);
      break;
    case 'delete-service':
      m = begin(CMD.DEL_SERVICE);
      serviceNest(w, op.key);
      break;
    case 'add-dest':
    case 'edit-dest':
      m = begin(op.op === 'add-dest' ? CMD.NEW_DEST : CMD.SET_DEST);
      serviceNest(w, op.service);
      destNest(w, op.dest, op.dest);
      break;
    case 'delete-dest':
      m = begin(CMD.DEL_DEST);
      serviceNest(w, op.service);
      destNest(w, op.dest);
      break;
    case 'set-timeouts':
      m = begin(CMD.SET_CONFIG);
      w.attrU32(CMD_ATTR.TIMEOUT_TCP, op.timeouts.tcpS);
      w.attrU32(CMD_ATTR.TIMEOUT_TCP_FIN, op.timeouts.tcpFinS);
      w.attrU32(CMD_ATTR.TIMEOUT_UDP, op.timeouts.udpS);
      break;
    case 'flush':
      m = begin(CMD.FLUSH);
      break;
    case 'zero':
      m = begin(CMD.ZERO);
      if (op.key !== undefined) serviceNest(w, op.key);
      break;
    case 'start-daemon':
      m = begin(CMD.NEW_DAEMON);
      daemonNest(w, op.daemon);
      break;
    case 'stop-daemon': {
      m = begin(CMD.DEL_DAEMON);
      const nest = w.beginAttr(CMD_ATTR.DAEMON, true);
      w.attrU32(DAEMON_ATTR.STATE, DAEMON_STATE[op.state]);
      w.endAttr(nest);
      break;
    }
  }
  w.endMessage(m);
}

export type IpvsQuery =
  | { query: 'services' }
  | { query: 'destinations'; service: ServiceKey }
  | { query: 'daemons' }
  | { query: 'info' }
  | { query: 'timeouts' };

/** A read: dumps (services, destinations of one service, daemons) or a single reply (info, timeouts). */
export function encodeQuery(w: ByteWriter, q: IpvsQuery, familyId: number, seq: number): void {
  const dump = q.query === 'services' || q.query === 'destinations' || q.query === 'daemons';
  const cmd = {
    services: CMD.GET_SERVICE,
    destinations: CMD.GET_DEST,
    daemons: CMD.GET_DAEMON,
    info: CMD.GET_INFO,
    timeouts: CMD.GET_CONFIG,
  }[q.query];
  const m = w.beginMessage(familyId, NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0), seq, cmd, IPVS_GENL_VERSION);
  if (q.query === 'destinations') serviceNest(w, q.service);
  w.endMessage(m);
}
