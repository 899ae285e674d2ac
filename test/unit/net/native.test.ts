// The native addon loads under this Node, and its failures are errors named by errno.
import test from 'ava';
import { errnoName, isNativeError, nativeAddon } from '../../../src/net/native.js';

test('the addon exports the socket and scheduling calls', (t) => {
  const addon = nativeAddon();
  for (const name of [
    'openRaw',
    'joinGroup',
    'leaveGroup',
    'sendTo',
    'recvFrom',
    'openPacket',
    'sendPacket',
    'close',
    'ifIndex',
    'poll',
    'unpoll',
    'setScheduler',
    'getScheduler',
    'setRlimit',
    'getRlimit',
  ])
    t.is(typeof (addon as unknown as Record<string, unknown>)[name], 'function', name);
  t.is(addon.ifIndex('no-such-if0'), 0);
  t.true(addon.ifIndex('lo') > 0);
});

test('a failed system call throws an error with the errno name, errno and syscall', (t) => {
  const addon = nativeAddon();
  // Unprivileged: EPERM from socket(); as root: ENODEV from SO_BINDTODEVICE.
  const error = t.throws(() => addon.openRaw(4, 112, 'no-such-if0'));
  t.true(isNativeError(error));
  t.true(['EPERM', 'ENODEV'].includes(errnoName(error)), errnoName(error));
  t.regex(error?.message ?? '', /^(socket|setsockopt\(SO_BINDTODEVICE\)): .* \((EPERM|ENODEV)\)$/);
  const bad = t.throws(() => addon.close(1_000_000));
  t.is(errnoName(bad), 'EBADF');
  t.throws(() => addon.openRaw(5 as 4, 112, 'lo'), { instanceOf: TypeError });
});

test('scheduling and resource limits', (t) => {
  const addon = nativeAddon();
  t.deepEqual(addon.getScheduler(), { policy: 'other', priority: 0 });
  const core = addon.getRlimit('core');
  addon.setRlimit('core', 0, core.hard);
  t.deepEqual(addon.getRlimit('core'), { soft: 0, hard: core.hard });
  addon.setRlimit('core', core.soft, core.hard);
  t.throws(() => addon.setScheduler('rr', 1000), { code: 'EINVAL' });
  t.throws(() => addon.setRlimit('bogus' as 'core', 0, 0), { instanceOf: TypeError });
});
