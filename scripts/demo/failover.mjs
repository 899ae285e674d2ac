// The failover demo: two lvsd directors (a: priority 150, b: 100, VRRP v3 every 100 ms) and a client
// that pings the VIP every 10 ms. It shows the election, a crash of the master (the takeover and the
// client's gap), the old master's return (preemption), and a reload that adds a VIP, then stops.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLab, sleep, SUBNET } from './lab.mjs';
import { startPinger } from './pinger.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const lvsd = join(root, 'dist/src/cli/lvsd.js');
const lvsctlBin = join(root, 'dist/src/cli/lvsctl.js');
const VIP = `${SUBNET}.100`;
const VIP2 = `${SUBNET}.101`;
const PRIORITY = { a: 150, b: 100 };

function config(dir, host, vips) {
  const yaml = {
    global: {
      router_id: `director-${host}`,
      state_dir: join(dir, `${host}-state`),
      control_socket: join(dir, `${host}.sock`),
      pid_file: join(dir, `${host}.pid`),
      log: { level: 'info' },
    },
    vrrp_instances: {
      web: {
        interface: 'eth0',
        virtual_router_id: 51,
        priority: PRIORITY[host],
        advert_interval: '100ms',
        virtual_ipaddresses: vips.map((v) => `${v}/24`),
      },
    },
  };
  const path = join(dir, `${host}.yaml`);
  writeFileSync(path, `${JSON.stringify(yaml, null, 2)}\n`);
  return path;
}

async function waitFor(what, check, timeoutMs = 5000) {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
  return Date.now() - t0;
}

export async function failoverDemo() {
  const dir = mkdtempSync(join(tmpdir(), 'lvsd-demo-'));
  const lab = createLab(['a', 'b', 'c']);
  const seen = { a: 0, b: 0 };
  const logOf = (host) => join(dir, `${host}.log`);
  const read = (host) => {
    try {
      return readFileSync(logOf(host), 'utf8');
    } catch {
      return '';
    }
  };
  /** Prints the director's new log lines that tell the story (transitions, VIPs, reloads). */
  const show = (host) => {
    const lines = read(host).split('\n');
    for (const line of lines.slice(seen[host])) {
      if (/ -> |VIP (added|removed)|configuration reloaded|died|resum/.test(line))
        console.log(
          `   [${host}] ${line.replace(/^\S+ /, '').replace(/ instance=\S+ from=\S+ to=\S+$/, '')}`,
        );
    }
    seen[host] = Math.max(lines.length - 1, 0);
  };
  const directors = {};
  const start = (host, vips = [VIP]) => {
    directors[host] = lab.start(host, [process.execPath, lvsd, '-f', config(dir, host, vips)], logOf(host));
  };
  const lvsctl = (host, args) =>
    spawnSync(process.execPath, [lvsctlBin, '--socket', join(dir, `${host}.sock`), ...args], {
      encoding: 'utf8',
    });
  const holder = () => ['a', 'b'].filter((h) => lab.hasAddress(h, VIP)).join(',') || 'nobody';
  try {
    console.log(`\n== 1. election: a (priority 150) and b (100), VRRP v3 every 100 ms, VIP ${VIP} ==`);
    start('b');
    await waitFor('b to start', () => / -> BACKUP/.test(read('b')), 10_000);
    start('a');
    await waitFor('a to become MASTER', () => /web: BACKUP -> MASTER/.test(read('a')), 10_000);
    await waitFor('b to hand over', () => !lab.hasAddress('b', VIP), 5000);
    show('b');
    show('a');
    console.log(`   VIP on: ${holder()}`);
    console.log('\n$ lvsctl status   (on a)');
    console.log(lvsctl('a', ['status']).stdout.replace(/^/gm, '   '));

    console.log(`== 2. the client (c) pings ${VIP} every 10 ms ==`);
    const pinger = startPinger(lab, 'c', VIP);
    await waitFor('the first reply', () => pinger.replies.length > 0, 5000);
    await sleep(1000);
    console.log(`   ${pinger.replies.length} replies so far`);

    console.log('\n== 3. the master crashes: SIGKILL of every lvsd process on a, and its link goes down ==');
    const t0 = Date.now();
    lab.killGroup(directors.a);
    lab.cable('a', false);
    const takeoverMs = await waitFor('b to take the VIP', () => lab.hasAddress('b', VIP), 5000);
    await sleep(500);
    show('b');
    const crash = pinger.gapSince(t0);
    console.log(
      `   VIP on b ${takeoverMs} ms after the crash (RFC Master_Down_Interval for b: 3 x 100 + 60 = 360 ms)`,
    );
    console.log(`   the client's longest gap: ${crash.ms.toFixed(0)} ms (${crash.lost} echo replies missed)`);

    console.log('\n== 4. a comes back and preempts (it has the higher priority) ==');
    lab.cable('a', true);
    const t1 = Date.now();
    start('a');
    await waitFor('a to preempt', () => lab.hasAddress('a', VIP) && !lab.hasAddress('b', VIP), 10_000);
    await sleep(500);
    show('a');
    show('b');
    const back = pinger.gapSince(t1);
    console.log(`   VIP on: ${holder()}; the client's longest gap meanwhile: ${back.ms.toFixed(0)} ms`);

    console.log(`\n== 5. reload with a changed VIP set: add ${VIP2} on both directors (lvsctl reload) ==`);
    const t2 = Date.now();
    config(dir, 'a', [VIP, VIP2]);
    config(dir, 'b', [VIP, VIP2]);
    for (const host of ['a', 'b']) {
      const r = lvsctl(host, ['reload']);
      console.log(`   $ lvsctl reload   (on ${host}): exit ${r.status}`);
    }
    await waitFor(`${VIP2} on a`, () => lab.hasAddress('a', VIP2), 5000);
    await sleep(300);
    show('a');
    show('b');
    const ping2 = lab.exec('c', ['ping', '-c1', '-W1', '-n', VIP2], false);
    const reload = pinger.gapSince(t2);
    console.log(`   ${VIP2} answers the client: ${ping2.status === 0 ? 'yes' : 'no'}`);
    console.log(
      `   no state changed; the client's longest gap during the reload: ${reload.ms.toFixed(0)} ms`,
    );
    pinger.stop();

    console.log('\n== 6. stop both directors (SIGTERM: a sends priority 0 and removes its VIPs) ==');
    for (const host of ['b', 'a']) {
      process.kill(directors[host].pid, 'SIGTERM');
      await waitFor(`lvsd on ${host} to stop`, () => directors[host].exitCode !== null, 8000);
      show(host);
    }
    return ping2.status === 0 && crash.ms > 0;
  } finally {
    lab.destroy();
    rmSync(dir, { recursive: true, force: true });
    console.log('\n== namespaces and processes removed ==');
  }
}
