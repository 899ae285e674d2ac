// The smaller pieces: the file state store, sync-daemon planning, the fake kernel's answers, the
// byte writer and attribute reader, errno names.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import {
  ByteWriter,
  NetlinkDecodeError,
  getString,
  getU16,
  getU32,
  getU64,
  parseAttrs,
} from '../../../src/ipvs/codec/bytes.js';
import { errnoName, ipvsErrorFor } from '../../../src/ipvs/errors.js';
import { FakeIpvsKernel } from '../../../src/ipvs/fake-kernel.js';
import { readSnapshot, readTable, tableOf } from '../../../src/ipvs/kernel.js';
import type { SyncDaemon } from '../../../src/ipvs/model.js';
import { FileStateStore } from '../../../src/ipvs/state-store.js';
import { daemonOps, sameDaemon, wantedDaemons } from '../../../src/ipvs/sync-daemons.js';
import { dest, service, tcp } from './tables.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'lvsd-ipvs-'));
}

test('state store: missing file is an empty set; save then load round-trips; files are private', async (t) => {
  const dir = tmp();
  try {
    const store = new FileStateStore(join(dir, 'lib/lvsd'));
    t.deepEqual(await store.loadOwned(), { owned: new Set() });
    await store.saveOwned(new Set(['b', 'a']));
    t.deepEqual(await store.loadOwned(), { owned: new Set(['a', 'b']) });
    t.deepEqual(JSON.parse(readFileSync(join(dir, 'lib/lvsd/ipvs-owned.json'), 'utf8')), {
      version: 1,
      owned: ['a', 'b'],
    });
    t.is(statSync(join(dir, 'lib/lvsd/ipvs-owned.json')).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('state store: a broken file is an empty set and a warning', async (t) => {
  const dir = tmp();
  try {
    mkdirSync(dir, { recursive: true });
    const store = new FileStateStore(dir);
    for (const content of ['{not json', '{"version":2,"owned":[]}', '{"version":1,"owned":[1]}']) {
      writeFileSync(join(dir, 'ipvs-owned.json'), content);
      const r = await store.loadOwned();
      t.is(r.owned.size, 0);
      t.regex(r.warning ?? '', /ignoring .*ipvs-owned\.json/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const sync = { interface: 'eth1', sync_id: 7, group: '224.0.0.81', port: 8848, ttl: 1 };
const daemon = (state: 'master' | 'backup', extra: Partial<SyncDaemon> = {}): SyncDaemon => ({
  state,
  interface: 'eth1',
  syncId: 7,
  maxLen: 0,
  group: '224.0.0.81',
  port: 8848,
  ttl: 1,
  ...extra,
});

test('sync daemons: both without follow_instance, the role with it, none without connection_sync', (t) => {
  t.deepEqual(wantedDaemons(undefined, 'master'), []);
  t.deepEqual(
    wantedDaemons(sync, 'backup').map((d) => d.state),
    ['master', 'backup'],
  );
  t.deepEqual(
    wantedDaemons({ ...sync, follow_instance: 'web' }, 'backup').map((d) => d.state),
    ['backup'],
  );
  t.deepEqual(wantedDaemons({ ...sync, follow_instance: 'web', max_len: 1400 }, 'master'), [
    daemon('master', { maxLen: 1400 }),
  ]);
});

test('sync daemons: kernel defaults match unset values; a changed value restarts the daemon', (t) => {
  t.true(sameDaemon(daemon('backup', { maxLen: 65507 }), daemon('backup')));
  t.false(sameDaemon(daemon('backup'), daemon('backup', { syncId: 8 })));
  t.deepEqual(daemonOps([daemon('master', { maxLen: 1472 })], [daemon('master')]), []);
  t.deepEqual(daemonOps([daemon('master')], [daemon('master', { interface: 'eth2' })]), [
    { op: 'stop-daemon', state: 'master' },
    { op: 'start-daemon', daemon: daemon('master', { interface: 'eth2' }) },
  ]);
  t.deepEqual(daemonOps([daemon('backup')], []), [{ op: 'stop-daemon', state: 'backup' }]);
});

test('the fake kernel answers as the kernel does', async (t) => {
  const k = new FakeIpvsKernel();
  const web = tcp('192.0.2.10', 80);
  const results = await k.apply([
    { op: 'add-service', service: service(web) },
    { op: 'add-service', service: service(web) },
    { op: 'edit-service', service: service(tcp('192.0.2.11', 80)) },
    { op: 'add-service', service: service(tcp('192.0.2.12', 80), { scheduler: 'twos' }) },
    { op: 'add-dest', service: web, dest: dest('10.0.0.1') },
    { op: 'add-dest', service: web, dest: dest('10.0.0.1') },
    { op: 'edit-dest', service: web, dest: dest('10.0.0.2') },
    { op: 'add-dest', service: web, dest: dest('10.0.0.3', 80, { upperThreshold: 1, lowerThreshold: 2 }) },
    {
      op: 'add-dest',
      service: web,
      dest: dest('10.0.0.4', 80, { forwarding: 'tun', tunnel: { type: 'gue', port: 0, flags: 0 } }),
    },
    { op: 'add-dest', service: web, dest: dest('2001:db8::1') },
    { op: 'delete-dest', service: web, dest: dest('10.0.0.9') },
    { op: 'delete-service', key: tcp('192.0.2.99', 80) },
    { op: 'add-service', service: service(tcp('2001:db8::1', 80), { netmask: 0 }) },
    { op: 'stop-daemon', state: 'master' },
  ]);
  t.deepEqual(
    results.map((r) => (r.ok ? 'ok' : r.error.code)),
    [
      'ok',
      'EEXIST',
      'ESRCH',
      'ENOENT',
      'ok',
      'EEXIST',
      'ENOENT',
      'ERANGE',
      'EINVAL',
      'EINVAL',
      'ENOENT',
      'ESRCH',
      'EINVAL',
      'ESRCH',
    ],
  );
  const snapshot = await readSnapshot(k);
  t.true(snapshot.ok);
  if (snapshot.ok) t.deepEqual([...tableOf(snapshot.value).keys()], ['tcp 192.0.2.10:80']);
  t.deepEqual(
    k.calls.map((c) => c.call),
    ['apply', 'services', 'destinations'],
  );
  const unavailable = new FakeIpvsKernel({ unavailable: true });
  const r = await readTable(unavailable);
  t.false(r.ok);
  if (!r.ok) t.is(r.error.name, 'IpvsUnavailableError');
});

test('errors: errno names and classes', (t) => {
  t.is(errnoName(17), 'EEXIST');
  t.is(errnoName(4242), 'E4242');
  t.is(ipvsErrorFor('add-dest', 'x', 3).name, 'IpvsNotFoundError');
  t.is(ipvsErrorFor('add-dest', 'x', 2).name, 'IpvsNotFoundError');
  t.is(ipvsErrorFor('add-dest', 'x', 1).name, 'IpvsPermissionError');
  t.is(ipvsErrorFor('add-dest', 'x', 34).name, 'IpvsInvalidError');
  const e = ipvsErrorFor('add-service', 'tcp 192.0.2.10:80', 17);
  t.true(e instanceof Error);
  t.like(e, { errno: 17, code: 'EEXIST', object: 'tcp 192.0.2.10:80', operation: 'add-service' });
});

test('the byte writer grows, pads attributes to 4 bytes and nests', (t) => {
  const w = new ByteWriter(2);
  const nest = w.beginAttr(1, true);
  w.attrU16(2, 0x1234);
  w.attrString(3, 'abcde');
  w.attrU32(4, 0xdeadbeef);
  w.endAttr(nest);
  const bytes = w.finish();
  t.is(
    Buffer.from(bytes).toString('hex'),
    '2000018006000200341200000a0003006162636465000000080004' + '00efbeadde',
  );
  const outer = parseAttrs(bytes);
  const inner = parseAttrs(outer.get(1) ?? new Uint8Array());
  t.is(getU16(inner, 2, 'u16'), 0x1234);
  t.is(getString(inner, 3, 'string'), 'abcde');
  t.is(getU32(inner, 4, 'u32'), 0xdeadbeef);
  t.throws(() => getU64(inner, 4, 'short u64'), {
    instanceOf: NetlinkDecodeError,
    message: 'short u64 has 4 bytes, needs 8',
  });
  t.throws(() => getU32(inner, 9, 'absent'), {
    instanceOf: NetlinkDecodeError,
    message: 'absent is missing',
  });
  t.throws(() => parseAttrs(new Uint8Array([3, 0, 1, 0])), { instanceOf: NetlinkDecodeError });
});
