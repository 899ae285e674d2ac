// NAT end to end: namespaces for a client and two real servers (busybox httpd) around the guest's
// root namespace as the director, programmed by lvsd's manager; 100 requests to the VIP under rr,
// then under wrr 3:1 after a reload.
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { Lines, manager, writeConfig } from './lvs.js';
import { ipvsadm, sh } from './util.js';

const DIR = '/tmp/lvsd-kernel/nat';
const VIP = '192.0.2.10';

function topology(): void {
  sh('sysctl -qw net.ipv4.ip_forward=1');
  sh('ip netns add client && ip netns add rs1 && ip netns add rs2');
  sh('ip link add c0 type veth peer name d-c0 && ip link set c0 netns client');
  sh(`ip addr add 192.0.2.1/24 dev d-c0 && ip addr add ${VIP}/32 dev d-c0 && ip link set d-c0 up`);
  sh(
    'ip -n client addr add 192.0.2.2/24 dev c0 && ip -n client link set c0 up && ip -n client link set lo up',
  );
  sh('ip -n client route add default via 192.0.2.1');
  for (const n of [1, 2]) {
    sh(`ip link add r${n} type veth peer name d-r${n} && ip link set r${n} netns rs${n}`);
    sh(`ip addr add 10.1.${n}.1/24 dev d-r${n} && ip link set d-r${n} up`);
    sh(
      `ip -n rs${n} addr add 10.1.${n}.2/24 dev r${n} && ip -n rs${n} link set r${n} up && ip -n rs${n} link set lo up`,
    );
    sh(`ip -n rs${n} route add default via 10.1.${n}.1`);
  }
}

function startServers(): ChildProcess[] {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(`${DIR}/loop.sh`, LOOP);
  return [1, 2].map((n) => {
    mkdirSync(`${DIR}/www${n}`, { recursive: true });
    writeFileSync(`${DIR}/www${n}/index.html`, `rs${n}\n`);
    return spawn(
      'ip',
      ['netns', 'exec', `rs${n}`, 'busybox', 'httpd', '-f', '-p', '8080', '-h', `${DIR}/www${n}`],
      {
        stdio: 'ignore',
      },
    );
  });
}

/** HTTP/1.0 GETs with busybox nc (static busybox's wget crashes in the chroot), one connection each. */
const LOOP = `# loop.sh HOST PORT COUNT: prints the last body line of each GET, or "failed"
i=0
while [ $i -lt $3 ]; do
  out=$(printf 'GET / HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 5 "$1" "$2" | tail -n 1)
  echo "\${out:-failed}"
  i=$((i+1))
done
`;

/** count requests from the client namespace; counts by server. */
function requests(count: number): Record<string, number> {
  const out = sh(`ip netns exec client sh ${DIR}/loop.sh ${VIP} 80 ${count}`);
  const counts: Record<string, number> = {};
  for (const line of out.split('\n').filter((l) => l !== '')) counts[line] = (counts[line] ?? 0) + 1;
  return counts;
}

function config(scheduler: string, w1: number, w2: number) {
  return writeConfig(DIR, [
    'global:',
    `  state_dir: ${DIR}/state`,
    '  lvs_flush_on_stop: true',
    'virtual_servers:',
    `  - address: ${VIP}`,
    '    port: 80',
    `    scheduler: ${scheduler}`,
    '    forwarding: nat',
    '    real_servers:',
    `      - { address: 10.1.1.2, port: 8080, weight: ${w1} }`,
    `      - { address: 10.1.2.2, port: 8080, weight: ${w2} }`,
  ]);
}

export async function nat() {
  ipvsadm('-C');
  topology();
  const servers = startServers();
  try {
    for (const n of [1, 2])
      sh(
        `for i in $(seq 50); do ip netns exec rs${n} sh ${DIR}/loop.sh 127.0.0.1 8080 1 | grep -qx rs${n} && exit 0; sleep 0.2; done; exit 1`,
      );
    const log = new Lines();
    const m = manager(`${DIR}/state`, log);
    const startPlan = await m.start(config('rr', 1, 1));
    const rr = requests(100);
    const rrStats = ipvsadm('-Ln', '--stats', '--exact');
    const reloadPlan = await m.reload(config('wrr', 3, 1));
    ipvsadm('-Z');
    const wrr = requests(100);
    const wrrStats = ipvsadm('-Ln', '--stats', '--exact');
    const table = ipvsadm('-Ln');
    await m.stop();
    return {
      rr,
      wrr,
      rrStats,
      wrrStats,
      table,
      startPlan,
      reloadPlan,
      log: log.lines,
      after: ipvsadm('-Ln'),
    };
  } finally {
    for (const s of servers) s.kill();
  }
}
