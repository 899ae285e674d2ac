// Running the IPVS manager in the guest as the lvs child would: configuration files loaded with the
// real loader, the real adapter, ownership and plans in a state directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { IpvsManager, type LogSink } from '../../../src/ipvs/manager.js';
import { NetlinkIpvsKernel } from '../../../src/ipvs/netlink-kernel.js';
import { FileStateStore } from '../../../src/ipvs/state-store.js';
import { procSysctl } from '../../../src/ipvs/sysctl.js';

export class Lines implements LogSink {
  readonly lines: string[] = [];
  info(m: string) {
    this.lines.push(`info ${m}`);
  }
  warn(m: string) {
    this.lines.push(`warn ${m}`);
  }
  error(m: string) {
    this.lines.push(`error ${m}`);
  }
}

/** Writes lvsd.yaml (global lines + virtual_servers lines) into dir and loads it. */
export function writeConfig(dir: string, lines: string[]): Config {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'lvsd.yaml');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const r = loadConfig(path, { hostname: 'guest' });
  if (!r.ok) throw new Error(`bad test configuration: ${JSON.stringify(r.issues)}`);
  return r.config;
}

export function manager(stateDir: string, log: Lines): IpvsManager {
  return new IpvsManager({
    openKernel: () => NetlinkIpvsKernel.open(),
    store: new FileStateStore(stateDir),
    log,
    sysctl: procSysctl,
  });
}
