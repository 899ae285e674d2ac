// vrrp_scripts run on their interval and report pass/fail; track files report their integer.
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config/load.js';
import { TrackerRunner, type TrackerResult } from '../../../src/daemon/tracker-runner.js';
import { createLogger } from '../../../src/lib/logger.js';

test('scripts report exit status, files their value; stop ends the timers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lvsd-trackers-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'maint');
  writeFileSync(file, '3\n');
  writeFileSync(
    join(dir, 'lvsd.yaml'),
    [
      'vrrp_scripts:',
      '  good: { command: ["/bin/true"], interval: 50ms }',
      '  bad: { command: ["/bin/false"], interval: 50ms }',
      '  slow: { command: ["/bin/sleep", "5"], interval: 50ms, timeout: 30ms }',
      'vrrp_track_files:',
      `  maint: { path: ${file}, weight: -10 }`,
      'vrrp_instances:',
      '  web:',
      '    interface: eth0',
      '    virtual_router_id: 51',
      '    track_scripts: [good, bad, slow]',
      '    track_files: [maint]',
    ].join('\n'),
  );
  const loaded = loadConfig(join(dir, 'lvsd.yaml'), { hostname: 't' });
  if (!loaded.ok) return t.fail(JSON.stringify(loaded.issues));
  const config = { ...loaded.config, global: { ...loaded.config.global, script_user: undefined } };
  const results: TrackerResult[] = [];
  const log = createLogger({
    level: 'error',
    format: 'text',
    stream: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  const runner = new TrackerRunner(config, (r) => results.push(r), log);
  runner.start();
  await new Promise((r) => setTimeout(r, 300));
  runner.stop();
  const of = (name: string) => results.filter((r) => r.name === name);
  t.true(of('good').length >= 2 && of('good').every((r) => r.type === 'script' && r.ok));
  t.true(of('bad').length >= 2 && of('bad').every((r) => r.type === 'script' && !r.ok));
  t.true(of('slow').length >= 1 && of('slow').every((r) => r.type === 'script' && !r.ok), 'a timeout fails');
  t.deepEqual(of('maint'), [{ type: 'file', name: 'maint', value: 3 }], 'reported once until it changes');
  const count = results.length;
  await new Promise((r) => setTimeout(r, 120));
  t.is(results.length, count, 'nothing after stop');
});
