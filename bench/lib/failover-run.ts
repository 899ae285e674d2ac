// One failover measurement for bench/failover.ts: the master (a, priority 150) stops at a random phase
// of its advert cycle while b (100) is backup and the client pings the VIP every 10 ms; a capture at
// the bridge gives the takeover (b's first advert minus a's last advert, or its priority-0 advert),
// the ping output the client's longest gap. Afterwards a is started again and preempts.
import { spawnIn, type Proc } from '../../test/netns/helpers/procs.js';
import { startCapture } from '../../test/netns/helpers/capture.js';
import { advertsIn } from '../../test/netns/helpers/checks.js';
import { hasAddress, type Lab } from '../../test/netns/helpers/lab.js';
import { sleep, waitFor } from '../../test/netns/helpers/wait.js';

export type Mode = 'crash' | 'sigterm';

export interface Director {
  /** Starts the daemon on the host (a or b). */
  start(host: string): Proc;
}

export interface Sample {
  takeoverMs: number;
  gapMs: number;
}

export interface RunContext {
  lab: Lab;
  dir: string;
  vip: string;
  intervalMs: number;
  director: Director;
  procs: Record<string, Proc>;
}

/** Brings a back as MASTER (after a run) and waits until it is settled. */
export async function settle(ctx: RunContext, deadlineMs: number): Promise<void> {
  const { lab, vip } = ctx;
  await waitFor(
    'a to hold the VIP alone',
    () => hasAddress(lab, 'a', vip) && !hasAddress(lab, 'b', vip),
    deadlineMs,
  );
  await sleep(Math.max(300, 4 * ctx.intervalMs));
}

export async function measure(ctx: RunContext, mode: Mode): Promise<Sample> {
  const { lab, vip, intervalMs } = ctx;
  const a = ctx.procs.a as Proc;
  const capture = await startCapture(lab, ctx.dir, 'ip proto 112');
  const ping = spawnIn(lab.ns('c'), 'ping', ['ping', '-n', '-D', '-i', '0.01', '-W', '1', vip]);
  // At least one advert of a in the capture, then a random phase of its cycle.
  await sleep(200 + intervalMs + Math.random() * intervalMs);
  const stoppedAtMs = Date.now();
  if (mode === 'crash') {
    a.signalGroup('SIGKILL');
    lab.cable('a', false);
  } else a.signal('SIGTERM');
  await waitFor('b to take the VIP', () => hasAddress(lab, 'b', vip), 10 * intervalMs + 2000);
  await sleep(200 + 2 * intervalMs);
  ping.signal('SIGINT');
  await ping.exited;
  const frames = await capture.stop();
  await a.exited;
  const macA = lab.exec('a', ['cat', '/sys/class/net/eth0/address']).trim();
  const macB = lab.exec('b', ['cat', '/sys/class/net/eth0/address']).trim();
  const adverts = advertsIn(frames).flatMap((ad) =>
    typeof ad.decoded === 'string' ? [] : [{ mac: ad.sourceMac, ms: Number(ad.timeUs) / 1000 }],
  );
  const lastA = adverts.filter((ad) => ad.mac === macA).at(-1);
  const firstB = adverts.find((ad) => ad.mac === macB && lastA !== undefined && ad.ms > lastA.ms);
  if (lastA === undefined || firstB === undefined)
    throw new Error('the capture lacks the adverts of the takeover');
  return { takeoverMs: firstB.ms - lastA.ms, gapMs: longestGap(ping.output(), stoppedAtMs) };
}

/** Restarts a after a run (cable up, the VIP a crashed daemon left removed, as an operator would). */
export async function restartA(ctx: RunContext, mode: Mode): Promise<void> {
  const { lab, vip } = ctx;
  if (mode === 'crash') {
    lab.cable('a', true);
    if (hasAddress(lab, 'a', vip)) lab.exec('a', ['ip', 'addr', 'del', `${vip}/24`, 'dev', 'eth0']);
  }
  ctx.procs.a = ctx.director.start('a');
  await settle(ctx, 10 * ctx.intervalMs + 10_000);
}

/** The longest gap between echo replies around the stop (ping -D prints epoch seconds). */
function longestGap(output: string, sinceMs: number): number {
  const times = [...output.matchAll(/^\[(\d+\.\d+)\] .*icmp_seq=/gm)].map((m) => Number(m[1]) * 1000);
  const from = Math.max(
    0,
    times.findLastIndex((ms) => ms < sinceMs),
  );
  let gap = 0;
  for (let i = from + 1; i < times.length; i++)
    gap = Math.max(gap, (times[i] as number) - (times[i - 1] as number));
  return gap;
}
