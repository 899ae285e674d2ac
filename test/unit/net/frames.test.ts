// Frames built for AF_PACKET (gratuitous ARP, unsolicited NA) and the IPv4 header of IP_HDRINCL
// sends, byte by byte.
import test from 'ava';
import { gratuitousArp, unsolicitedNa, formatMac } from '../../../src/net/frames.js';
import { onesSum } from '../../../src/net/inet-checksum.js';
import { buildIpv4Packet, parseIpv4Packet } from '../../../src/net/ipv4-header.js';

const MAC = new Uint8Array([0x02, 0x11, 0x22, 0x33, 0x44, 0x55]);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('gratuitous ARP: broadcast request, sender IP = target IP = VIP, target MAC broadcast', (t) => {
  const f = gratuitousArp(MAC, '192.0.2.10');
  t.is(
    hex(f),
    'ffffffffffff' +
      '021122334455' +
      '0806' +
      '0001' +
      '0800' +
      '06' +
      '04' +
      '0001' +
      '021122334455' +
      'c000020a' +
      'ffffffffffff' +
      'c000020a',
  );
  t.throws(() => gratuitousArp(MAC, '2001:db8::1'), { instanceOf: RangeError });
  t.throws(() => gratuitousArp(new Uint8Array(5), '192.0.2.10'), { instanceOf: RangeError });
});

test('unsolicited NA: all-nodes, hop limit 255, Override, target and link-layer option, checksum', (t) => {
  const f = unsolicitedNa(MAC, '2001:db8::10');
  t.is(f.length, 86);
  t.is(hex(f.subarray(0, 14)), '333300000001' + '021122334455' + '86dd');
  const ip = f.subarray(14);
  t.is(ip[0], 0x60);
  t.is((ip[4]! << 8) | ip[5]!, 32, 'payload length');
  t.is(ip[6], 58, 'ICMPv6');
  t.is(ip[7], 255, 'hop limit');
  t.is(hex(ip.subarray(8, 24)), '20010db8000000000000000000000010', 'source = VIP');
  t.is(hex(ip.subarray(24, 40)), 'ff020000000000000000000000000001');
  const icmp = ip.subarray(40);
  t.is(icmp[0], 136);
  t.is(icmp[4], 0x20, 'Override only (Router clear, Solicited clear)');
  t.is(hex(icmp.subarray(8, 24)), '20010db8000000000000000000000010', 'target = VIP');
  t.is(hex(icmp.subarray(24, 32)), '0201' + '021122334455');
  // The checksum verifies: pseudo-header + message sums to 0xffff.
  const pseudo = new Uint8Array(40);
  pseudo.set(ip.subarray(8, 40), 0);
  pseudo[35] = 32;
  pseudo[39] = 58;
  t.is(onesSum(icmp, onesSum(pseudo)), 0xffff);
  t.is(unsolicitedNa(MAC, '2001:db8::10', true)[14 + 40 + 4], 0xa0, 'Router flag when forwarding');
  t.is(formatMac(MAC), '02:11:22:33:44:55');
});

test('IPv4 header: TOS 0xc0, TTL 255, protocol 112, DF clear, checksum; parse round trip', (t) => {
  const payload = new Uint8Array([0x31, 0x33, 0x96, 0x01, 0x00, 0x05, 0x42, 0x42, 0x0a, 0xc8, 0x00, 0x64]);
  const p = buildIpv4Packet(
    { source: '10.200.0.100', destination: '224.0.0.18', protocol: 112, ttl: 255, tos: 0xc0 },
    payload,
  );
  t.is(hex(p.subarray(0, 12)), '45c0002000000000ff70' + hex(p.subarray(10, 12)));
  t.is(p[6]! & 0x40, 0, 'DF clear');
  t.is(onesSum(p.subarray(0, 20)), 0xffff, 'header checksum');
  const parsed = parseIpv4Packet(new Uint8Array([...p, 0, 0, 0, 0])); // Ethernet padding
  t.deepEqual(parsed && { ...parsed, payload: hex(parsed.payload) }, {
    tos: 0xc0,
    ttl: 255,
    protocol: 112,
    source: '10.200.0.100',
    destination: '224.0.0.18',
    payload: hex(payload),
  });
  t.is(parseIpv4Packet(new Uint8Array(10)), null);
  t.is(parseIpv4Packet(new Uint8Array(20).fill(0x65)), null, 'not version 4');
});
