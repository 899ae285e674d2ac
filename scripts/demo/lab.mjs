/* global setTimeout */
// The demo's network: namespaces for two directors and a client, joined by a bridge in a namespace of
// its own; addresses from the benchmark range 198.18.0.0/15, which exist only inside these namespaces.
// Processes started here get their own process group and are ended by pid; destroy() ends them and
// removes every namespace, also from an exit handler.
import { spawn, spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';

export const SUBNET = '198.18.0';

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function run(argv, check = true) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 20_000 });
  if (check && r.status !== 0)
    throw new Error(`${argv.join(' ')}: ${(r.stderr || r.error?.message || '').trim()}`);
  return r;
}

export function createLab(hosts) {
  const prefix = `lvdemo${process.pid.toString(36)}`;
  const ns = (host) => `${prefix}-${host}`;
  const br = `${prefix}-br`;
  const procs = new Set();
  const made = [];
  let destroyed = false;
  const lab = {
    ns,
    ip: (host) => `${SUBNET}.${hosts.indexOf(host) + 1}`,
    exec: (host, argv, check = true) => run(['ip', 'netns', 'exec', ns(host), ...argv], check),
    cable: (host, up) => run(['ip', '-n', br, 'link', 'set', `${prefix}${host}`, up ? 'up' : 'down']),
    /** Starts a command in a host, its output appended to logPath (or piped when logPath is null). */
    start(host, argv, logPath) {
      const fd = logPath === null ? 'pipe' : openSync(logPath, 'a');
      const child = spawn('ip', ['netns', 'exec', ns(host), ...argv], {
        detached: true,
        stdio: ['ignore', fd, fd],
      });
      procs.add(child);
      child.on('exit', () => procs.delete(child));
      return child;
    },
    /** SIGKILL of a process group this lab started. */
    killGroup(child) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    },
    hasAddress(host, address) {
      const out = lab.exec(host, ['ip', '-j', 'addr', 'show', 'dev', 'eth0']).stdout;
      return JSON.parse(out)[0]?.addr_info?.some((a) => a.local === address) ?? false;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const child of procs) lab.killGroup(child);
      for (const name of made.reverse()) run(['ip', 'netns', 'del', name], false);
    },
  };
  process.on('exit', () => lab.destroy());
  try {
    run(['ip', 'netns', 'add', br]);
    made.push(br);
    run(['ip', '-n', br, 'link', 'add', 'br0', 'type', 'bridge']);
    run(['ip', '-n', br, 'link', 'set', 'br0', 'up']);
    for (const host of hosts) {
      run(['ip', 'netns', 'add', ns(host)]);
      made.push(ns(host));
      run(['ip', '-n', ns(host), 'link', 'set', 'lo', 'up']);
      run([
        'ip',
        '-n',
        br,
        'link',
        'add',
        `${prefix}${host}`,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        ns(host),
      ]);
      run(['ip', '-n', br, 'link', 'set', `${prefix}${host}`, 'master', 'br0', 'up']);
      run(['ip', '-n', ns(host), 'addr', 'add', `${lab.ip(host)}/24`, 'dev', 'eth0']);
      run(['ip', '-n', ns(host), 'link', 'set', 'eth0', 'up']);
    }
  } catch (e) {
    lab.destroy();
    throw e;
  }
  return lab;
}
