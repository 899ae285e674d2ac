// Reads the text decodes beside the keepalived captures (test/fixtures/keepalived-wire/*.txt): the capture
// header, the every-frame table of section 1 and the `tshark -V -x` dumps of single frames.
import { readFileSync } from 'node:fs';

export interface CaptureText {
  readonly vrid: number;
  /** The VIP without its prefix length. */
  readonly vip: string;
  readonly rows: readonly TableRow[];
  readonly dumps: readonly FrameDump[];
}

/** A row of the every-frame table; vrrp is null for other frames (ARP). */
export interface TableRow {
  readonly number: number;
  readonly ethSource: string;
  readonly ethDestination: string;
  readonly vrrp: TableVrrp | null;
  /** "... N more identical adverts ..." right after this row: frames number+1 .. number+elidedAfter. */
  readonly elidedAfter: number;
}

export interface TableVrrp {
  readonly ipSource: string;
  readonly ipDestination: string;
  readonly ttl: number;
  readonly version: number;
  readonly priority: number;
  readonly advertIntervalCs: number;
}

/** One `## frame N:` section holding a VRRP advert. */
export interface FrameDump {
  readonly number: number;
  readonly tos: number;
  readonly totalLength: number;
  readonly ttl: number;
  readonly headerChecksum: number;
  readonly ipSource: string;
  readonly ipDestination: string;
  readonly version: number;
  readonly type: number;
  readonly vrid: number;
  readonly priority: number;
  readonly count: number;
  /** v2 only. */
  readonly authType: number | null;
  /** As printed: seconds for v2, centiseconds for v3. */
  readonly advertInterval: number;
  readonly checksum: number;
  readonly checksumCorrect: boolean;
  readonly addresses: readonly string[];
  readonly hex: Uint8Array;
}

const ROW =
  /^(\d+)\s+[\d.]+\s+([0-9a-f:]{17})\s+([0-9a-f:]{17})(?:\s+(\d+\.\d+\.\d+\.\d+)\s+(\d+\.\d+\.\d+\.\d+)\s+(\d+)\s+(\d)\s+(\d+)\s+(\d+)(s|cs)\s)?/;
const ELIDED = /^\s+\.\.\. (\d+) more identical adverts \.\.\.$/;

export function readCaptureText(path: string): CaptureText {
  const text = readFileSync(path, 'utf8');
  const config = /VIP (\S+)\/\d+, vrid (\d+)/.exec(text);
  if (config === null) throw new Error(`${path}: no "VIP ..., vrid ..." header line`);
  return { vip: config[1] ?? '', vrid: Number(config[2]), rows: parseTable(text), dumps: parseDumps(text) };
}

function parseTable(text: string): TableRow[] {
  const section = between(text, '## 1.', '## 2.');
  const rows: TableRow[] = [];
  for (const line of section.split('\n')) {
    const elided = ELIDED.exec(line);
    const last = rows.at(-1);
    if (elided !== null && last !== undefined) {
      rows[rows.length - 1] = { ...last, elidedAfter: Number(elided[1]) };
      continue;
    }
    const m = ROW.exec(line);
    if (m === null) continue;
    const vrrp: TableVrrp | null =
      m[4] === undefined
        ? null
        : {
            ipSource: m[4],
            ipDestination: m[5] ?? '',
            ttl: Number(m[6]),
            version: Number(m[7]),
            priority: Number(m[8]),
            advertIntervalCs: Number(m[9]) * (m[10] === 's' ? 100 : 1),
          };
    rows.push({
      number: Number(m[1]),
      ethSource: m[2] ?? '',
      ethDestination: m[3] ?? '',
      vrrp,
      elidedAfter: 0,
    });
  }
  return rows;
}

function parseDumps(text: string): FrameDump[] {
  const dumps: FrameDump[] = [];
  for (const section of text.split(/^## /m)) {
    const number = /^frame (\d+):/.exec(section);
    if (number === null || !section.includes('Virtual Router Redundancy Protocol')) continue;
    const auth = /Auth Type: .*\((\d+)\)/.exec(section);
    dumps.push({
      number: Number(number[1]),
      tos: hexField(section, /Differentiated Services Field: 0x([0-9a-f]+)/),
      totalLength: field(section, /Total Length: (\d+)/),
      ttl: field(section, /Time to Live: (\d+)/),
      headerChecksum: hexField(section, /Header Checksum: 0x([0-9a-f]+)/),
      ipSource: stringField(section, /Source Address: (\S+)/),
      ipDestination: stringField(section, /Destination Address: (\S+)/),
      version: field(section, /Version (\d), Packet type \d/),
      type: field(section, /Version \d, Packet type (\d)/),
      vrid: field(section, /Virtual Rtr ID: (\d+)/),
      priority: field(section, /Priority: (\d+)/),
      count: field(section, /Addr Count: (\d+)/),
      authType: auth === null ? null : Number(auth[1]),
      advertInterval: field(section, /Adver Int: (\d+)/),
      checksum: hexField(section, /^ {4}Checksum: 0x([0-9a-f]+)/m),
      checksumCorrect: /^ {4}Checksum: 0x[0-9a-f]+ \[correct\]/m.test(section),
      addresses: [...section.matchAll(/^ {4}IP Address: (\S+)/gm)].map((m) => m[1] ?? ''),
      hex: hexDump(section),
    });
  }
  return dumps;
}

function hexDump(section: string): Uint8Array {
  const bytes: number[] = [];
  for (const line of section.split('\n')) {
    if (!/^[0-9a-f]{4} {2}[0-9a-f]{2} /.test(line)) continue;
    for (const h of line.slice(6, 54).trim().split(/\s+/)) bytes.push(parseInt(h, 16));
  }
  return Uint8Array.from(bytes);
}

function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`no section between "${start}" and "${end}"`);
  return text.slice(from, to);
}

function stringField(section: string, re: RegExp): string {
  const m = re.exec(section);
  if (m?.[1] === undefined) throw new Error(`frame dump: no match for ${re}`);
  return m[1];
}

function field(section: string, re: RegExp): number {
  return Number(stringField(section, re));
}

function hexField(section: string, re: RegExp): number {
  return parseInt(stringField(section, re), 16);
}
