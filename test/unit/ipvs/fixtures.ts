// The kernel's raw replies captured in the QEMU guest (test/kernel/tools/capture-replies.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/paths.js';

interface Capture {
  familyId: number;
  exchanges: Record<string, { request: string; replies: string[] }>;
}

export const capture = JSON.parse(
  readFileSync(join(repoRoot, 'test/fixtures/ipvs/kernel-replies.json'), 'utf8'),
) as Capture;

/** The reply datagrams of one captured exchange. */
export function replies(name: string): Uint8Array[] {
  const exchange = capture.exchanges[name];
  if (exchange === undefined) throw new Error(`no captured exchange "${name}"`);
  return exchange.replies.map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
}
