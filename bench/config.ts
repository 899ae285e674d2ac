// Loading and validating generated configurations of 1,000 and 10,000 virtual servers x 10 real
// servers, each with an HTTP check: in-process loadConfig, the whole `lvsd --check` process, and
// for reference the `yaml` package's parseDocument alone (what a positions-everywhere load costs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { loadConfig } from '../src/config/load.js';
import { median, printTable, timeRuns } from './lib/stats.js';

const lvsd = fileURLToPath(new URL('../src/cli/lvsd.js', import.meta.url));

function generate(services: number, reals: number): string {
  const lines = [
    'vrrp_instances:',
    '  web: { interface: eth0, virtual_router_id: 51, virtual_ipaddresses: [192.0.2.10/24] }',
    'virtual_servers:',
  ];
  for (let i = 0; i < services; i++) {
    lines.push(
      `  - address: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      '    port: 80',
      '    scheduler: wrr',
    );
    lines.push('    check_defaults: { interval: 5s, timeout: 2s }', '    real_servers:');
    for (let r = 0; r < reals; r++) {
      lines.push(`      - address: 172.16.${r}.${i % 250}`, '        port: 8080', '        weight: 3');
      lines.push('        check: { http: { path: /healthz, status: ["200-299"] } }');
    }
  }
  return `${lines.join('\n')}\n`;
}

const rows: (string | number)[][] = [
  [
    'virtual servers x reals',
    'size MB',
    'loadConfig ms',
    'lvsd --check ms',
    'yaml parseDocument ms',
    'yaml / loadConfig',
  ],
];
const dir = mkdtempSync(join(tmpdir(), 'lvsd-bench-config-'));
try {
  for (const [services, runs] of [
    [1000, 9],
    [10_000, 3],
  ] as const) {
    const file = join(dir, `lvsd-${services}.yaml`);
    writeFileSync(file, generate(services, 10));
    const text = readFileSync(file, 'utf8');
    const load = median(
      timeRuns(runs, () => {
        const result = loadConfig(file, { hostname: 'bench' });
        if (!result.ok || result.config.virtual_servers.length !== services)
          throw new Error('the generated configuration did not load');
      }),
    );
    const cli = median(
      timeRuns(
        runs,
        () => {
          const r = spawnSync(process.execPath, [lvsd, '--check', '-f', file]);
          if (r.status !== 0) throw new Error(r.stderr.toString());
        },
        0,
      ),
    );
    const yamlOnly = median(
      timeRuns(Math.min(runs, 3), () => void parseDocument(text, { lineCounter: new LineCounter() })),
    );
    rows.push([`${services} x 10`, text.length / 1e6, load, cli, yamlOnly, yamlOnly / load]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
printTable('config: load and validate (medians; target: 1,000 x 10 under 1 s)', rows);
