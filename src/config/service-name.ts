// The name of a virtual server: address:port:protocol (the address in its canonical form, so that two
// spellings of one address are one service, as the kernel sees them), or its fwmark and family.
// Duplicates are found by it, and a reload matches virtual servers by it.
import { canonicalIp } from '../lib/ip.js';

export function serviceName(vs: {
  fwmark?: number;
  family: string;
  address?: string;
  port?: number;
  protocol: string;
}): string {
  if (vs.fwmark !== undefined) return `fwmark ${vs.fwmark} (${vs.family})`;
  const address = vs.address === undefined ? undefined : (canonicalIp(vs.address) ?? vs.address);
  const host = vs.family === 'ipv6' ? `[${address}]` : address;
  return `${host}:${vs.port}:${vs.protocol}`;
}
