// Rules of one virtual server that involve more than one key: service identity, scheduler flags,
// forwarding and tunnels, persistence masks, real-server families and ports.
import type * as z from 'zod';
import { familyOf, otherFamily, type Family } from '../schema/primitives.js';
import type { RealServerInput, VirtualServerInput } from '../schema/virtual-server.js';

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

export function virtualServerRules(
  vs: VirtualServerInput,
  ctx: z.core.$RefinementCtx<VirtualServerInput>,
): void {
  const issue: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  const family = checkIdentity(vs, issue);
  for (const flag of vs.scheduler_flags) {
    const owner = flag.split('-')[0];
    if (owner !== vs.scheduler)
      issue(['scheduler_flags'], `${flag} applies to the ${owner} scheduler, not ${vs.scheduler}`);
  }
  checkTunnel(vs.forwarding, vs.tunnel, [], issue);
  if (vs.one_packet && vs.fwmark === undefined && vs.protocol !== 'udp')
    issue(['one_packet'], 'one-packet scheduling applies to udp services only');
  if (family !== null) checkPersistence(vs, family, issue);
  const sorryFamily = family === null ? null : otherFamily(vs.sorry_server?.address, family);
  if (sorryFamily !== null) {
    issue(['sorry_server', 'address'], `is ${sorryFamily} but the service is ${family}`);
  }
  const seen = new Map<string, number>();
  vs.real_servers.forEach((rs, i) => {
    const port = rs.port ?? vs.port ?? 0;
    const id = `${rs.address}:${port}`;
    const first = seen.get(id);
    if (first !== undefined)
      issue(['real_servers', i], `real server ${id} is listed twice (also real_servers[${first}])`);
    seen.set(id, i);
    checkRealServer(vs, rs, family, ['real_servers', i], issue);
  });
}

function checkIdentity(vs: VirtualServerInput, issue: Report): Family | null {
  if (vs.fwmark !== undefined) {
    if (vs.address !== undefined) issue(['address'], 'a fwmark service has no address');
    if (vs.port !== undefined) issue(['port'], 'a fwmark service has no port');
    if (vs.family === undefined) issue(['fwmark'], 'a fwmark service needs family: ipv4 or ipv6');
    return vs.family ?? null;
  }
  if (vs.address === undefined) issue([], 'a virtual server needs address and port, or fwmark and family');
  else if (vs.port === undefined) issue(['port'], 'missing required key "port" (or use fwmark)');
  if (vs.family !== undefined) issue(['family'], 'family is for fwmark services; the address gives it');
  if (vs.port === 0 && vs.persistence === undefined) issue(['port'], 'port 0 (all ports) needs persistence');
  return vs.address === undefined ? null : familyOf(vs.address);
}

function checkTunnel(
  forwarding: string,
  tunnel: VirtualServerInput['tunnel'],
  at: Path,
  issue: Report,
): void {
  if (tunnel === undefined) return;
  if (forwarding !== 'tun') {
    issue([...at, 'tunnel'], `tunnel applies to forwarding: tun, not ${forwarding}`);
    return;
  }
  if (tunnel.type === 'gue' && tunnel.port === undefined)
    issue([...at, 'tunnel', 'port'], 'a gue tunnel needs a port');
  if (tunnel.type !== 'gue' && tunnel.port !== undefined)
    issue([...at, 'tunnel', 'port'], `a port applies to gue tunnels, not ${tunnel.type}`);
  if (tunnel.type === 'ipip' && tunnel.checksum !== 'none')
    issue([...at, 'tunnel', 'checksum'], 'ipip tunnels have no checksum option');
}

function checkPersistence(vs: VirtualServerInput, family: Family, issue: Report): void {
  const p = vs.persistence;
  if (p === undefined) return;
  if (family === 'ipv4' && p.prefix_length !== undefined)
    issue(['persistence', 'prefix_length'], 'IPv4 services use netmask');
  if (family === 'ipv6' && p.netmask !== undefined)
    issue(['persistence', 'netmask'], 'IPv6 services use prefix_length');
  if (p.netmask !== undefined && netmaskLength(p.netmask) === null) {
    issue(
      ['persistence', 'netmask'],
      `expected a contiguous IPv4 netmask such as 255.255.255.0, got "${p.netmask}"`,
    );
  }
}

/** The prefix length of a contiguous IPv4 netmask, or null. */
export function netmaskLength(mask: string): number | null {
  if (familyOf(mask) !== 'ipv4') return null;
  const bits = mask.split('.').reduce((acc, octet) => (acc << 8) | Number(octet), 0) >>> 0;
  const inverted = ~bits >>> 0;
  if ((inverted & (inverted + 1)) !== 0) return null;
  return 32 - Math.log2(inverted + 1);
}

function checkRealServer(
  vs: VirtualServerInput,
  rs: RealServerInput,
  family: Family | null,
  at: Path,
  issue: Report,
): void {
  const forwarding = rs.forwarding ?? vs.forwarding;
  const rsFamily = family === null ? null : otherFamily(rs.address, family);
  if (rsFamily !== null && forwarding !== 'tun') {
    issue(
      [...at, 'address'],
      `is ${rsFamily} but the service is ${family}; only forwarding: tun may mix families`,
    );
  }
  checkTunnel(forwarding, rs.tunnel, at, issue);
  if (
    forwarding === 'dr' &&
    vs.port !== undefined &&
    vs.port !== 0 &&
    rs.port !== undefined &&
    rs.port !== vs.port
  ) {
    issue(
      [...at, 'port'],
      `forwarding: dr cannot translate ports: ${rs.port} differs from the service port ${vs.port}`,
    );
  }
  if (rs.lower_threshold > rs.upper_threshold) {
    // The kernel refuses it (ERANGE), also when upper_threshold is 0 (no limit).
    issue(
      [...at, 'lower_threshold'],
      `is above upper_threshold (${rs.upper_threshold}); IPVS needs lower <= upper`,
    );
  }
}
