// Every virtual-server and check cross-check rejects a failing input at the exact file:line:column.
import test from 'ava';
import { issuesOf } from '../../helpers/config-files.js';

const vs = ['virtual_servers:', '  - address: 192.0.2.10', '    port: 80'];
const rs = [...vs, '    real_servers:', '      - address: 10.0.1.11'];

const cases: { title: string; lines: string[]; issues: string[] }[] = [
  {
    title: 'a fwmark service with an address and a port',
    lines: [
      'virtual_servers:',
      '  - fwmark: 1',
      '    family: ipv4',
      '    address: 192.0.2.10',
      '    port: 80',
    ],
    issues: [
      'lvsd.yaml:4:14: virtual_servers[0].address: a fwmark service has no address',
      'lvsd.yaml:5:11: virtual_servers[0].port: a fwmark service has no port',
    ],
  },
  {
    title: 'a fwmark service without a family',
    lines: ['virtual_servers:', '  - fwmark: 1'],
    issues: ['lvsd.yaml:2:13: virtual_servers[0].fwmark: a fwmark service needs family: ipv4 or ipv6'],
  },
  {
    title: 'an address service with a family',
    lines: [...vs, '    family: ipv6'],
    issues: [
      'lvsd.yaml:4:13: virtual_servers[0].family: family is for fwmark services; the address gives it',
    ],
  },
  {
    title: 'a service with neither address nor fwmark',
    lines: ['virtual_servers:', '  - port: 80'],
    issues: [
      'lvsd.yaml:2:5: virtual_servers[0]: a virtual server needs address and port, or fwmark and family',
    ],
  },
  {
    title: 'an address service without a port',
    lines: ['virtual_servers:', '  - address: 192.0.2.10'],
    issues: ['lvsd.yaml:2:5: virtual_servers[0].port: missing required key "port" (or use fwmark)'],
  },
  {
    title: 'an unknown scheduler, with a suggestion',
    lines: [...vs, '    scheduler: wlcc'],
    issues: [
      'lvsd.yaml:4:16: virtual_servers[0].scheduler: expected one of "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "mh", "fo", "ovf", "twos", got "wlcc"; did you mean "wlc"?',
    ],
  },
  {
    title: 'a scheduler flag of another scheduler',
    lines: [...vs, '    scheduler: sh', '    scheduler_flags: [mh-port]'],
    issues: [
      'lvsd.yaml:5:22: virtual_servers[0].scheduler_flags: mh-port applies to the mh scheduler, not sh',
    ],
  },
  {
    title: 'an unknown scheduler flag',
    lines: [...vs, '    scheduler: sh', '    scheduler_flags: [sh-prot]'],
    issues: [
      'lvsd.yaml:5:23: virtual_servers[0].scheduler_flags[0]: expected one of "sh-port", "sh-fallback", "mh-port", "mh-fallback", got "sh-prot"; did you mean "sh-port"?',
    ],
  },
  {
    title: 'an unknown forwarding method',
    lines: [...vs, '    forwarding: masq'],
    issues: ['lvsd.yaml:4:17: virtual_servers[0].forwarding: expected one of "nat", "dr", "tun", got "masq"'],
  },
  {
    title: 'an unknown tunnel type',
    lines: [...vs, '    forwarding: tun', '    tunnel: { type: vxlan }'],
    issues: [
      'lvsd.yaml:5:21: virtual_servers[0].tunnel.type: expected one of "ipip", "gue", "gre", got "vxlan"',
    ],
  },
  {
    title: 'a tunnel without forwarding: tun',
    lines: [...vs, '    tunnel: { type: ipip }'],
    issues: ['lvsd.yaml:4:13: virtual_servers[0].tunnel: tunnel applies to forwarding: tun, not nat'],
  },
  {
    title: 'a gue tunnel without a port',
    lines: [...vs, '    forwarding: tun', '    tunnel: { type: gue }'],
    issues: ['lvsd.yaml:5:13: virtual_servers[0].tunnel.port: a gue tunnel needs a port'],
  },
  {
    title: 'a real-server weight above 65535',
    lines: [...rs, '        weight: 65536'],
    issues: ['lvsd.yaml:6:17: virtual_servers[0].real_servers[0].weight: expected at most 65535, got 65536'],
  },
  {
    title: 'a negative real-server weight',
    lines: [...rs, '        weight: -1'],
    issues: ['lvsd.yaml:6:17: virtual_servers[0].real_servers[0].weight: expected at least 0, got -1'],
  },
  {
    title: 'a non-contiguous persistence netmask',
    lines: [...vs, '    persistence: { netmask: 255.0.255.0 }'],
    issues: [
      'lvsd.yaml:4:29: virtual_servers[0].persistence.netmask: expected a contiguous IPv4 netmask such as 255.255.255.0, got "255.0.255.0"',
    ],
  },
  {
    title: 'a netmask on an IPv6 service',
    lines: [
      'virtual_servers:',
      '  - address: "2001:db8::10"',
      '    port: 80',
      '    persistence: { netmask: 255.255.255.0 }',
    ],
    issues: ['lvsd.yaml:4:29: virtual_servers[0].persistence.netmask: IPv6 services use prefix_length'],
  },
  {
    title: 'a prefix length on an IPv4 service',
    lines: [...vs, '    persistence: { prefix_length: 64 }'],
    issues: ['lvsd.yaml:4:35: virtual_servers[0].persistence.prefix_length: IPv4 services use netmask'],
  },
  {
    title: 'port 0 without persistence',
    lines: ['virtual_servers:', '  - address: 192.0.2.10', '    port: 0'],
    issues: ['lvsd.yaml:3:11: virtual_servers[0].port: port 0 (all ports) needs persistence'],
  },
  {
    title: 'one-packet scheduling on a TCP service',
    lines: [...vs, '    one_packet: true'],
    issues: [
      'lvsd.yaml:4:17: virtual_servers[0].one_packet: one-packet scheduling applies to udp services only',
    ],
  },
  {
    title: 'a sorry server of another family',
    lines: [...vs, '    sorry_server: { address: "2001:db8::99" }'],
    issues: ['lvsd.yaml:4:30: virtual_servers[0].sorry_server.address: is ipv6 but the service is ipv4'],
  },
  {
    title: 'a real server of another family without tun forwarding',
    lines: [...vs, '    real_servers: [{ address: "2001:db8::11" }]'],
    issues: [
      'lvsd.yaml:4:31: virtual_servers[0].real_servers[0].address: is ipv6 but the service is ipv4; only forwarding: tun may mix families',
    ],
  },
  {
    title: 'a DR real server on another port',
    lines: [...vs, '    forwarding: dr', '    real_servers: [{ address: 10.0.1.11, port: 8080 }]'],
    issues: [
      'lvsd.yaml:5:48: virtual_servers[0].real_servers[0].port: forwarding: dr cannot translate ports: 8080 differs from the service port 80',
    ],
  },
  {
    title: 'a real server listed twice',
    lines: [...rs, '      - address: 10.0.1.11'],
    issues: [
      'lvsd.yaml:6:9: virtual_servers[0].real_servers[1]: real server 10.0.1.11:80 is listed twice (also real_servers[0])',
    ],
  },
  {
    title: 'a lower threshold above the upper one (also when the upper is 0, no limit)',
    lines: [...rs, '        lower_threshold: 10'],
    issues: [
      'lvsd.yaml:6:26: virtual_servers[0].real_servers[0].lower_threshold: is above upper_threshold (0); IPVS needs lower <= upper',
    ],
  },
  {
    title: 'check and checks together',
    lines: [...rs, '        check: { tcp: {} }', '        checks: [{ ping: {} }]'],
    issues: [
      'lvsd.yaml:7:17: virtual_servers[0].real_servers[0].checks: give check (one) or checks (several), not both',
    ],
  },
  {
    title: 'a check with two type keys',
    lines: [...rs, '        check: { tcp: {}, ping: {} }'],
    issues: [
      'lvsd.yaml:6:16: virtual_servers[0].real_servers[0].check: a check has exactly one type key, found tcp and ping; use checks: [...] for several',
    ],
  },
  {
    title: 'a check with no type key',
    lines: [...rs, '        check: {}'],
    issues: [
      'lvsd.yaml:6:16: virtual_servers[0].real_servers[0].check: a check needs one type key: http, https, tcp, script, dns, smtp, udp, ping',
    ],
  },
  {
    title: 'an unknown check type, with a suggestion',
    lines: [...rs, '        check: { htpp: {} }'],
    issues: [
      'lvsd.yaml:6:18: virtual_servers[0].real_servers[0].check.htpp: unknown key "htpp"; did you mean "http"?',
    ],
  },
  {
    title: 'an https-only option on an http check',
    lines: [...rs, '        check: { http: { sni: example.com } }'],
    issues: [
      'lvsd.yaml:6:26: virtual_servers[0].real_servers[0].check.http.sni: unknown key "sni"; known keys: interval, timeout, retry, retry_delay, rise, connect_ip, connect_port, bind_ip, fwmark, path, method, status, digest, regex, host',
    ],
  },
  {
    title: 'a client certificate without its key',
    lines: [...rs, '        check: { https: { client_cert: /etc/lvsd/c.pem } }'],
    issues: [
      'lvsd.yaml:6:25: virtual_servers[0].real_servers[0].check.https.client_key: client_cert and client_key go together',
    ],
  },
  {
    title: 'a malformed HTTP status range',
    lines: [...rs, '        check: { http: { status: ["200-199"] } }'],
    issues: [
      'lvsd.yaml:6:35: virtual_servers[0].real_servers[0].check.http.status[0]: expected an HTTP status or range such as 200 or "200-299", got "200-199"',
    ],
  },
  {
    title: 'a digest that is not MD5',
    lines: [...rs, '        check: { http: { digest: abc } }'],
    issues: [
      "lvsd.yaml:6:34: virtual_servers[0].real_servers[0].check.http.digest: expected an MD5 digest of 32 hex digits (keepalived's genhash)",
    ],
  },
  {
    title: 'a check interval that does not parse',
    lines: [...rs, '        check: { tcp: { interval: soon } }'],
    issues: [
      'lvsd.yaml:6:35: virtual_servers[0].real_servers[0].check.tcp.interval: expected a duration such as 50ms, 1s, 5m or a number of seconds, got "soon"',
    ],
  },
  {
    title: 'a script check with an empty command',
    lines: [...rs, '        check: { script: { command: [] } }'],
    issues: [
      'lvsd.yaml:6:37: virtual_servers[0].real_servers[0].check.script.command: a command needs at least the program to run',
    ],
  },
  {
    title: 'an empty quorum command',
    lines: [...vs, '    quorum: { down: [] }'],
    issues: ['lvsd.yaml:4:21: virtual_servers[0].quorum.down: a command needs at least the program to run'],
  },
];

