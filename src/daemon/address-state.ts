// What lvsd put on interfaces, recorded in global.state_dir so that the next start can remove what a
// crashed run left behind (keepalived leaves such VIPs, and both directors then answer ARP for them).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RecordedAddress {
  address: string;
  prefixLength: number;
  dev: string;
}

export const ADDRESS_STATE_FILE = 'vrrp-addresses.json';

export interface AddressRecord {
  load(): RecordedAddress[];
  save(addresses: readonly RecordedAddress[]): void;
}

export class FileAddressRecord implements AddressRecord {
  private readonly path: string;

  constructor(
    stateDir: string,
    private readonly onError: (message: string) => void,
  ) {
    this.path = join(stateDir, ADDRESS_STATE_FILE);
    try {
      mkdirSync(stateDir, { recursive: true, mode: 0o755 });
    } catch (e) {
      onError(`cannot create state_dir ${stateDir}: ${String(e)}`);
    }
  }

  load(): RecordedAddress[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return [];
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(isRecorded);
    } catch (e) {
      this.onError(`ignoring unreadable ${this.path}: ${String(e)}`);
      return [];
    }
  }

  save(addresses: readonly RecordedAddress[]): void {
    const tmp = `${this.path}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(addresses, null, 1)}\n`);
      renameSync(tmp, this.path);
    } catch (e) {
      this.onError(`cannot record held addresses in ${this.path}: ${String(e)}`);
    }
  }
}

function isRecorded(x: unknown): x is RecordedAddress {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.address === 'string' && typeof r.prefixLength === 'number' && typeof r.dev === 'string';
}

/** A record kept in memory (tests). */
export class MemoryAddressRecord implements AddressRecord {
  saved: RecordedAddress[] = [];
  load(): RecordedAddress[] {
    return [...this.saved];
  }
  save(addresses: readonly RecordedAddress[]): void {
    this.saved = [...addresses];
  }
}
