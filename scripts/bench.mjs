#!/usr/bin/env node
// Runs the benchmarks in dist/bench/ (built from bench/*.ts): all of them, or those named.
//   npm run bench               every benchmark
//   npm run bench -- config     only bench/config.ts
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../dist/bench', import.meta.url));
const names = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => f.slice(0, -3))
      .sort()
  : [];
const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (!names.includes(w)) {
    console.error(`bench: no benchmark "${w}" (known: ${names.join(', ')})`);
    process.exit(2);
  }
}
let failed = false;
for (const name of wanted.length > 0 ? wanted : names) {
  console.log(`\n##### bench ${name}`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(dir, `${name}.js`)], { stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
