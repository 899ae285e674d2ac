// The IPVS table for `lvsctl status`, as `ipvsadm -Ln` prints it (and `--stats --exact`), or as
// JSON. Pure: it formats a snapshot. Services and destinations are sorted as ipvsadm sorts them.
import { compareIpBytes, parseIp } from '../lib/ip.js';
import { PROTOCOL_NUMBERS } from './codec/constants.js';
import type { KernelSnapshot } from './kernel.js';
import {
  SVC_FLAGS,
  serviceId,
  type IpvsInfo,
  type KernelDestination,
  type KernelService,
  type Stats,
} from './model.js';

export interface StatusOptions {
  /** Counters instead of scheduler, forwarding and connections (`ipvsadm -Ln --stats --exact`). */
  stats?: boolean;
}

const FORWARD_NAMES = { nat: 'Masq', local: 'Local', tun: 'Tunnel', dr: 'Route', bypass: 'Bypass' } as const;

export function formatStatus(info: IpvsInfo, snapshot: KernelSnapshot, options: StatusOptions = {}): string {
  const lines = [`IP Virtual Server version ${info.version} (size=${info.connTableSize})`];
  if (options.stats === true) {
    lines.push('Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes');
    lines.push('  -> RemoteAddress:Port');
  } else {
    lines.push('Prot LocalAddress:Port Scheduler Flags');
    lines.push('  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn');
  }
  for (const { service, destinations } of sortedServices(snapshot)) {
    if (options.stats === true) lines.push(statsLine(serviceName(service), service.stats));
    else lines.push(`${serviceName(service)} ${service.scheduler}${serviceFlags(service)}`);
    for (const d of [...destinations].sort(compareDests)) {
      const name = `  -> ${destName(d)}`;
      if (options.stats === true) lines.push(statsLine(name, d.stats));
      else
        lines.push(
          `${name.padEnd(33)} ${FORWARD_NAMES[d.forwarding].padEnd(7)} ${String(d.weight).padEnd(6)} ` +
            `${String(d.activeConns).padEnd(10)} ${String(d.inactiveConns).padEnd(10)}`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

function statsLine(name: string, s: Stats): string {
  const n = [s.conns, s.inPkts, s.outPkts, s.inBytes, s.outBytes].map((v) => String(v).padStart(8));
  return `${name.padEnd(33)} ${n.join(' ')}`;
}

/** "TCP  192.0.2.10:80", "UDP  [2001:db8::1]:53", "FWM  7", "FWM  8 IPv6". */
export function serviceName(s: KernelService | KernelSnapshot['services'][number]['service']): string {
  const k = s.key;
  if (k.kind === 'fwmark') return `FWM  ${k.fwmark}${k.family === 'ipv6' ? ' IPv6' : ''}`;
  const host = k.family === 'ipv6' ? `[${k.address}]` : k.address;
  return `${k.protocol.toUpperCase().padEnd(4)} ${host}:${k.port}`;
}

function destName(d: KernelDestination): string {
  return d.family === 'ipv6' ? `[${d.address}]:${d.port}` : `${d.address}:${d.port}`;
}

/** The scheduler flags, persistence, engine and one-packet words that follow the scheduler. */
function serviceFlags(s: KernelService): string {
  let out = '';
  const names = schedulerFlagNames(s.scheduler, s.flags);
  if (names.length > 0) out += ` (${names.join(',')})`;
  if ((s.flags & SVC_FLAGS.persistent) !== 0) {
    out += ` persistent ${s.timeoutS}`;
    if (s.key.family === 'ipv6' ? s.netmask !== 128 : s.netmask >>> 0 !== 0xffffffff)
      out += ` mask ${s.key.family === 'ipv6' ? s.netmask : maskText(s.netmask)}`;
  }
  if (s.peName !== '') out += ` pe ${s.peName}`;
  if ((s.flags & SVC_FLAGS.onePacket) !== 0) out += ' ops';
  return out;
}

export function schedulerFlagNames(scheduler: string, flags: number): string[] {
  const named: Record<string, [string, string, string]> = {
    sh: ['sh-fallback', 'sh-port', 'flag-3'],
    mh: ['mh-fallback', 'mh-port', 'flag-3'],
  };
  const names = named[scheduler] ?? ['flag-1', 'flag-2', 'flag-3'];
  const bits = [SVC_FLAGS.sched1, SVC_FLAGS.sched2, SVC_FLAGS.sched3];
  return names.filter((_, i) => (flags & (bits[i] ?? 0)) !== 0);
}

function maskText(mask: number): string {
  return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 0xff).join('.');
}

function sortedServices(snapshot: KernelSnapshot) {
  return [...snapshot.services].sort((a, b) => compareServices(a.service, b.service));
}

function compareServices(a: KernelService, b: KernelService): number {
  const fa = a.key.kind === 'fwmark' ? a.key.fwmark : 0;
  const fb = b.key.kind === 'fwmark' ? b.key.fwmark : 0;
  if (fa !== fb) return fa - fb;
  if (a.key.family !== b.key.family) return a.key.family === 'ipv4' ? -1 : 1;
  if (a.key.kind !== 'address' || b.key.kind !== 'address') return 0;
  const pa = PROTOCOL_NUMBERS[a.key.protocol];
  const pb = PROTOCOL_NUMBERS[b.key.protocol];
  if (pa !== pb) return pa - pb;
  return compareAddresses(a.key.address, b.key.address) || a.key.port - b.key.port;
}

function compareDests(a: KernelDestination, b: KernelDestination): number {
  if (a.family !== b.family) return a.family === 'ipv4' ? -1 : 1;
  return compareAddresses(a.address, b.address) || a.port - b.port;
}

/** Callers compare addresses of one family; one that does not parse sorts first. */
function compareAddresses(a: string, b: string): number {
  return compareIpBytes(parseIp(a) ?? NO_BYTES, parseIp(b) ?? NO_BYTES);
}

const NO_BYTES = new Uint8Array();

/** The table as JSON for `lvsctl status --json`. */
export function statusJson(info: IpvsInfo, snapshot: KernelSnapshot) {
  return {
    version: info.version,
    connTableSize: info.connTableSize,
    services: sortedServices(snapshot).map(({ service: s, destinations }) => ({
      id: serviceId(s.key),
      ...s.key,
      scheduler: s.scheduler,
      schedulerFlags: schedulerFlagNames(s.scheduler, s.flags),
      persistence:
        (s.flags & SVC_FLAGS.persistent) === 0
          ? null
          : {
              timeoutS: s.timeoutS,
              ...(s.key.family === 'ipv6' ? { prefixLength: s.netmask } : { netmask: maskText(s.netmask) }),
            },
      onePacket: (s.flags & SVC_FLAGS.onePacket) !== 0,
      pe: s.peName === '' ? null : s.peName,
      stats: s.stats,
      destinations: [...destinations].sort(compareDests).map((d) => ({
        address: d.address,
        family: d.family,
        port: d.port,
        forwarding: d.forwarding,
        tunnel: d.forwarding === 'tun' ? d.tunnel : null,
        weight: d.weight,
        upperThreshold: d.upperThreshold,
        lowerThreshold: d.lowerThreshold,
        activeConns: d.activeConns,
        inactiveConns: d.inactiveConns,
        persistentConns: d.persistentConns,
        stats: d.stats,
      })),
    })),
  };
}
