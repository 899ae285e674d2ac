// Every VRRP cross-check rejects a failing input at the exact file:line:column of the culprit.
import test from 'ava';
import { issuesOf } from '../../helpers/config-files.js';

const web = ['vrrp_instances:', '  web:', '    interface: eth0', '    virtual_router_id: 51'];

const cases: { title: string; lines: string[]; issues: string[] }[] = [
  {
    title: 'VRID above 255',
    lines: ['vrrp_instances:', '  web:', '    interface: eth0', '    virtual_router_id: 256'],
    issues: ['lvsd.yaml:4:24: vrrp_instances.web.virtual_router_id: expected at most 255, got 256'],
  },
  {
    title: 'VRID 0',
    lines: ['vrrp_instances:', '  web:', '    interface: eth0', '    virtual_router_id: 0'],
    issues: ['lvsd.yaml:4:24: vrrp_instances.web.virtual_router_id: expected at least 1, got 0'],
  },
  {
    title: 'VRID used twice on one interface and family',
    lines: [...web, '  api:', '    interface: eth0', '    virtual_router_id: 51'],
    issues: [
      'lvsd.yaml:7:24: vrrp_instances.api.virtual_router_id: VRID 51 is already used on eth0 (ipv4) by instance "web"',
    ],
  },
  {
    title: 'v2 advert interval in fractions of a second',
    lines: [...web, '    version: 2', '    advert_interval: 1500ms'],
    issues: [
      'lvsd.yaml:6:22: vrrp_instances.web.advert_interval: VRRP version 2 advertises whole seconds, 1s..255s; got 1500ms (use version: 3 for shorter intervals)',
    ],
  },
  {
    title: 'v2 advert interval above 255 s',
    lines: [...web, '    version: 2', '    advert_interval: 256'],
    issues: [
      'lvsd.yaml:6:22: vrrp_instances.web.advert_interval: VRRP version 2 advertises whole seconds, 1s..255s; got 256000ms (use version: 3 for shorter intervals)',
    ],
  },
  {
    title: 'v3 advert interval not in 10 ms steps',
    lines: [...web, '    advert_interval: 15ms'],
    issues: [
      'lvsd.yaml:5:22: vrrp_instances.web.advert_interval: VRRP version 3 advertises steps of 10ms, 10ms..40.95s; got 15ms',
    ],
  },
  {
    title: 'v3 advert interval above 40.95 s',
    lines: [...web, '    advert_interval: 41s'],
    issues: [
      'lvsd.yaml:5:22: vrrp_instances.web.advert_interval: VRRP version 3 advertises steps of 10ms, 10ms..40.95s; got 41000ms',
    ],
  },
  {
    title: 'VIPs of two families in one instance',
    lines: [...web, '    virtual_ipaddresses:', '      - 192.0.2.10/24', '      - 2001:db8::10/64'],
    issues: [
      'lvsd.yaml:7:9: vrrp_instances.web.virtual_ipaddresses[1]: mixes ipv4 and ipv6 VIPs; one instance carries one family (virtual_ipaddresses_excluded may mix)',
    ],
  },
  {
    title: 'IPv6 VIPs with VRRP v2',
    lines: [...web, '    version: 2', '    virtual_ipaddresses: ["2001:db8::10/64"]'],
    issues: [
      'lvsd.yaml:5:14: vrrp_instances.web.version: IPv6 needs VRRP version 3 (RFC 5798); set version: 3',
    ],
  },
  {
    title: 'a VIP prefix out of range',
    lines: [...web, '    virtual_ipaddresses: ["192.0.2.10/33"]'],
    issues: [
      'lvsd.yaml:5:27: vrrp_instances.web.virtual_ipaddresses[0]: prefix length 33 is out of range for ipv4 (0..32)',
    ],
  },
  {
    title: 'a label that does not start with the interface name',
    lines: [...web, '    virtual_ipaddresses: [{ address: 192.0.2.10/24, label: "eth1:vip" }]'],
    issues: [
      'lvsd.yaml:5:60: vrrp_instances.web.virtual_ipaddresses[0].label: a label must start with the interface name, e.g. "eth0:vip"',
    ],
  },
  {
    title: 'authentication with v3',
    lines: [...web, '    authentication: { type: pass, password: secret }'],
    issues: [
      'lvsd.yaml:5:21: vrrp_instances.web.authentication: authentication exists only in VRRP version 2 (RFC 3768); remove it or set version: 2',
    ],
  },
  {
    title: 'a v2 password longer than 8 characters',
    lines: [...web, '    version: 2', '    authentication: { type: pass, password: much-too-long }'],
    issues: [
      'lvsd.yaml:6:45: vrrp_instances.web.authentication.password: VRRP v2 passwords have at most 8 characters',
    ],
  },
  {
    title: 'udp_port without transport: udp',
    lines: [...web, '    udp_port: 9000'],
    issues: ['lvsd.yaml:5:15: vrrp_instances.web.udp_port: udp_port applies to transport: udp only'],
  },
  {
    title: 'transport: udp without unicast_peers',
    lines: [...web, '    transport: udp'],
    issues: ['lvsd.yaml:3:5: vrrp_instances.web.unicast_peers: transport: udp needs unicast_peers'],
  },
  {
    title: 'unicast_source of another family than the peers',
    lines: [...web, '    unicast_source: 10.0.0.1', '    unicast_peers: ["fe80::2"]'],
    issues: ['lvsd.yaml:6:21: vrrp_instances.web.unicast_peers[0]: is ipv6 but the instance is ipv4'],
  },
  {
    title: 'unicast_source without unicast_peers',
    lines: [...web, '    unicast_source: 10.0.0.1'],
    issues: ['lvsd.yaml:5:21: vrrp_instances.web.unicast_source: unicast_source needs unicast_peers'],
  },
  {
    title: 'preempt: false with state: master',
    lines: [...web, '    state: master', '    priority: 150', '    preempt: false'],
    issues: [
      'lvsd.yaml:7:14: vrrp_instances.web.preempt: preempt: false needs state: backup (a node that starts as master would preempt anyway)',
    ],
  },
  {
    title: 'the address owner tracking an interface with a weight',
    lines: [...web, '    priority: 255', '    track_interfaces: [{ name: eth1, weight: -10 }]'],
    issues: [
      'lvsd.yaml:6:46: vrrp_instances.web.track_interfaces[0].weight: the address owner (priority 255) can only track with weight 0 (FAULT)',
    ],
  },
  {
    title: 'the address owner tracking a script whose weight is defined with the script',
    lines: [
      'vrrp_scripts:',
      '  chk: { command: [/bin/true], weight: -20 }',
      ...web,
      '    state: master',
      '    track_scripts: [chk]',
    ],
    issues: [
      'lvsd.yaml:8:21: vrrp_instances.web.track_scripts[0]: the address owner (priority 255) can only track with weight 0 (FAULT); "chk" has weight -20',
    ],
  },
  {
    title: 'track_scripts naming a script that does not exist',
    lines: [
      'vrrp_scripts:',
      '  haproxy_alive: { command: [/bin/true] }',
      ...web,
      '    track_scripts: [{ name: haproxy_alvie }]',
    ],
    issues: [
      'lvsd.yaml:7:29: vrrp_instances.web.track_scripts[0].name: no vrrp_script named "haproxy_alvie"; did you mean "haproxy_alive"?',
    ],
  },
  {
    title: 'track_files naming a file that does not exist',
    lines: [...web, '    track_files: [maintenance]'],
    issues: [
      'lvsd.yaml:5:19: vrrp_instances.web.track_files[0].name: no vrrp_track_file named "maintenance" (there are no vrrp_track_files)',
    ],
  },
  {
    title: 'a sync group naming an instance that does not exist',
    lines: [...web, 'vrrp_sync_groups:', '  front: { instances: [web, legacy] }'],
    issues: ['lvsd.yaml:6:29: vrrp_sync_groups.front.instances[1]: no vrrp_instance named "legacy"'],
  },
  {
    title: 'an instance in two sync groups',
    lines: [...web, 'vrrp_sync_groups:', '  a: { instances: [web] }', '  b: { instances: [web] }'],
    issues: [
      'lvsd.yaml:7:20: vrrp_sync_groups.b.instances[0]: instance "web" is already in sync group "a"; an instance belongs to one group',
    ],
  },
  {
    title: 'the same VIP in two instances',
    lines: [
      ...web,
      '    virtual_ipaddresses: [192.0.2.10/24]',
      '  api:',
      '    interface: eth0',
      '    virtual_router_id: 52',
      '    virtual_ipaddresses: [192.0.2.10/24]',
    ],
    issues: [
      'lvsd.yaml:9:27: vrrp_instances.api.virtual_ipaddresses[0]: 192.0.2.10 is also a VIP of instance "web"',
    ],
  },
  {
    title: 'follow_instance naming an instance that does not exist',
    lines: [...web, 'connection_sync:', '  interface: eth1', '  follow_instance: wbe'],
    issues: [
      'lvsd.yaml:7:20: connection_sync.follow_instance: no vrrp_instance named "wbe"; did you mean "web"?',
    ],
  },
  {
    title: 'a unicast connection-sync group',
    lines: ['connection_sync:', '  interface: eth1', '  group: 10.0.0.9'],
    issues: [
      'lvsd.yaml:3:10: connection_sync.group: expected a multicast group (the kernel rejects unicast), got "10.0.0.9"',
    ],
  },
  {
    title: 'a duration that does not parse',
    lines: [...web, '    preempt_delay: 5 seconds'],
    issues: [
      'lvsd.yaml:5:20: vrrp_instances.web.preempt_delay: expected a duration such as 50ms, 1s, 5m or a number of seconds, got "5 seconds"',
    ],
  },
  {
    title: 'an empty notify command',
    lines: [...web, '    notify: { master: [] }'],
    issues: ['lvsd.yaml:5:23: vrrp_instances.web.notify.master: a command needs at least the program to run'],
  },
  {
    title: 'a notify command given as a string',
    lines: [...web, '    notify: { master: /etc/lvsd/notify.sh }'],
    issues: [
      'lvsd.yaml:5:23: vrrp_instances.web.notify.master: expected a command as a list of strings, e.g. ["/usr/local/bin/notify.sh", "master"]',
    ],
  },
  {
    title: 'an empty vrrp_script command',
    lines: ['vrrp_scripts:', '  chk: { command: [] }'],
    issues: ['lvsd.yaml:2:19: vrrp_scripts.chk.command: a command needs at least the program to run'],
  },
];

