// Normalization of a virtual server: the family of fwmark and address services alike, persistence
// masks, tunnels, real-server ports and forwarding, and checks with their timing filled in.
import { CHECK_TYPES, type CheckConfig, type CheckDefaults, type CheckInput } from '../schema/checks.js';
import { familyOf, type Family } from '../schema/primitives.js';
import type { RealServerInput, VirtualServerInput } from '../schema/virtual-server.js';
import { netmaskLength } from './virtual-server.js';

export function normalizeVirtualServer(vs: VirtualServerInput) {
  const family: Family = vs.family ?? familyOf(vs.address ?? '') ?? 'ipv4';
  const port = vs.fwmark === undefined ? (vs.port ?? 0) : undefined;
  return {
    ...vs,
    family,
    ...(port === undefined ? {} : { port }),
    tunnel: vs.forwarding === 'tun' ? (vs.tunnel ?? DEFAULT_TUNNEL) : undefined,
    persistence: vs.persistence === undefined ? undefined : normalizePersistence(vs.persistence, family),
    sorry_server:
      vs.sorry_server === undefined
        ? undefined
        : {
            ...vs.sorry_server,
            port: vs.sorry_server.port ?? port ?? 0,
            forwarding: vs.sorry_server.forwarding ?? vs.forwarding,
          },
    real_servers: vs.real_servers.map((rs) => normalizeRealServer(rs, vs, port ?? 0)),
  };
}

const DEFAULT_TUNNEL = { type: 'ipip', checksum: 'none' } as const;

function normalizePersistence(p: NonNullable<VirtualServerInput['persistence']>, family: Family) {
  if (family === 'ipv6') return { timeout: p.timeout, prefix_length: p.prefix_length ?? 128 };
  const netmask = p.netmask ?? '255.255.255.255';
  return { timeout: p.timeout, netmask, prefix_length: netmaskLength(netmask) ?? 32 };
}

function normalizeRealServer(rs: RealServerInput, vs: VirtualServerInput, servicePort: number) {
  const { check, checks, ...rest } = rs;
  const forwarding = rs.forwarding ?? vs.forwarding;
  const given = checks ?? (check === undefined ? [] : [check]);
  return {
    ...rest,
    port: rs.port ?? servicePort,
    forwarding,
    tunnel: forwarding === 'tun' ? (rs.tunnel ?? vs.tunnel ?? DEFAULT_TUNNEL) : undefined,
    checks: given.map((c) => normalizeCheck(c, vs.check_defaults)),
  };
}

/** { http: {...} } into { type: 'http', ... } with the virtual server's check_defaults filled in. */
export function normalizeCheck(check: CheckInput, defaults: CheckDefaults): CheckConfig {
  for (const type of CHECK_TYPES) {
    const options = check[type];
    if (options === undefined) continue;
    const timing = {
      interval: options.interval ?? defaults.interval,
      timeout: options.timeout ?? defaults.timeout,
      retry: options.retry ?? defaults.retry,
      retry_delay: options.retry_delay ?? defaults.retry_delay,
      rise: options.rise ?? defaults.rise,
    };
    return { type, ...options, ...timing } as CheckConfig;
  }
  throw new Error('a check without a type passed validation');
}
