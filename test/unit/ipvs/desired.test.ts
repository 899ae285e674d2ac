// The configuration's virtual servers as the IPVS table lvsd wants: every field of a service and
// a destination, fwmark and IPv6 services, tunnels, the sorry server below quorum, timeouts.
import test from 'ava';
import { desiredTable, desiredTimeouts } from '../../../src/ipvs/desired.js';
import { configOf } from '../../helpers/config-files.js';

const yaml = (lines: string[]) => configOf({ 'lvsd.yaml': lines });

test('an address service with every option and its real servers', (t) => {
  const config = yaml([
    'virtual_servers:',
    '  - address: 192.0.2.10',
    '    port: 443',
    '    scheduler: sh',
    '    scheduler_flags: [sh-port, sh-fallback]',
    '    persistence: { timeout: 300s, netmask: 255.255.255.0 }',
    '    real_servers:',
    '      - { address: 10.0.1.11, port: 8443, weight: 3, upper_threshold: 100, lower_threshold: 10 }',
    '      - { address: 10.0.1.12, forwarding: dr }',
  ]);
  const table = desiredTable(config);
  t.deepEqual([...table.keys()], ['tcp 192.0.2.10:443']);
  const entry = table.get('tcp 192.0.2.10:443');
  t.deepEqual(entry?.service, {
    key: { kind: 'address', family: 'ipv4', protocol: 'tcp', address: '192.0.2.10', port: 443 },
    scheduler: 'sh',
    flags: 0x1 | 0x8 | 0x10,
    timeoutS: 300,
    netmask: 0xffffff00,
    peName: '',
  });
  t.deepEqual(
    [...(entry?.destinations.values() ?? [])],
    [
      {
        family: 'ipv4',
        address: '10.0.1.11',
        port: 8443,
        forwarding: 'nat',
        weight: 3,
        upperThreshold: 100,
        lowerThreshold: 10,
        tunnel: { type: 'ipip', port: 0, flags: 0 },
      },
      {
        family: 'ipv4',
        address: '10.0.1.12',
        port: 443,
        forwarding: 'dr',
        weight: 1,
        upperThreshold: 0,
        lowerThreshold: 0,
        tunnel: { type: 'ipip', port: 0, flags: 0 },
      },
    ],
  );
});

test('without persistence the service carries timeout 0 and the full mask, as ipvsadm sends', (t) => {
  const table = desiredTable(yaml(['virtual_servers:', '  - { address: 192.0.2.10, port: 80 }']));
  t.like(table.get('tcp 192.0.2.10:80')?.service, {
    scheduler: 'wlc',
    flags: 0,
    timeoutS: 0,
    netmask: 0xffffffff,
  });
});

test('IPv6: canonical addresses, prefix length, udp one-packet', (t) => {
  const table = desiredTable(
    yaml([
      'virtual_servers:',
      '  - address: 2001:DB8:0::10',
      '    port: 53',
      '    protocol: udp',
      '    one_packet: true',
      '    persistence: { timeout: 1m, prefix_length: 64 }',
      '    real_servers: [{ address: "2001:db8:0:0::1" }]',
    ]),
  );
  const entry = table.get('udp [2001:db8::10]:53');
  t.like(entry?.service, { flags: 0x1 | 0x4, timeoutS: 60, netmask: 64 });
  t.deepEqual([...(entry?.destinations.keys() ?? [])], ['[2001:db8::1]:53']);
  t.is(entry?.destinations.get('[2001:db8::1]:53')?.family, 'ipv6');
});

test('IPv6 without persistence carries prefix 128', (t) => {
  const table = desiredTable(yaml(['virtual_servers:', '  - { address: "2001:db8::10", port: 80 }']));
  t.like(table.get('tcp [2001:db8::10]:80')?.service, { netmask: 128, timeoutS: 0 });
});

test('fwmark services, and real servers at port 0', (t) => {
  const table = desiredTable(
    yaml([
      'virtual_servers:',
      '  - fwmark: 7',
      '    family: ipv6',
      '    scheduler: mh',
      '    scheduler_flags: [mh-port]',
      '    forwarding: dr',
      '    persistence: {}',
      '    real_servers: [{ address: "2001:db8::7" }]',
    ]),
  );
  const entry = table.get('fwmark 7 ipv6');
  t.deepEqual(entry?.service.key, { kind: 'fwmark', family: 'ipv6', fwmark: 7 });
  t.like(entry?.service, { scheduler: 'mh', flags: 0x1 | 0x10, timeoutS: 300, netmask: 128 });
  t.like(entry?.destinations.get('[2001:db8::7]:0'), { forwarding: 'dr', port: 0 });
});

test('tunnels: type, gue port and checksum flags, inherited from the service', (t) => {
  const table = desiredTable(
    yaml([
      'virtual_servers:',
      '  - address: 192.0.2.10',
      '    port: 80',
      '    forwarding: tun',
      '    tunnel: { type: gue, port: 6080, checksum: remcsum }',
      '    real_servers:',
      '      - { address: 10.0.0.1 }',
      '      - { address: 10.0.0.2, tunnel: { type: gre, checksum: csum } }',
      '      - { address: 10.0.0.3, tunnel: { type: ipip } }',
      '      - { address: 10.0.0.4, forwarding: nat }',
    ]),
  );
  const dests = table.get('tcp 192.0.2.10:80')?.destinations;
  t.deepEqual(dests?.get('10.0.0.1:80')?.tunnel, { type: 'gue', port: 6080, flags: 2 });
  t.deepEqual(dests?.get('10.0.0.2:80')?.tunnel, { type: 'gre', port: 0, flags: 1 });
  t.deepEqual(dests?.get('10.0.0.3:80')?.tunnel, { type: 'ipip', port: 0, flags: 0 });
  t.like(dests?.get('10.0.0.4:80'), { forwarding: 'nat', tunnel: { type: 'ipip', port: 0, flags: 0 } });
});

test('below quorum the sorry server alone is the destination; at quorum the real servers are', (t) => {
  const config = (weights: number[]) =>
    yaml([
      'virtual_servers:',
      '  - address: 192.0.2.10',
      '    port: 80',
      '    quorum: { min_weight: 2 }',
      '    sorry_server: { address: 10.0.9.9, port: 8080 }',
      '    real_servers:',
      ...weights.map((w, i) => `      - { address: 10.0.0.${i + 1}, weight: ${w} }`),
    ]);
  t.deepEqual(
    [
      ...(desiredTable(config([1]))
        .get('tcp 192.0.2.10:80')
        ?.destinations.keys() ?? []),
    ],
    ['10.0.9.9:8080'],
  );
  t.deepEqual(
    [
      ...(desiredTable(config([1, 1]))
        .get('tcp 192.0.2.10:80')
        ?.destinations.keys() ?? []),
    ],
    ['10.0.0.1:80', '10.0.0.2:80'],
  );
});

test('lvs_timeouts in whole seconds, unset ones 0 (the kernel keeps them); none configured: null', (t) => {
  t.is(desiredTimeouts(yaml(['global: {}'])), null);
  t.deepEqual(desiredTimeouts(yaml(['global:', '  lvs_timeouts: { tcp: 15m, udp: 1500ms }'])), {
    tcpS: 900,
    tcpFinS: 0,
    udpS: 2,
  });
});
