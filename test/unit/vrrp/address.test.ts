import test from 'ava';
import { compareAddresses } from '../../../src/vrrp/address.js';

test('IPv4 addresses compare as unsigned numbers, not as text', (t) => {
  t.true(compareAddresses('10.0.0.10', '10.0.0.9') > 0);
  t.true(compareAddresses('9.255.255.255', '10.0.0.0') < 0);
  t.true(compareAddresses('192.168.1.1', '10.0.0.1') > 0);
  t.is(compareAddresses('10.0.0.1', '10.0.0.1'), 0);
});

test('IPv6 addresses compare by value, whatever their spelling', (t) => {
  t.is(compareAddresses('2001:db8::1', '2001:0DB8:0:0:0:0:0:1'), 0);
  t.true(compareAddresses('fe80::2', 'fe80::1') > 0);
  t.true(compareAddresses('fe80::1:0', 'fe80::ffff') > 0);
  t.is(compareAddresses('::ffff:10.0.0.1', '::ffff:a00:1'), 0);
  t.is(compareAddresses('fe80::1%eth0', 'fe80::1'), 0);
});

test('IPv4 sorts below IPv6 and garbage below both', (t) => {
  t.true(compareAddresses('255.255.255.255', '::1') < 0);
  t.true(compareAddresses('not-an-ip', '0.0.0.0') < 0);
  t.true(compareAddresses('::1', '1.2.3') > 0);
  t.is(compareAddresses('1:2:3', 'x'), 0);
  t.true(compareAddresses('1::2::3', '::') < 0);
});
