// lvsd --check, --print-config and --print-schema as operators run them: exit codes, output.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withFiles } from '../../helpers/config-files.js';
import { lvsdBin, repoRoot } from '../../helpers/paths.js';

function lvsd(args: string[]) {
  const r = spawnSync(process.execPath, [lvsdBin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const valid = [
  'vrrp_instances:',
  '  web:',
  '    interface: eth0',
  '    virtual_router_id: 51',
  '    advert_interval: 50ms',
];

test('--check exits 0 on a valid configuration', (t) => {
  withFiles({ 'lvsd.yaml': valid }, (dir) => {
    const r = lvsd(['--check', '-f', join(dir, 'lvsd.yaml')]);
    t.is(r.code, 0, r.stderr);
    t.regex(r.stderr, /configuration OK/);
  });
});

test('--check exits 1 with every error on stderr as file:line:column', (t) => {
  withFiles({ 'lvsd.yaml': [...valid, '    priority: 300', '    prempt: false'] }, (dir) => {
    const r = lvsd(['--check', '--config', join(dir, 'lvsd.yaml')]);
    t.is(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    t.deepEqual(lines, [
      `${dir}/lvsd.yaml:6:15: vrrp_instances.web.priority: expected at most 255, got 300`,
      `${dir}/lvsd.yaml:7:5: vrrp_instances.web.prempt: unknown key "prempt"; did you mean "preempt"?`,
      'lvsd: 2 errors in the configuration; nothing was changed',
    ]);
  });
});

test('--check exits 1 for a broken conf.d file and for a broken included file', (t) => {
  withFiles({ 'lvsd.yaml': valid, 'conf.d/10.yaml': ['vrrp_scripts: { x: { command: [] } }'] }, (dir) => {
    const r = lvsd(['--check', '-f', join(dir, 'lvsd.yaml')]);
    t.is(r.code, 1);
    t.regex(r.stderr, /conf\.d\/10\.yaml:1:31: vrrp_scripts\.x\.command: /);
  });
  withFiles({ 'lvsd.yaml': [...valid, 'include: [more.yaml]'], 'more.yaml': ['global: [1]'] }, (dir) => {
    const r = lvsd(['--check', '-f', join(dir, 'lvsd.yaml')]);
    t.is(r.code, 1);
    t.regex(r.stderr, /more\.yaml:1:9: global: expected a map, got a list/);
  });
});

test('--check exits 2 when the main file cannot be read', (t) => {
  withFiles({}, (dir) => {
    const r = lvsd(['--check', '-f', join(dir, 'absent.yaml')]);
    t.is(r.code, 2);
    t.regex(r.stderr, /absent\.yaml:1:1: cannot read the configuration file: no such file/);
  });
});

test('--print-config prints every default, durations in ms, shorthands expanded', (t) => {
  const files = {
    'lvsd.yaml': [
      'global: { router_id: a }',
      ...valid,
      '    virtual_ipaddresses: [192.0.2.10/24, 192.0.2.11]',
      '    track_interfaces: [eth1]',
      'virtual_servers:',
      '  - address: 192.0.2.10',
      '    port: 80',
      '    persistence: {}',
      '    real_servers:',
      '      - address: 10.0.0.1',
      '        check: { http: { interval: 5s } }',
    ],
  };
  withFiles(files, (dir) => {
    const r = lvsd(['--print-config', '-f', join(dir, 'lvsd.yaml')]);
    t.is(r.code, 0, r.stderr);
    const config = JSON.parse(r.stdout);
    t.deepEqual(config.global, {
      router_id: 'a',
      state_dir: '/var/lib/lvsd',
      control_socket: '/run/lvsd/lvsd.sock',
      pid_file: '/run/lvsd/lvsd.pid',
      log: { level: 'info', format: 'text' },
      vrrp_realtime_priority: 50,
      lvs_flush: false,
      lvs_flush_on_stop: false,
    });
    const web = config.vrrp_instances.web;
    t.like(web, {
      version: 3,
      state: 'backup',
      priority: 100,
      advert_interval: 50,
      preempt: true,
      preempt_delay: 0,
      accept: true,
      transport: 'raw',
      unicast_peers: [],
      v3_checksum_as_v2: false,
      garp: { master_delay: 5000, master_repeat: 5, master_refresh: 0, master_refresh_repeat: 1 },
    });
    t.false('udp_port' in web);
    t.deepEqual(web.virtual_ipaddresses, [
      { address: '192.0.2.10', prefix_length: 24 },
      { address: '192.0.2.11', prefix_length: 32 },
    ]);
    t.deepEqual(web.track_interfaces, [{ name: 'eth1', weight: 0 }]);
    const vs = config.virtual_servers[0];
    t.like(vs, {
      protocol: 'tcp',
      scheduler: 'wlc',
      forwarding: 'nat',
      family: 'ipv4',
      alpha: false,
      one_packet: false,
    });
    t.deepEqual(vs.persistence, { timeout: 300000, netmask: '255.255.255.255', prefix_length: 32 });
    t.deepEqual(vs.check_defaults, { interval: 60000, timeout: 5000, retry: 1, retry_delay: 1000, rise: 1 });
    t.deepEqual(vs.quorum, { min_weight: 1, hysteresis: 0 });
    const rs = vs.real_servers[0];
    t.like(rs, { port: 80, weight: 1, forwarding: 'nat', inhibit_on_failure: false });
    t.false('check' in rs);
    t.deepEqual(rs.checks, [
      {
        type: 'http',
        path: '/',
        method: 'GET',
        status: [{ min: 200, max: 299 }],
        interval: 5000,
        timeout: 5000,
        retry: 1,
        retry_delay: 1000,
        rise: 1,
      },
    ]);
  });
});

test('--print-config applies command-line overrides; bad flags exit 64', (t) => {
  withFiles({ 'lvsd.yaml': valid }, (dir) => {
    const r = lvsd([
      '--print-config',
      '-f',
      join(dir, 'lvsd.yaml'),
      '--control-socket',
      '/tmp/x.sock',
      '--log-level',
      'debug',
      '--log-format',
      'json',
    ]);
    t.is(r.code, 0, r.stderr);
    const config = JSON.parse(r.stdout);
    t.is(config.global.control_socket, '/tmp/x.sock');
    t.deepEqual(config.global.log, { level: 'debug', format: 'json' });
    t.is(lvsd(['--log-level', 'loud']).code, 64);
    t.is(lvsd(['--bogus']).code, 64);
    t.is(lvsd(['--check', '--print-config']).code, 64);
  });
});

const exampleFiles = [
  ...readdirSync(join(repoRoot, 'examples'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join('examples', f)),
  ...readdirSync(join(repoRoot, 'conf.d')).map((f) => join('conf.d', f)),
].sort();

test('the examples cover the documented deployments', (t) => {
  for (const dir of ['nat-pair', 'dr', 'tun', 'ipv6', 'unicast', 'fwmark', 'cloud-udp']) {
    t.true(
      exampleFiles.some((f) => f.startsWith(`examples/${dir}/`)),
      dir,
    );
  }
});

for (const file of exampleFiles) {
  test(`${file} passes lvsd --check and references the JSON Schema`, (t) => {
    const r = lvsd(['--check', '-f', join(repoRoot, file)]);
    t.is(r.code, 0, r.stderr);
    t.regex(
      readFileSync(join(repoRoot, file), 'utf8'),
      /^# yaml-language-server: \$schema=(\.\.\/)+schema\/lvsd\.schema\.json$/m,
    );
  });
}

test('npx lvsd and npx lvsctl work from the repository root', (t) => {
  for (const bin of ['lvsd', 'lvsctl']) {
    const r = spawnSync('npx', ['--no-install', bin, '--version'], { cwd: repoRoot, encoding: 'utf8' });
    t.is(r.status, 0, r.stderr);
    t.regex(r.stdout, new RegExp(`^${bin} \\d+\\.\\d+\\.\\d+\\n$`));
  }
});
