// Sends whole Ethernet frames (gratuitous ARP, unsolicited NA) through AF_PACKET sockets, one per
// interface, opened on first use.
import { errnoName, nativeAddon, type NativeAddon } from './native.js';
import type { SendResult } from './transport.js';

export interface FrameSender {
  send(ifindex: number, frame: Uint8Array): SendResult;
  close(): void;
}

export class PacketFrameSender implements FrameSender {
  private readonly sockets = new Map<number, number>();

  constructor(private readonly addon: NativeAddon = nativeAddon()) {}

  send(ifindex: number, frame: Uint8Array): SendResult {
    try {
      let fd = this.sockets.get(ifindex);
      if (fd === undefined) {
        fd = this.addon.openPacket(ifindex);
        this.sockets.set(ifindex, fd);
      }
      this.addon.sendPacket(fd, ifindex, frame);
      return { ok: true };
    } catch (e) {
      return { ok: false, code: errnoName(e), message: e instanceof Error ? e.message : String(e) };
    }
  }

  close(): void {
    for (const fd of this.sockets.values()) this.addon.close(fd);
    this.sockets.clear();
  }
}