for (const c of cases) {
  test(c.title, (t) => {
    t.deepEqual(issuesOf(c.lines), c.issues);
  });
}

test('every check type with its options is valid', (t) => {
  const lines = [
    ...vs,
    '    real_servers:',
    '      - address: 10.0.1.11',
    '        checks:',
    '          - http: { path: /healthz, method: HEAD, status: [200, "300-399"], digest: 9b3a0c85a887a256d6939da88aabd8cd, regex: "ok$", host: www.example.com }',
    '          - https: { sni: www.example.com, tls_verify: true, client_cert: /etc/c.pem, client_key: /etc/k.pem, connect_port: 443 }',
    '          - tcp: { send: "PING\\r\\n", expect: "+PONG", connect_ip: 10.0.1.99, bind_ip: 192.0.2.1, fwmark: 7 }',
    '          - script: { command: [/usr/lib/lvsd/db-ok, 10.0.1.11], dynamic_weight: true }',
    '          - dns: { name: example.com, type: A }',
    '          - smtp: { helo_name: lvsd.example.com }',
    '          - udp: { payload: hello, require_reply: true }',
    '          - ping: { interval: 1s, timeout: 500ms, retry: 3, retry_delay: 100ms, rise: 2 }',
  ];
  t.deepEqual(issuesOf(lines), []);
});

