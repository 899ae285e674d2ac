// The simulated network: one broadcast domain (multicast adverts reach every other member of the
// VRID), with loss, delay, duplication, reordering and partitions. Randomness comes from the world's
// seeded source, so a seed replays exactly.
import type { Random } from '../../src/lib/random.js';

export interface LinkConfig {
  /** Probability that a packet is lost. */
  loss: number;
  /** Each packet is delayed by a uniform 0..delayMaxMs. */
  delayMaxMs: number;
  /** Probability that a packet is delivered twice (each copy with its own delay). */
  duplicate: number;
  /** Probability that a packet is held back by an extra delayMaxMs (overtaken by later ones). */
  reorder: number;
}

export const PERFECT_LINK: LinkConfig = { loss: 0, delayMaxMs: 0, duplicate: 0, reorder: 0 };

/** The longest a packet can take on this link (delay plus a reorder hold-back). */
export function worstDelayMs(link: LinkConfig): number {
  return link.reorder > 0 ? 2 * link.delayMaxMs : link.delayMaxMs;
}

export class SimNetwork {
  link: LinkConfig;
  private readonly cut = new Set<string>();

  constructor(
    private readonly rng: Random,
    link: Partial<LinkConfig> = {},
  ) {
    this.link = { ...PERFECT_LINK, ...link };
  }

  /** Cuts both directions between a and b. */
  partition(a: string, b: string): void {
    this.cut.add(key(a, b));
  }

  /** Cuts `a` from every node in `others`. */
  isolate(a: string, others: readonly string[]): void {
    for (const b of others) if (b !== a) this.partition(a, b);
  }

  heal(): void {
    this.cut.clear();
  }

  get partitioned(): boolean {
    return this.cut.size > 0;
  }

  connected(a: string, b: string): boolean {
    return !this.cut.has(key(a, b));
  }

  /** The delays of the copies of one packet from a to b (none: lost or cut). */
  transmit(a: string, b: string): number[] {
    if (!this.connected(a, b)) return [];
    const { loss, duplicate } = this.link;
    if (loss > 0 && this.rng.chance(loss)) return [];
    const first = this.delay();
    return duplicate > 0 && this.rng.chance(duplicate) ? [first, this.delay()] : [first];
  }

  private delay(): number {
    const { delayMaxMs, reorder } = this.link;
    let d = delayMaxMs > 0 ? this.rng.int(0, delayMaxMs) : 0;
    if (reorder > 0 && this.rng.chance(reorder)) d += delayMaxMs;
    return d;
  }
}

function key(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
