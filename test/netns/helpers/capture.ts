// A packet capture on the lab bridge (tcpdump in the bridge namespace), read back with the pcap reader
// of test/helpers. Multicast adverts, ARP broadcasts and NA multicasts all reach br0 itself.
import { join } from 'node:path';
import { readPcapFile, type PcapFrame } from '../../helpers/pcap.js';
import type { Lab } from './lab.js';
import { spawnIn, type Proc } from './procs.js';

export interface Capture {
  /** Stops tcpdump and returns every frame captured. */
  stop(): Promise<PcapFrame[]>;
}

export async function startCapture(
  lab: Lab,
  dir: string,
  filter = 'ip proto 112 or ip6 proto 112 or arp or icmp6 or udp',
): Promise<Capture> {
  const file = join(dir, `${lab.prefix}-${Date.now()}.pcap`);
  const proc: Proc = spawnIn(lab.bridgeNs, 'tcpdump', [
    'tcpdump',
    '-i',
    'br0',
    '-n',
    '-U',
    '--immediate-mode',
    '-s',
    '256',
    '-w',
    file,
    filter,
  ]);
  await proc.waitOutput(/listening on br0/, 5000);
  return {
    stop: async () => {
      proc.signal('SIGINT');
      await proc.exited;
      return readPcapFile(file);
    },
  };
}
