// The binding of the native addon (native/, built by node-gyp on install). Only this file loads it;
// sockets and scheduling go through the typed functions below. A failed system call throws a
// NativeError whose code is the errno name (EPERM, ENODEV, ...).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** What recvFrom returns for one datagram. */
export interface NativeDatagram {
  data: Buffer;
  /** 1 when the datagram was longer than the buffer. */
  truncated: number;
  source: string;
  /** From IP_PKTINFO / IPV6_PKTINFO; null if the kernel gave none. */
  destination: string | null;
  /** IPv6 hop limit (IPV6_HOPLIMIT); null for IPv4, whose TTL is in the header in data. */
  ttl: number | null;
  ifindex: number | null;
}

export type SchedPolicy = 'other' | 'fifo' | 'rr';
export type RlimitResource = 'rttime' | 'rtprio' | 'nofile' | 'core';

export interface NativeAddon {
  openRaw(family: 4 | 6, protocol: number, ifname: string): number;
  joinGroup(fd: number, family: 4 | 6, group: string, ifindex: number): void;
  leaveGroup(fd: number, family: 4 | 6, group: string, ifindex: number): void;
  sendTo(
    fd: number,
    family: 4 | 6,
    bytes: Uint8Array,
    destination: string,
    ifindex: number,
    source: string | null,
  ): number;
  recvFrom(fd: number, family: 4 | 6): NativeDatagram | null;
  openPacket(ifindex: number): number;
  sendPacket(fd: number, ifindex: number, frame: Uint8Array): number;
  close(fd: number): void;
  ifIndex(name: string): number;
  poll(fd: number, onReadable: (status: number) => void): void;
  unpoll(fd: number): boolean;
  setScheduler(policy: SchedPolicy, priority: number): void;
  getScheduler(): { policy: SchedPolicy; priority: number };
  /** -1 is unlimited. */
  setRlimit(resource: RlimitResource, soft: number, hard: number): void;
  getRlimit(resource: RlimitResource): { soft: number; hard: number };
}

/** An errno from the addon: code is the errno name. */
export interface NativeError extends Error {
  code: string;
  errno: number;
  syscall: string;
}

export function isNativeError(e: unknown): e is NativeError {
  return e instanceof Error && typeof (e as Partial<NativeError>).code === 'string' && 'syscall' in e;
}

/** The errno name of a thrown native error, or 'EUNKNOWN'. */
export function errnoName(e: unknown): string {
  return isNativeError(e) ? e.code : 'EUNKNOWN';
}

let loaded: NativeAddon | null = null;

/** The addon, loaded once from build/Release at the repository (package) root. */
export function nativeAddon(): NativeAddon {
  if (loaded !== null) return loaded;
  const require = createRequire(import.meta.url);
  // dist/src/net/native.js -> the package root is three levels up; src/net/native.ts (tsx) two.
  const candidates = ['../../../build/Release/lvsd_net.node', '../../build/Release/lvsd_net.node'];
  const errors: string[] = [];
  for (const rel of candidates) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    try {
      loaded = require(path) as NativeAddon;
      return loaded;
    } catch (e) {
      errors.push(`${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(
    `the native addon is not built (run npm install or npx node-gyp rebuild): ${errors.join('; ')}`,
  );
}
