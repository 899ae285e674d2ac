// Reading the kernel's IPVS replies: services, destinations, sync daemons, info and timeouts.
import { formatIp, type IpFamily } from '../../lib/ip.js';
import {
  NO_TUNNEL,
  SVC_FLAGS,
  ZERO_STATS,
  type IpvsInfo,
  type IpvsProtocol,
  type KernelDestination,
  type KernelService,
  type ServiceKey,
  type Stats,
  type SyncDaemon,
  type Timeouts,
} from '../model.js';
import {
  NetlinkDecodeError,
  getNested,
  getString,
  getU16,
  getU16be,
  getU32,
  getU32be,
  getU64,
  getU8,
  type Attrs,
} from './bytes.js';
import {
  AF_INET6,
  CMD_ATTR,
  DAEMON_ATTR,
  DEST_ATTR,
  FORWARDING_CODES,
  INFO_ATTR,
  PROTOCOL_NUMBERS,
  STATS_ATTR,
  SVC_ATTR,
  TUNNEL_TYPES,
} from './constants.js';
import { genlAttrs, type NetlinkMessage } from './netlink.js';

function familyOf(af: number): IpFamily {
  return af === AF_INET6 ? 'ipv6' : 'ipv4';
}

function addressOf(attrs: Attrs, type: number, af: IpFamily, what: string): string {
  const raw = attrs.get(type);
  const length = af === 'ipv6' ? 16 : 4;
  if (raw === undefined || raw.length < length)
    throw new NetlinkDecodeError(`${what} has ${raw?.length ?? 0} bytes, needs ${length}`);
  return formatIp(raw.subarray(0, length));
}

function protocolOf(number: number): IpvsProtocol {
  for (const [name, value] of Object.entries(PROTOCOL_NUMBERS))
    if (value === number) return name as IpvsProtocol;
  throw new NetlinkDecodeError(`unknown service protocol ${number}`);
}

/** Counters: the 64-bit nest when the kernel sends it, else the 32-bit one, else zeros. */
function statsOf(attrs: Attrs, stats64: number, stats32: number): Stats {
  const wide = attrs.has(stats64);
  const nested = wide
    ? getNested(attrs, stats64, 'stats64')
    : attrs.has(stats32)
      ? getNested(attrs, stats32, 'stats')
      : null;
  if (nested === null) return { ...ZERO_STATS };
  const get = (type: number, name: string, bytes64InOld: boolean) =>
    !nested.has(type) ? 0 : wide || bytes64InOld ? getU64(nested, type, name) : getU32(nested, type, name);
  return {
    conns: get(STATS_ATTR.CONNS, 'conns', false),
    inPkts: get(STATS_ATTR.INPKTS, 'inpkts', false),
    outPkts: get(STATS_ATTR.OUTPKTS, 'outpkts', false),
    inBytes: get(STATS_ATTR.INBYTES, 'inbytes', true),
    outBytes: get(STATS_ATTR.OUTBYTES, 'outbytes', true),
    cps: get(STATS_ATTR.CPS, 'cps', false),
    inPps: get(STATS_ATTR.INPPS, 'inpps', false),
    outPps: get(STATS_ATTR.OUTPPS, 'outpps', false),
    inBps: get(STATS_ATTR.INBPS, 'inbps', false),
    outBps: get(STATS_ATTR.OUTBPS, 'outbps', false),
  };
}

/** One message of a service dump (IPVS_CMD_NEW_SERVICE). */
export function decodeService(message: NetlinkMessage): KernelService {
  const s = getNested(genlAttrs(message), CMD_ATTR.SERVICE, 'IPVS_CMD_ATTR_SERVICE');
  const family = familyOf(getU16(s, SVC_ATTR.AF, 'service AF'));
  const key: ServiceKey = s.has(SVC_ATTR.FWMARK)
    ? { kind: 'fwmark', family, fwmark: getU32(s, SVC_ATTR.FWMARK, 'fwmark') }
    : {
        kind: 'address',
        family,
        protocol: protocolOf(getU16(s, SVC_ATTR.PROTOCOL, 'service protocol')),
        address: addressOf(s, SVC_ATTR.ADDR, family, 'service address'),
        port: getU16be(s, SVC_ATTR.PORT, 'service port'),
      };
  const flags = getU32(s, SVC_ATTR.FLAGS, 'service flags') & ~SVC_FLAGS.hashed;
  return {
    key,
    scheduler: getString(s, SVC_ATTR.SCHED_NAME, 'scheduler'),
    flags,
    timeoutS: getU32(s, SVC_ATTR.TIMEOUT, 'timeout'),
    netmask:
      family === 'ipv6' ? getU32(s, SVC_ATTR.NETMASK, 'netmask') : getU32be(s, SVC_ATTR.NETMASK, 'netmask'),
    peName: s.has(SVC_ATTR.PE_NAME) ? getString(s, SVC_ATTR.PE_NAME, 'pe name') : '',
    stats: statsOf(s, SVC_ATTR.STATS64, SVC_ATTR.STATS),
  };
}

