// Rules of one VRRP instance that involve more than one key, and its normalization.
import type * as z from 'zod';
import type { Family } from '../schema/primitives.js';
import { familyOf, otherFamily } from '../schema/primitives.js';
import type { VrrpInstanceInput } from '../schema/vrrp.js';

type Ctx = z.core.$RefinementCtx<VrrpInstanceInput>;

export const DEFAULT_UDP_PORT = 8112;
const V3_MAX_INTERVAL_MS = 40_950;

/** The instance's address family: that of its VIPs, else of its unicast addresses, else IPv4. */
export function instanceFamily(
  instance: Pick<VrrpInstanceInput, 'virtual_ipaddresses' | 'unicast_source' | 'unicast_peers'>,
): Family {
  const first =
    instance.virtual_ipaddresses[0]?.address ?? instance.unicast_source ?? instance.unicast_peers?.[0];
  return (first === undefined ? null : familyOf(first)) ?? 'ipv4';
}

export function instanceRules(instance: VrrpInstanceInput, ctx: Ctx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const family = instanceFamily(instance);
  checkVips(instance, family, issue);
  checkInterval(instance, issue);
  checkTransport(instance, family, issue);
  if (instance.authentication !== undefined && instance.version !== 2) {
    issue(
      ['authentication'],
      'authentication exists only in VRRP version 2 (RFC 3768); remove it or set version: 2',
    );
  }
  if (instance.v3_checksum_as_v2 && instance.version !== 3)
    issue(['v3_checksum_as_v2'], 'applies to version 3 only');
  if (!instance.preempt && instance.state === 'master') {
    issue(
      ['preempt'],
      'preempt: false needs state: backup (a node that starts as master would preempt anyway)',
    );
  }
  if (effectivePriority(instance) === 255) {
    instance.track_interfaces.forEach((track, i) => {
      if (track.weight !== 0)
        issue(
          ['track_interfaces', i, 'weight'],
          'the address owner (priority 255) can only track with weight 0 (FAULT)',
        );
    });
  }
}

type Report = (path: (string | number)[], message: string) => void;

function checkVips(instance: VrrpInstanceInput, family: Family, issue: Report): void {
  const seen = new Set<string>();
  instance.virtual_ipaddresses.forEach((vip, i) => {
    const other = otherFamily(vip.address, family);
    if (other !== null) {
      issue(
        ['virtual_ipaddresses', i],
        `mixes ${family} and ${other} VIPs; one instance carries one family (virtual_ipaddresses_excluded may mix)`,
      );
    }
  });
  for (const key of ['virtual_ipaddresses', 'virtual_ipaddresses_excluded'] as const) {
    instance[key].forEach((vip, i) => {
      if (seen.has(vip.address)) issue([key, i], `${vip.address} is listed twice in this instance`);
      seen.add(vip.address);
      if (vip.label !== undefined && instance.interface !== undefined)
        checkLabel(vip, instance.interface, [key, i, 'label'], issue);
    });
  }
  if (family === 'ipv6' && instance.version !== 3) {
    issue(['version'], 'IPv6 needs VRRP version 3 (RFC 5798); set version: 3');
  }
}

function checkLabel(
  vip: { address: string; label?: string | undefined; dev?: string | undefined },
  defaultDev: string,
  path: (string | number)[],
  issue: Report,
): void {
  const dev = vip.dev ?? defaultDev;
  if (familyOf(vip.address) !== 'ipv4') issue(path, 'address labels exist for IPv4 addresses only');
  else if (vip.label !== dev && !vip.label?.startsWith(`${dev}:`))
    issue(path, `a label must start with the interface name, e.g. "${dev}:vip"`);
}

function checkInterval(instance: VrrpInstanceInput, issue: Report): void {
  const ms = instance.advert_interval;
  if (instance.version === 2 && (ms % 1000 !== 0 || ms < 1000 || ms > 255_000)) {
    issue(
      ['advert_interval'],
      `VRRP version 2 advertises whole seconds, 1s..255s; got ${ms}ms (use version: 3 for shorter intervals)`,
    );
  }
  if (instance.version === 3 && (ms % 10 !== 0 || ms < 10 || ms > V3_MAX_INTERVAL_MS)) {
    issue(['advert_interval'], `VRRP version 3 advertises steps of 10ms, 10ms..40.95s; got ${ms}ms`);
  }
}

function checkTransport(instance: VrrpInstanceInput, family: Family, issue: Report): void {
  const peers = instance.unicast_peers ?? [];
  if (instance.transport === 'udp' && peers.length === 0)
    issue(['unicast_peers'], 'transport: udp needs unicast_peers');
  if (instance.transport !== 'udp' && instance.udp_port !== undefined)
    issue(['udp_port'], 'udp_port applies to transport: udp only');
  if (instance.unicast_source !== undefined && peers.length === 0)
    issue(['unicast_source'], 'unicast_source needs unicast_peers');
  const sourceFamily = otherFamily(instance.unicast_source, family);
  if (sourceFamily !== null) {
    issue(['unicast_source'], `is ${sourceFamily} but the instance is ${family}`);
  }
  const seen = new Set<string>();
  peers.forEach((peer, i) => {
    const peerFamily = otherFamily(peer, family);
    if (peerFamily !== null) issue(['unicast_peers', i], `is ${peerFamily} but the instance is ${family}`);
    if (peer === instance.unicast_source) issue(['unicast_peers', i], 'is the unicast_source itself');
    if (seen.has(peer)) issue(['unicast_peers', i], `${peer} is listed twice`);
    seen.add(peer);
  });
}

/** keepalived's default: 100, or 255 for state: master without a priority. */
export function effectivePriority(instance: Pick<VrrpInstanceInput, 'priority' | 'state'>): number {
  return instance.priority ?? (instance.state === 'master' ? 255 : 100);
}

export function normalizeInstance(instance: VrrpInstanceInput) {
  const { udp_port, ...rest } = instance;
  return {
    ...rest,
    priority: effectivePriority(instance),
    unicast_peers: instance.unicast_peers ?? [],
    ...(instance.transport === 'udp' ? { udp_port: udp_port ?? DEFAULT_UDP_PORT } : {}),
  };
}
