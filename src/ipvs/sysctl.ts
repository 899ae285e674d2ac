// Reading the sysctls lvsd warns about. Behind a function type so tests pass their own values.
import { readFileSync } from 'node:fs';

/** The value of a sysctl ("net.ipv4.ip_forward"), trimmed; null when it cannot be read. */
export type SysctlReader = (name: string) => string | null;

export const procSysctl: SysctlReader = (name) => {
  try {
    return readFileSync(`/proc/sys/${name.replace(/\./g, '/')}`, 'utf8').trim();
  } catch {
    return null;
  }
};
