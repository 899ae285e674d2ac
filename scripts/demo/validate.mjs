// The configuration part of the demo: validate every shipped example, show the normalized
// configuration of one, and show how errors in a broken file are reported. Returns whether all went
// as expected.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const lvsd = join(root, 'dist/src/cli/lvsd.js');
const run = (args) => spawnSync(process.execPath, [lvsd, ...args], { encoding: 'utf8' });

export function validationDemo() {
  console.log('== lvsd --check on every example ==');
  let failed = false;
  const examples = readdirSync(join(root, 'examples'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  for (const file of examples) {
    const r = run(['--check', '-f', join(root, 'examples', file)]);
    console.log(`${r.status === 0 ? 'ok  ' : 'FAIL'} examples/${file}`);
    if (r.status !== 0) {
      failed = true;
      process.stdout.write(r.stderr);
    }
  }

  console.log('\n== lvsd --print-config -f examples/nat-pair/director-a.yaml (VRRP part) ==');
  const printed = run(['--print-config', '-f', join(root, 'examples/nat-pair/director-a.yaml')]);
  console.log(JSON.stringify(JSON.parse(printed.stdout).vrrp_instances.outside, null, 2));

  console.log('\n== a broken configuration: every error, with file:line:column, in one run ==');
  const dir = mkdtempSync(join(tmpdir(), 'lvsd-demo-'));
  try {
    const broken = [
      'vrrp_instances:',
      '  web:',
      '    intreface: eth0',
      '    virtual_router_id: 51',
      '    version: 2',
      '    advert_interval: 50ms',
      '    virtual_ipaddresses: [192.0.2.10/24, "2001:db8::10/64"]',
      'virtual_servers:',
      '  - address: 192.0.2.10',
      '    port: 80',
      '    scheduler: wlcc',
      '    real_servers: [{ address: 10.0.0.1, weight: 70000 }]',
    ];
    writeFileSync(join(dir, 'lvsd.yaml'), `${broken.join('\n')}\n`);
    broken.forEach((line, i) => console.log(`${String(i + 1).padStart(3)} | ${line}`));
    const r = run(['--check', '-f', join(dir, 'lvsd.yaml')]);
    console.log(`\n$ lvsd --check -f lvsd.yaml   (exit ${r.status})`);
    process.stdout.write(r.stderr.replaceAll(`${dir}/`, ''));
    if (r.status !== 1) failed = true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return !failed;
}
