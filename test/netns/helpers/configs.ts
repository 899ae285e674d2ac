// Configuration files for the directors under test: lvsd (YAML, written as JSON, which YAML reads) and
// keepalived (its own syntax), with the suite's defaults: VRRP v3 at 50 ms, one VIP on eth0, the second
// GARP burst after 1 s so that a test can see it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface InstanceOptions {
  vrid?: number;
  priority: number;
  version?: 2 | 3;
  /** lvsd duration text; keepalived gets the same in seconds. */
  advertInterval?: string;
  preempt?: boolean;
  vips: string[];
  excluded?: string[];
  peers?: string[];
  source?: string;
  transport?: 'raw' | 'udp';
  udpPort?: number;
  trackInterfaces?: { name: string; weight: number }[];
  masterDelay?: string;
  masterRepeat?: number;
  routes?: { to: string; via?: string; dev?: string }[];
  password?: string;
}

/** A temporary directory for one test's files; removed by the returned cleanup. */
export function scratch(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lvsd-netns-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** lvsd settings beyond the instances: global keys (merged over the suite's), notify per instance. */
export interface LvsdExtras {
  global?: Record<string, unknown>;
  notify?: Record<string, Record<string, string[]>>;
  /** Where the file goes (default `${name}.yaml`), for a second file of the same director. */
  file?: string;
}

export function writeLvsdConfig(
  dir: string,
  name: string,
  instances: Record<string, InstanceOptions>,
  extras: LvsdExtras = {},
): string {
  const vrrp: Record<string, unknown> = {};
  for (const [key, o] of Object.entries(instances)) {
    vrrp[key] = {
      interface: 'eth0',
      virtual_router_id: o.vrid ?? 51,
      version: o.version ?? 3,
      priority: o.priority,
      advert_interval: o.advertInterval ?? '50ms',
      preempt: o.preempt ?? true,
      virtual_ipaddresses: o.vips,
      virtual_ipaddresses_excluded: o.excluded ?? [],
      ...(o.peers ? { unicast_peers: o.peers } : {}),
      ...(o.source ? { unicast_source: o.source } : {}),
      ...(o.transport ? { transport: o.transport } : {}),
      ...(o.udpPort ? { udp_port: o.udpPort } : {}),
      ...(o.trackInterfaces ? { track_interfaces: o.trackInterfaces } : {}),
      ...(o.routes ? { virtual_routes: o.routes } : {}),
      ...(o.password ? { authentication: { type: 'pass', password: o.password } } : {}),
      garp: { master_delay: o.masterDelay ?? '1s', master_repeat: o.masterRepeat ?? 5 },
      ...(extras.notify?.[key] ? { notify: extras.notify[key] } : {}),
    };
  }
  const config = {
    global: {
      router_id: name,
      state_dir: join(dir, `${name}-state`),
      // Each director its own pid file and control socket (namespaces share the file system).
      control_socket: join(dir, `${name}.sock`),
      pid_file: join(dir, `${name}.pid`),
      log: { level: 'debug' },
      ...extras.global,
    },
    vrrp_instances: vrrp,
  };
  const path = join(dir, extras.file ?? `${name}.yaml`);
  writeFileSync(path, JSON.stringify(config, null, 1));
  return path;
}

function seconds(text: string): string {
  const m = /^(\d+)(ms|s)$/.exec(text);
  if (m === null) throw new Error(`unsupported duration ${text}`);
  return m[2] === 'ms' ? String(Number(m[1]) / 1000) : (m[1] as string);
}

/** A keepalived.conf with one vrrp_instance VI_1 (state BACKUP, as the measured runs used). */
export function writeKeepalivedConfig(dir: string, name: string, o: InstanceOptions): string {
  const lines = [
    'global_defs {',
    `  router_id ${name}`,
    '  script_user root',
    '  enable_script_security',
    '}',
    'vrrp_instance VI_1 {',
    '  state BACKUP',
    '  interface eth0',
    `  virtual_router_id ${o.vrid ?? 51}`,
    `  version ${o.version ?? 3}`,
    `  priority ${o.priority}`,
    `  advert_int ${seconds(o.advertInterval ?? '50ms')}`,
    `  garp_master_delay ${seconds(o.masterDelay ?? '1s')}`,
    ...(o.preempt === false ? ['  nopreempt'] : []),
    ...(o.password ? ['  authentication {', '    auth_type PASS', `    auth_pass ${o.password}`, '  }'] : []),
    ...(o.source ? [`  unicast_src_ip ${o.source}`] : []),
    ...(o.peers ? ['  unicast_peer {', ...o.peers.map((p) => `    ${p}`), '  }'] : []),
    '  virtual_ipaddress {',
    ...o.vips.map((v) => `    ${v} dev eth0`),
    '  }',
    '}',
  ];
  const path = join(dir, `${name}.conf`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