/** One message of a destination dump (IPVS_CMD_NEW_DEST); serviceFamily when the kernel omits the dest's. */
export function decodeDestination(message: NetlinkMessage, serviceFamily: IpFamily): KernelDestination {
  const d = getNested(genlAttrs(message), CMD_ATTR.DEST, 'IPVS_CMD_ATTR_DEST');
  const family = d.has(DEST_ATTR.ADDR_FAMILY)
    ? familyOf(getU16(d, DEST_ATTR.ADDR_FAMILY, 'dest AF'))
    : serviceFamily;
  const fwd = getU32(d, DEST_ATTR.FWD_METHOD, 'forwarding') & 0x7;
  const forwarding = FORWARDING_CODES[fwd];
  if (forwarding === undefined) throw new NetlinkDecodeError(`unknown forwarding method ${fwd}`);
  const tunType = d.has(DEST_ATTR.TUN_TYPE) ? getU8(d, DEST_ATTR.TUN_TYPE, 'tunnel type') : 0;
  const type = TUNNEL_TYPES[tunType];
  if (type === undefined) throw new NetlinkDecodeError(`unknown tunnel type ${tunType}`);
  return {
    family,
    address: addressOf(d, DEST_ATTR.ADDR, family, 'dest address'),
    port: getU16be(d, DEST_ATTR.PORT, 'dest port'),
    forwarding,
    weight: getU32(d, DEST_ATTR.WEIGHT, 'weight') | 0,
    upperThreshold: getU32(d, DEST_ATTR.U_THRESH, 'upper threshold'),
    lowerThreshold: getU32(d, DEST_ATTR.L_THRESH, 'lower threshold'),
    tunnel:
      forwarding !== 'tun'
        ? NO_TUNNEL
        : {
            type,
            port: d.has(DEST_ATTR.TUN_PORT) ? getU16be(d, DEST_ATTR.TUN_PORT, 'tunnel port') : 0,
            flags: d.has(DEST_ATTR.TUN_FLAGS) ? getU16(d, DEST_ATTR.TUN_FLAGS, 'tunnel flags') : 0,
          },
    activeConns: getU32(d, DEST_ATTR.ACTIVE_CONNS, 'active connections'),
    inactiveConns: getU32(d, DEST_ATTR.INACT_CONNS, 'inactive connections'),
    persistentConns: getU32(d, DEST_ATTR.PERSIST_CONNS, 'persistent connections'),
    stats: statsOf(d, DEST_ATTR.STATS64, DEST_ATTR.STATS),
  };
}

/** One message of a daemon dump (IPVS_CMD_NEW_DAEMON). */
export function decodeDaemon(message: NetlinkMessage): SyncDaemon {
  const a = getNested(genlAttrs(message), CMD_ATTR.DAEMON, 'IPVS_CMD_ATTR_DAEMON');
  const state = getU32(a, DAEMON_ATTR.STATE, 'daemon state');
  const group = a.has(DAEMON_ATTR.MCAST_GROUP6)
    ? addressOf(a, DAEMON_ATTR.MCAST_GROUP6, 'ipv6', 'mcast group6')
    : a.has(DAEMON_ATTR.MCAST_GROUP)
      ? addressOf(a, DAEMON_ATTR.MCAST_GROUP, 'ipv4', 'mcast group')
      : '';
  return {
    state: state === 1 ? 'master' : 'backup',
    interface: getString(a, DAEMON_ATTR.MCAST_IFN, 'mcast interface'),
    syncId: getU32(a, DAEMON_ATTR.SYNC_ID, 'sync id'),
    maxLen: a.has(DAEMON_ATTR.SYNC_MAXLEN) ? getU16(a, DAEMON_ATTR.SYNC_MAXLEN, 'maxlen') : 0,
    group,
    port: a.has(DAEMON_ATTR.MCAST_PORT) ? getU16(a, DAEMON_ATTR.MCAST_PORT, 'port') : 0,
    ttl: a.has(DAEMON_ATTR.MCAST_TTL) ? getU8(a, DAEMON_ATTR.MCAST_TTL, 'ttl') : 0,
  };
}

/** The reply to IPVS_CMD_GET_INFO. */
export function decodeInfo(message: NetlinkMessage): IpvsInfo {
  const a = genlAttrs(message);
  const v = getU32(a, INFO_ATTR.VERSION, 'version');
  return {
    version: `${(v >> 16) & 0xff}.${(v >> 8) & 0xff}.${v & 0xff}`,
    connTableSize: getU32(a, INFO_ATTR.CONN_TAB_SIZE, 'conn table size'),
  };
}

/** The reply to IPVS_CMD_GET_CONFIG. */
export function decodeTimeouts(message: NetlinkMessage): Timeouts {
  const a = genlAttrs(message);
  return {
    tcpS: getU32(a, CMD_ATTR.TIMEOUT_TCP, 'tcp timeout'),
    tcpFinS: getU32(a, CMD_ATTR.TIMEOUT_TCP_FIN, 'tcp fin timeout'),
    udpS: getU32(a, CMD_ATTR.TIMEOUT_UDP, 'udp timeout'),
  };
}