for (const c of cases) {
  test(c.title, (t) => {
    t.deepEqual(issuesOf(c.lines), c.issues);
  });
}

test('instances may share a VRID on different interfaces or families', (t) => {
  const lines = [
    ...web,
    '    virtual_ipaddresses: [192.0.2.10/24]',
    '  other-interface:',
    '    interface: eth1',
    '    virtual_router_id: 51',
    '  other-family:',
    '    interface: eth0',
    '    virtual_router_id: 51',
    '    virtual_ipaddresses: ["2001:db8::10/64"]',
  ];
  t.deepEqual(issuesOf(lines), []);
});

test('virtual_ipaddresses_excluded may mix families, and v3 accepts 10ms and 40.95s', (t) => {
  const lines = [
    ...web,
    '    advert_interval: 10ms',
    '    virtual_ipaddresses: [192.0.2.10/24]',
    '    virtual_ipaddresses_excluded: [192.0.2.99/24, "2001:db8::10/64"]',
    '  slow:',
    '    interface: eth0',
    '    virtual_router_id: 52',
    '    advert_interval: 40.95s',
  ];
  t.deepEqual(issuesOf(lines), []);
});

test('IPv6 instances with unicast peers of their family are valid', (t) => {
  const lines = [
    ...web,
    '    virtual_ipaddresses: ["2001:db8::10/64"]',
    '    unicast_source: "fe80::1"',
    '    unicast_peers: ["fe80::2"]',
  ];
  t.deepEqual(issuesOf(lines), []);
});
