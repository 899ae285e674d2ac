// Network namespaces for the netns suite: one namespace per host (directors, client), joined by a bridge
// that lives in a namespace of its own. Names are unique per process and lab; everything a lab creates is
// removed by destroy(), also when a test fails (t.teardown) or the process exits. Addresses come from
// documentation/benchmark ranges and exist only inside these namespaces; nothing is routed out.
import { spawnSync } from 'node:child_process';

export const SUBNET4 = '198.18.0';
export const SUBNET6 = '2001:db8:18::';

export interface Lab {
  readonly prefix: string;
  /** The namespace of a host. */
  ns(host: string): string;
  readonly bridgeNs: string;
  /** Runs a command in a host's namespace (throws on failure); returns stdout. */
  exec(host: string, argv: readonly string[]): string;
  /** Like exec, but returns the exit status instead of throwing. */
  tryExec(host: string, argv: readonly string[]): { status: number; stdout: string; stderr: string };
  /** The host's IPv4 / IPv6 address on the lab network (index from 1, in creation order). */
  ipv4(host: string): string;
  ipv6(host: string): string;
  /** Sets a host's lab link (eth0) up or down, from the bridge side (as a cable pull would). */
  cable(host: string, up: boolean): void;
  destroy(): void;
}

const live = new Set<Lab>();
let counter = 0;
process.on('exit', () => {
  for (const lab of live) lab.destroy();
});

function run(argv: readonly string[]): { status: number; stdout: string; stderr: string } {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd as string, args, { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? r.error?.message ?? '' };
}

function must(argv: readonly string[]): string {
  // `ip netns add` can race with another process setting up /run/netns the first time: retry once.
  let r = run(argv);
  if (r.status !== 0) r = run(argv);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

export function createLab(hosts: readonly string[]): Lab {
  const prefix = `lv${process.pid.toString(36)}${(counter++).toString(36)}`;
  const ns = (host: string) => `${prefix}-${host}`;
  const bridgeNs = `${prefix}-br`;
  const index = new Map(hosts.map((h, i) => [h, i + 1]));
  const created: string[] = [];
  let destroyed = false;
  const lab: Lab = {
    prefix,
    ns,
    bridgeNs,
    exec: (host, argv) => must(['ip', 'netns', 'exec', ns(host), ...argv]),
    tryExec: (host, argv) => run(['ip', 'netns', 'exec', ns(host), ...argv]),
    ipv4: (host) => `${SUBNET4}.${index.get(host) ?? 0}`,
    ipv6: (host) => `${SUBNET6}${index.get(host) ?? 0}`,
    cable: (host, up) => must(['ip', '-n', bridgeNs, 'link', 'set', `${prefix}${host}`, up ? 'up' : 'down']),
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      live.delete(lab);
      // Processes still running in the lab's namespaces were started by its test: end them first.
      for (const name of created) {
        const pids = run(['ip', 'netns', 'pids', name])
          .stdout.split(/\s+/)
          .filter((p) => /^\d+$/.test(p));
        for (const pid of pids) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      for (const name of created.reverse()) run(['ip', 'netns', 'del', name]);
    },
  };
  live.add(lab);
  try {
    must(['ip', 'netns', 'add', bridgeNs]);
    created.push(bridgeNs);
    must(['ip', '-n', bridgeNs, 'link', 'add', 'br0', 'type', 'bridge']);
    must(['ip', '-n', bridgeNs, 'link', 'set', 'br0', 'up']);
    for (const host of hosts) {
      must(['ip', 'netns', 'add', ns(host)]);
      created.push(ns(host));
      // No duplicate address detection: link-local sources and VIPs are usable at once.
      for (const key of ['all', 'default'])
        must(['ip', 'netns', 'exec', ns(host), 'sysctl', '-qw', `net.ipv6.conf.${key}.accept_dad=0`]);
      must(['ip', '-n', ns(host), 'link', 'set', 'lo', 'up']);
      const peer = `${prefix}${host}`;
      must([
        'ip',
        '-n',
        bridgeNs,
        'link',
        'add',
        peer,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        ns(host),
      ]);
      must(['ip', '-n', bridgeNs, 'link', 'set', peer, 'master', 'br0', 'up']);
      must(['ip', '-n', ns(host), 'addr', 'add', `${lab.ipv4(host)}/24`, 'dev', 'eth0']);
      must(['ip', '-n', ns(host), 'addr', 'add', `${lab.ipv6(host)}/64`, 'dev', 'eth0', 'nodad']);
      must(['ip', '-n', ns(host), 'link', 'set', 'eth0', 'up']);
    }
  } catch (e) {
    lab.destroy();
    throw e;
  }
  return lab;
}

/** The addresses on a host's interface, as `ip -br addr` shows them. */
export function addressesOf(lab: Lab, host: string, dev = 'eth0'): string[] {
  const out = lab.exec(host, ['ip', '-j', 'addr', 'show', 'dev', dev]);
  const parsed = JSON.parse(out) as { addr_info?: { local: string; prefixlen: number }[] }[];
  return (parsed[0]?.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`);
}

export function hasAddress(lab: Lab, host: string, address: string, dev = 'eth0'): boolean {
  return addressesOf(lab, host, dev).some((a) => a.split('/')[0] === address);
}
