// Loading: conf.d order, includes, merging by name, errors across files, YAML syntax errors.
import test from 'ava';
import { configOf, issuesOf, load } from '../../helpers/config-files.js';

const instance = (name: string, vrid: number) => [
  `  ${name}:`,
  '    interface: eth0',
  `    virtual_router_id: ${vrid}`,
];

test('conf.d/*.yaml loads after the main file, in name order, and merges by name', (t) => {
  const { result } = load({
    'lvsd.yaml': ['vrrp_instances:', ...instance('main', 1)],
    'conf.d/20-b.yaml': ['vrrp_instances:', ...instance('b', 3)],
    'conf.d/10-a.yaml': ['vrrp_instances:', ...instance('a', 2)],
    'conf.d/30-ignored.yml': ['this file: is not loaded'],
    'conf.d/README': 'not yaml',
  });
  t.true(result.ok);
  t.deepEqual(
    result.files.map((f) => f.replace(/.*lvsd-config-[^/]+\//, '')),
    ['lvsd.yaml', 'conf.d/10-a.yaml', 'conf.d/20-b.yaml'],
  );
  if (result.ok) t.deepEqual(Object.keys(result.config.vrrp_instances), ['main', 'a', 'b']);
});

test('include globs load after conf.d, relative to the including file, nested includes too', (t) => {
  const { result } = load({
    'lvsd.yaml': ['include: ["services/*.yaml", "nothing-matches/*.yaml"]'],
    'conf.d/10-a.yaml': ['include: ../more/extra.yaml', 'vrrp_instances:', ...instance('a', 2)],
    'services/web.yaml': [
      'include: [../nested/*.yaml]',
      'virtual_servers: [{ address: 192.0.2.10, port: 80 }]',
    ],
    'services/api.yaml': ['virtual_servers: [{ address: 192.0.2.11, port: 80 }]'],
    'more/extra.yaml': ['vrrp_scripts: { chk: { command: [/bin/true] } }'],
    'nested/deep.yaml': ['virtual_servers: [{ fwmark: 5, family: ipv4 }]'],
  });
  t.true(result.ok);
  t.deepEqual(
    result.files.map((f) => f.replace(/.*lvsd-config-[^/]+\//, '')),
    [
      'lvsd.yaml',
      'conf.d/10-a.yaml',
      'services/api.yaml',
      'services/web.yaml',
      'more/extra.yaml',
      'nested/deep.yaml',
    ],
  );
  if (result.ok) {
    t.deepEqual(
      result.config.virtual_servers.map((vs) => vs.address ?? `fwmark ${vs.fwmark}`),
      ['192.0.2.11', '192.0.2.10', 'fwmark 5'],
    );
    t.truthy(result.config.vrrp_scripts.chk);
  }
});

test('a file included twice, or including itself, is loaded once', (t) => {
  const { result } = load({
    'lvsd.yaml': ['include: ["*.yaml", "a.yaml"]', 'vrrp_instances:', ...instance('main', 1)],
    'a.yaml': ['include: lvsd.yaml', 'vrrp_instances:', ...instance('a', 2)],
  });
  t.true(result.ok, JSON.stringify(result));
  t.is(result.files.length, 2);
});

test('a named include that is missing is an error at the include entry', (t) => {
  const { issues } = load({ 'lvsd.yaml': ['include:', '  - extra/*.yaml', '  - missing.yaml'] });
  t.is(issues.length, 1);
  t.regex(
    issues[0] ?? '',
    /^lvsd\.yaml:3:5: include\[1\]: cannot read included file missing\.yaml: no such file$/,
  );
});

test('an instance defined in two files is an error naming both places', (t) => {
  const { issues } = load({
    'lvsd.yaml': ['vrrp_instances:', ...instance('web', 1)],
    'conf.d/50-web.yaml': ['# a second definition', 'vrrp_instances:', ...instance('web', 2)],
  });
  t.deepEqual(issues, [
    'conf.d/50-web.yaml:3:3: vrrp_instances.web: vrrp_instance "web" is defined twice: here and at lvsd.yaml:2:3',
  ]);
});

test('a virtual server defined in two files is an error naming both places', (t) => {
  const { issues } = load({
    'lvsd.yaml': ['virtual_servers:', '  - { address: 192.0.2.10, port: 443 }'],
    'conf.d/x.yaml': [
      'virtual_servers:',
      '  - { address: 192.0.2.11, port: 443 }',
      '  - address: 192.0.2.10',
      '    port: 443',
      '    protocol: tcp',
    ],
  });
  t.deepEqual(issues, [
    'conf.d/x.yaml:3:5: virtual_servers[1]: virtual server 192.0.2.10:443:tcp is defined twice: here and at lvsd.yaml:2:5',
  ]);
});

test('one address written two ways is one virtual server: defined twice', (t) => {
  const { issues } = load({
    'lvsd.yaml': ['virtual_servers:', '  - { address: "2001:db8::10", port: 443 }'],
    'conf.d/x.yaml': ['virtual_servers:', '  - { address: "2001:DB8:0::10", port: 443 }'],
  });
  t.deepEqual(issues, [
    'conf.d/x.yaml:2:5: virtual_servers[0]: virtual server [2001:db8::10]:443:tcp is defined twice: here and at lvsd.yaml:2:5',
  ]);
});

test('the same address and port with another protocol is another virtual server', (t) => {
  const config = configOf({
    'lvsd.yaml': [
      'virtual_servers:',
      '  - { address: 192.0.2.10, port: 53, protocol: udp }',
      '  - { address: 192.0.2.10, port: 53 }',
    ],
  });
  t.is(config.virtual_servers.length, 2);
});

test('a script and a sync group defined twice name both places', (t) => {
  const { issues } = load({
    'lvsd.yaml': [
      'vrrp_scripts:',
      '  chk: { command: [/bin/true] }',
      'vrrp_instances:',
      ...instance('web', 1),
      'vrrp_sync_groups:',
      '  g: { instances: [web] }',
    ],
    'conf.d/a.yaml': [
      'vrrp_scripts:',
      '  chk: { command: [/bin/false] }',
      'vrrp_sync_groups:',
      '  g: { instances: [web] }',
    ],
  });
  t.deepEqual(issues, [
    'conf.d/a.yaml:2:3: vrrp_scripts.chk: vrrp_script "chk" is defined twice: here and at lvsd.yaml:2:3',
    'conf.d/a.yaml:4:3: vrrp_sync_groups.g: vrrp_sync_group "g" is defined twice: here and at lvsd.yaml:8:3',
  ]);
});

test('global in two files is an error naming both', (t) => {
  const { issues } = load({
    'lvsd.yaml': ['global:', '  router_id: a'],
    'conf.d/10.yaml': ['', 'global: { router_id: b }'],
  });
  t.deepEqual(issues, [
    'conf.d/10.yaml:2:1: global: global may appear in one file only; it is also at lvsd.yaml:1:1',
  ]);
});

test('a YAML syntax error carries its position, and other files are still checked', (t) => {
  const { issues } = load({
    'lvsd.yaml': ['vrrp_instances:', '  web:', '    interface: eth0', '   virtual_router_id: [1, 2'],
    'conf.d/a.yaml': ['global: { log: { level: loud } }'],
  });
  t.is(
    issues[0],
    'conf.d/a.yaml:1:25: global.log.level: expected one of "error", "warn", "info", "debug", got "loud"',
  );
  t.true(issues.length >= 2);
  for (const issue of issues.slice(1)) t.regex(issue, /^lvsd\.yaml:[45]:\d+: YAML: \S.+/);
});

test('a duplicate key in one map is a YAML error at the second key', (t) => {
  t.deepEqual(issuesOf(['global:', '  router_id: a', '  router_id: b']), [
    'lvsd.yaml:3:3: YAML: Map keys must be unique',
  ]);
});

test('an unreadable main file is reported as such', (t) => {
  const { result, issues } = load({ 'other.yaml': '' }, 'lvsd.yaml');
  t.false(result.ok);
  if (!result.ok) t.true(result.unreadable);
  t.regex(issues[0] ?? '', /lvsd\.yaml:1:1: cannot read the configuration file: no such file$/);
});

test('an empty main file is a valid configuration of defaults', (t) => {
  const config = configOf({ 'lvsd.yaml': '' });
  t.is(config.global.router_id, 'test-host');
  t.deepEqual(config.vrrp_instances, {});
});

test('unknown keys get a suggestion, at the key itself, and all errors come in one run', (t) => {
  const issues = issuesOf([
    'globl: {}',
    'vrrp_instances:',
    '  web:',
    '    intreface: eth0',
    '    virtual_router_id: 51',
    '    priorty: 100',
    '    garp: { master_delya: 1s }',
    'virtual_servers:',
    '  - { address: 192.0.2.10, port: 80, real_servers: [{ adress: 10.0.0.1 }] }',
  ]);
  t.deepEqual(issues, [
    'lvsd.yaml:1:1: globl: unknown key "globl"; did you mean "global"?',
    'lvsd.yaml:3:3: vrrp_instances.web.interface: missing required key "interface"',
    'lvsd.yaml:4:5: vrrp_instances.web.intreface: unknown key "intreface"; did you mean "interface"?',
    'lvsd.yaml:6:5: vrrp_instances.web.priorty: unknown key "priorty"; did you mean "priority"?',
    'lvsd.yaml:7:13: vrrp_instances.web.garp.master_delya: unknown key "master_delya"; did you mean "master_delay"?',
    'lvsd.yaml:9:53: virtual_servers[0].real_servers[0].address: missing required key "address"',
    'lvsd.yaml:9:55: virtual_servers[0].real_servers[0].adress: unknown key "adress"; did you mean "address"?',
  ]);
});

test('wrong types say what was expected and what was found', (t) => {
  t.deepEqual(
    issuesOf([
      'vrrp_instances:',
      '  web:',
      '    interface: eth0',
      '    virtual_router_id: "51"',
      '    preempt: yes',
    ]),
    [
      'lvsd.yaml:4:24: vrrp_instances.web.virtual_router_id: expected a number, got "51"',
      'lvsd.yaml:5:14: vrrp_instances.web.preempt: expected true or false, got "yes"',
    ],
  );
  t.deepEqual(issuesOf(['vrrp_instances: [web]']), [
    'lvsd.yaml:1:17: vrrp_instances: expected a map, got a list',
  ]);
  t.deepEqual(issuesOf(['- just a list']), ['lvsd.yaml:1:1: expected a map, got a list']);
});

test('YAML anchors and merge keys work, and errors inside merged maps point at the anchor', (t) => {
  const config = configOf({
    'lvsd.yaml': [
      'vrrp_instances:',
      '  web: &base',
      '    interface: eth0',
      '    virtual_router_id: 51',
      '    advert_interval: 50ms',
      '  api:',
      '    <<: *base',
      '    virtual_router_id: 52',
    ],
  });
  t.is(config.vrrp_instances.api?.advert_interval, 50);
  t.is(config.vrrp_instances.api?.virtual_router_id, 52);
  const issues = issuesOf([
    'vrrp_instances:',
    '  web: &base',
    '    interface: eth0',
    '    virtual_router_id: 51',
    '    version: 4',
    '  api:',
    '    <<: *base',
    '    virtual_router_id: 52',
  ]);
  t.true(
    issues.includes('lvsd.yaml:5:14: vrrp_instances.api.version: expected one of 2, 3, got 4'),
    issues.join('\n'),
  );
});
