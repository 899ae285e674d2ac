#!/usr/bin/env node
// The build: TypeScript to dist/, then the command entry points made executable (npm links them as
// bins; in a fresh clone tsc writes them 0644).
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', root], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
for (const bin of ['lvsd', 'lvsctl']) chmodSync(join(root, 'dist/src/cli', `${bin}.js`), 0o755);
