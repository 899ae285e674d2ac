// The tie-break of RFC 5798 section 6.4.3 compares primary addresses as unsigned numbers. This is a
// small self-contained comparison (the engine must not depend on code still in flight); it could use
// src/lib/ip.ts once that settles. An address that does not parse sorts below every valid one.

/** Negative, zero or positive as a < b, a = b, a > b (IPv4 sorts below IPv6). */
export function compareAddresses(a: string, b: string): number {
  const x = addressKey(a);
  const y = addressKey(b);
  if (x === null || y === null) return (x === null ? 0 : 1) - (y === null ? 0 : 1);
  if (x.length !== y.length) return x.length - y.length;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/** 4 bytes for IPv4, 8 16-bit groups for IPv6 (so the lengths differ), or null. */
export function addressKey(text: string): number[] | null {
  return text.includes(':') ? ipv6Groups(text) : ipv4Bytes(text);
}

function ipv4Bytes(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function ipv6Groups(text: string): number[] | null {
  const zoneless = text.split('%')[0] ?? '';
  const halves = zoneless.split('::');
  if (halves.length > 2) return null;
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function groups(text: string): number[] | null {
  if (text === '') return [];
  const out: number[] = [];
  const parts = text.split(':');
  for (const [i, p] of parts.entries()) {
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = ipv4Bytes(p);
      if (v4 === null) return null;
      out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
    else return null;
  }
  return out;
}