test('every scheduler, every forwarding method and both families are valid', (t) => {
  const schedulers = [
    'rr',
    'wrr',
    'lc',
    'wlc',
    'lblc',
    'lblcr',
    'dh',
    'sh',
    'sed',
    'nq',
    'mh',
    'fo',
    'ovf',
    'twos',
  ];
  const lines = ['virtual_servers:'];
  schedulers.forEach((scheduler, i) =>
    lines.push(`  - { address: 192.0.2.${i + 1}, port: 80, scheduler: ${scheduler} }`),
  );
  lines.push(
    '  - { address: 192.0.2.100, port: 80, scheduler: sh, scheduler_flags: [sh-port, sh-fallback], forwarding: dr }',
  );
  lines.push(
    '  - { address: 192.0.2.101, port: 80, scheduler: mh, scheduler_flags: [mh-port, mh-fallback], forwarding: tun, tunnel: { type: gue, port: 6080, checksum: remcsum } }',
  );
  lines.push('  - { fwmark: 1, family: ipv6, persistence: { prefix_length: 64 } }');
  lines.push(
    '  - { address: 192.0.2.102, port: 0, protocol: udp, one_packet: true, persistence: { netmask: 255.255.255.0 } }',
  );
  lines.push(
    '  - { address: 192.0.2.103, port: 80, protocol: sctp, forwarding: tun, real_servers: [{ address: "2001:db8::1" }] }',
  );
  t.deepEqual(issuesOf(lines), []);
});
