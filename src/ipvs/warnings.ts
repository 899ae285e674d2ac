// Start-up checks of the host's settings against the configuration, as warnings (pure: the sysctl
// values come in through a reader).
import type { Config } from '../config/types.js';
import type { SysctlReader } from './sysctl.js';

export function startupWarnings(config: Pick<Config, 'virtual_servers'>, sysctl: SysctlReader): string[] {
  const out: string[] = [];
  const nat = (family: string) =>
    config.virtual_servers.some(
      (vs) => vs.family === family && vs.real_servers.some((rs) => rs.forwarding === 'nat'),
    );
  if (nat('ipv4') && sysctl('net.ipv4.ip_forward') === '0')
    out.push(
      'NAT virtual servers are configured but net.ipv4.ip_forward is 0: replies from real servers will not be forwarded',
    );
  if (nat('ipv6') && sysctl('net.ipv6.conf.all.forwarding') === '0')
    out.push(
      'IPv6 NAT virtual servers are configured but net.ipv6.conf.all.forwarding is 0: replies will not be forwarded',
    );
  const inhibitWithPersistence = config.virtual_servers.some(
    (vs) => vs.persistence !== undefined && vs.real_servers.some((rs) => rs.inhibit_on_failure),
  );
  if (inhibitWithPersistence && sysctl('net.ipv4.vs.expire_quiescent_template') === '0')
    out.push(
      'inhibit_on_failure is used with persistence but net.ipv4.vs.expire_quiescent_template is 0: persistent clients stay on a failed (weight 0) real server until their template expires',
    );
  return out;
}
