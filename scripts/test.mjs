#!/usr/bin/env node
// The test command. It builds, runs every suite it can, names what it skipped and why, and prints
// each suite's wall time. With LVSD_TEST_REQUIRE_ALL=1 a skipped suite fails the run.
//
//   npm test                      all suites this machine can run
//   npm test -- unit sim          only these suites
//   npm test -- --node /path/node run the suites under another Node binary (CI: Node 24)
//   npm test -- --no-build        use the existing dist/
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const nodeBin = takeOption('--node') ?? process.execPath;
const build = !takeFlag('--no-build');
const requireAll = process.env.LVSD_TEST_REQUIRE_ALL === '1';

/** Each suite says why it cannot run here, or null when it can. */
const suites = [
  { name: 'unit', serial: false, cannotRun: () => null },
  { name: 'sim', serial: false, cannotRun: () => null },
  { name: 'netns', serial: true, cannotRun: whyNoNetns },
  { name: 'kernel', serial: true, cannotRun: whyNoQemu },
];

const wanted = args.filter((a) => !a.startsWith('-'));
for (const name of wanted) {
  if (!suites.some((s) => s.name === name))
    fail(`unknown suite "${name}" (known: ${suites.map((s) => s.name).join(', ')})`);
}

if (build) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) fail('the TypeScript build failed');
  console.log(`build: ${seconds(Date.now() - t0)}`);
}

const results = [];
for (const suite of suites) {
  if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
  const files = testFiles(join(root, 'test', suite.name));
  if (files.length === 0) {
    results.push({ suite: suite.name, outcome: 'empty', detail: 'no tests yet' });
    continue;
  }
  const why = suite.cannotRun();
  if (why !== null) {
    results.push({ suite: suite.name, outcome: 'SKIPPED', detail: why });
    continue;
  }
  console.log(`\n=== suite ${suite.name} (${files.length} files, node ${nodeVersion()}) ===`);
  const t0 = Date.now();
  const avaArgs = [
    join(root, 'node_modules/ava/entrypoints/cli.mjs'),
    ...files.map((f) => f.slice(root.length)),
  ];
  if (suite.serial) avaArgs.push('--serial', '--concurrency=1');
  const r = spawnSync(nodeBin, avaArgs, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, LVSD_SUITE: suite.name },
  });
  const ms = Date.now() - t0;
  results.push({ suite: suite.name, outcome: r.status === 0 ? 'passed' : 'FAILED', detail: seconds(ms) });
}

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.suite.padEnd(8)} ${r.outcome.padEnd(8)} ${r.detail}`);
const failed = results.filter((r) => r.outcome === 'FAILED');
const skipped = results.filter((r) => r.outcome === 'SKIPPED');
if (skipped.length > 0) {
  console.log('');
  for (const s of skipped) console.log(`!!! SUITE ${s.suite.toUpperCase()} WAS NOT RUN: ${s.detail}`);
  if (requireAll) console.log('!!! LVSD_TEST_REQUIRE_ALL=1: a skipped suite is a failure');
}
process.exit(failed.length > 0 || (requireAll && skipped.length > 0) ? 1 : 0);

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...testFiles(path));
    else if (entry.endsWith('.test.ts')) out.push(path);
  }
  return out.sort();
}

function whyNoNetns() {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces); run as root, e.g. sudo npm test';
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    return `"ip netns" does not work here: ${r.error?.message ?? r.stderr.trim()}`;
  return null;
}

function whyNoQemu() {
  if (process.getuid?.() !== 0) return 'needs root (QEMU guest with a 9p share of /)';
  const r = spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    return 'qemu-system-x86_64 is not installed (apt-get install -y qemu-system-x86; .ci/run does)';
  // The guest's kernel, busybox and ipvsadm: downloaded once with apt-get download into the cache
  // ($LVSD_QEMU_CACHE, default /var/cache/lvsd-test), then the initramfs is built (idempotent).
  const t0 = Date.now();
  const p = spawnSync('bash', [join(root, 'test/kernel/harness/prepare.sh')], { encoding: 'utf8' });
  if (p.status !== 0) {
    const reason = (p.stderr || p.error?.message || 'prepare.sh failed').trim().split('\n').at(-1);
    return `the QEMU guest could not be prepared: ${reason}`;
  }
  const kernel = /KERNEL_VERSION=(\S+)/.exec(p.stdout)?.[1] ?? '?';
  console.log(`kernel suite: guest kernel ${kernel} prepared in ${seconds(Date.now() - t0)}`);
  return null;
}

function nodeVersion() {
  return spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

function takeOption(name) {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined) fail(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

function takeFlag(name) {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function fail(message) {
  console.error(`test: ${message}`);
  process.exit(2);
}
