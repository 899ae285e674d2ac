// A tiny reader for classic pcap files (libpcap format, Ethernet link type) with Ethernet II, 802.1Q and
// IPv4 header parsing: enough to feed captured VRRP adverts to the codec tests. Throws on a malformed
// file (a test fixture problem, not a codec input).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatIpv4 } from '../../src/lib/ip.js';

export interface PcapFrame {
  /** 1-based, as tshark and Wireshark number frames. */
  readonly number: number;
  readonly timestampUs: bigint;
  /** The captured bytes, starting with the Ethernet header. */
  readonly bytes: Uint8Array;
  readonly ethernet: EthernetHeader;
  /** Present when the frame carries IPv4. */
  readonly ipv4: Ipv4Packet | null;
}

export interface EthernetHeader {
  readonly destination: string;
  readonly source: string;
  readonly etherType: number;
  readonly payloadOffset: number;
}

export interface Ipv4Packet {
  readonly tos: number;
  readonly totalLength: number;
  readonly identification: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly headerChecksum: number;
  /** Whether the header checksum verifies. */
  readonly headerChecksumOk: boolean;
  readonly source: string;
  readonly destination: string;
  /** The IP payload up to totalLength (Ethernet padding after it is cut off). */
  readonly payload: Uint8Array;
}

const LINKTYPE_ETHERNET = 1;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_VLAN = 0x8100;

/** The absolute path of a file under test/fixtures (tests run from dist/test/...). */
export function fixturePath(...parts: string[]): string {
  return fileURLToPath(new URL(`../../../test/fixtures/${parts.join('/')}`, import.meta.url));
}

export function readPcapFile(path: string): PcapFrame[] {
  return parsePcap(new Uint8Array(readFileSync(path)));
}

export function parsePcap(file: Uint8Array): PcapFrame[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.length < 24) throw new Error('pcap: shorter than the 24-byte global header');
  const magic = view.getUint32(0, true);
  const littleEndian = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!littleEndian && view.getUint32(0, false) !== 0xa1b2c3d4 && view.getUint32(0, false) !== 0xa1b23c4d)
    throw new Error(`pcap: unknown magic 0x${magic.toString(16)}`);
  const nanoseconds = view.getUint32(0, littleEndian) === 0xa1b23c4d;
  const linkType = view.getUint32(20, littleEndian);
  if (linkType !== LINKTYPE_ETHERNET)
    throw new Error(`pcap: link type ${linkType}, only Ethernet (1) is read`);
  const frames: PcapFrame[] = [];
  for (let at = 24; at < file.length;) {
    if (at + 16 > file.length) throw new Error(`pcap: truncated record header at ${at}`);
    const seconds = BigInt(view.getUint32(at, littleEndian));
    const fraction = BigInt(view.getUint32(at + 4, littleEndian));
    const capturedLength = view.getUint32(at + 8, littleEndian);
    const start = at + 16;
    if (start + capturedLength > file.length) throw new Error(`pcap: truncated frame at ${start}`);
    const bytes = file.slice(start, start + capturedLength);
    const ethernet = parseEthernet(bytes);
    const ipv4 =
      ethernet.etherType === ETHERTYPE_IPV4 ? parseIpv4(bytes.subarray(ethernet.payloadOffset)) : null;
    const timestampUs = seconds * 1_000_000n + (nanoseconds ? fraction / 1000n : fraction);
    frames.push({ number: frames.length + 1, timestampUs, bytes, ethernet, ipv4 });
    at = start + capturedLength;
  }
  return frames;
}

export function parseEthernet(bytes: Uint8Array): EthernetHeader {
  if (bytes.length < 14) throw new Error('ethernet: frame shorter than 14 bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let etherType = view.getUint16(12);
  let payloadOffset = 14;
  if (etherType === ETHERTYPE_VLAN) {
    if (bytes.length < 18) throw new Error('ethernet: truncated 802.1Q tag');
    etherType = view.getUint16(16);
    payloadOffset = 18;
  }
  return { destination: mac(bytes, 0), source: mac(bytes, 6), etherType, payloadOffset };
}

export function parseIpv4(bytes: Uint8Array): Ipv4Packet {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 20) throw new Error('ipv4: shorter than 20 bytes');
  const versionIhl = view.getUint8(0);
  if (versionIhl >> 4 !== 4) throw new Error(`ipv4: version ${versionIhl >> 4}`);
  const headerLength = (versionIhl & 0x0f) * 4;
  const totalLength = view.getUint16(2);
  if (headerLength < 20 || totalLength < headerLength || totalLength > bytes.length)
    throw new Error(
      `ipv4: header length ${headerLength}, total length ${totalLength}, ${bytes.length} bytes`,
    );
  let sum = 0;
  for (let i = 0; i < headerLength; i += 2) sum += view.getUint16(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return {
    tos: view.getUint8(1),
    totalLength,
    identification: view.getUint16(4),
    ttl: view.getUint8(8),
    protocol: view.getUint8(9),
    headerChecksum: view.getUint16(10),
    headerChecksumOk: sum === 0xffff,
    source: formatIpv4(bytes, 12),
    destination: formatIpv4(bytes, 16),
    payload: bytes.slice(headerLength, totalLength),
  };
}

function mac(bytes: Uint8Array, offset: number): string {
  return Array.from(bytes.subarray(offset, offset + 6), (b) => b.toString(16).padStart(2, '0')).join(':');
}
