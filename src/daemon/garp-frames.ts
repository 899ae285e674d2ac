// Gratuitous ARP (IPv4) / unsolicited NA (IPv6) frames for an instance's VIPs, `repeat` of each, on the
// VIP's own interface. Failures are logged; the count of frames sent is returned.
import type { Logger } from '../lib/logger.js';
import type { FrameSender } from '../net/frame-sender.js';
import { gratuitousArp, unsolicitedNa } from '../net/frames.js';
import type { LinkInfo } from '../net/kernel-net.js';
import type { HeldAddress } from './instance-spec.js';

export function sendGarps(
  frames: FrameSender,
  links: ReadonlyMap<string, LinkInfo>,
  instance: string,
  vips: readonly HeldAddress[],
  repeat: number,
  log: Logger,
): number {
  let sent = 0;
  for (const vip of vips) {
    const link = links.get(vip.dev);
    if (link === undefined) continue;
    const frame = vip.address.includes(':')
      ? unsolicitedNa(link.mac, vip.address)
      : gratuitousArp(link.mac, vip.address);
    for (let i = 0; i < repeat; i++) {
      const result = frames.send(link.index, frame);
      if (result.ok) sent++;
      else
        log.warn('gratuitous ARP/NA not sent', {
          instance,
          dev: vip.dev,
          code: result.code,
          error: result.message,
        });
    }
  }
  log.debug('gratuitous ARP/NA sent', { instance, frames: sent });
  return sent;
}
