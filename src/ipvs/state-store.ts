// What lvsd records in state_dir about IPVS: the entries it owns (created or adopted), so that a
// restart removes recorded entries no longer configured and leaves foreign ones alone, and the last
// plan it applied, for operators and tests. Files are replaced atomically (write, then rename).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IpvsPlan } from './plan.js';

export interface IpvsStateStore {
  /** The owned set; a missing file is an empty set; a broken one is an empty set and a warning. */
  loadOwned(): Promise<{ owned: Set<string>; warning?: string }>;
  saveOwned(owned: ReadonlySet<string>): Promise<void>;
  savePlan(plan: IpvsPlan): Promise<void>;
}

export const OWNED_FILE = 'ipvs-owned.json';
export const PLAN_FILE = 'ipvs-last-plan.json';

export class FileStateStore implements IpvsStateStore {
  constructor(readonly stateDir: string) {}

  async loadOwned(): Promise<{ owned: Set<string>; warning?: string }> {
    const path = join(this.stateDir, OWNED_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { owned: new Set() };
      return { owned: new Set(), warning: `cannot read ${path}: ${(e as Error).message}` };
    }
    try {
      const data = JSON.parse(text) as { version?: unknown; owned?: unknown };
      if (data.version !== 1 || !Array.isArray(data.owned) || !data.owned.every((x) => typeof x === 'string'))
        throw new Error('not an lvsd IPVS ownership file (version 1)');
      return { owned: new Set(data.owned as string[]) };
    } catch (e) {
      return { owned: new Set(), warning: `ignoring ${path}: ${(e as Error).message}` };
    }
  }

  async saveOwned(owned: ReadonlySet<string>): Promise<void> {
    await this.write(OWNED_FILE, { version: 1, owned: [...owned].sort() });
  }

  async savePlan(plan: IpvsPlan): Promise<void> {
    await this.write(PLAN_FILE, plan);
  }

  private async write(name: string, data: unknown): Promise<void> {
    await mkdir(this.stateDir, { recursive: true, mode: 0o700 });
    const path = join(this.stateDir, name);
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, path);
  }
}

/** For tests and for running without a state directory. */
export class MemoryStateStore implements IpvsStateStore {
  owned = new Set<string>();
  plans: IpvsPlan[] = [];

  async loadOwned() {
    return { owned: new Set(this.owned) };
  }

  async saveOwned(owned: ReadonlySet<string>) {
    this.owned = new Set(owned);
  }

  async savePlan(plan: IpvsPlan) {
    this.plans.push(plan);
  }
}
