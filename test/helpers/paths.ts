// Paths of the repository, from compiled tests (dist/test/...) and sources alike.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist')) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const lvsdBin = join(repoRoot, 'dist/src/cli/lvsd.js');
export const lvsctlBin = join(repoRoot, 'dist/src/cli/lvsctl.js');
