// The name of a virtual server: address:port:protocol, or its fwmark and family. Duplicates are
// found by it, and a reload matches virtual servers by it.
export function serviceName(vs: {
  fwmark?: number;
  family: string;
  address?: string;
  port?: number;
  protocol: string;
}): string {
  if (vs.fwmark !== undefined) return `fwmark ${vs.fwmark} (${vs.family})`;
  const host = vs.family === 'ipv6' ? `[${vs.address}]` : vs.address;
  return `${host}:${vs.port}:${vs.protocol}`;
}
