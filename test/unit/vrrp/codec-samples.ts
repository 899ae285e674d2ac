// Adverts shared by the codec tests.
import { authDataFromPassword, type VrrpAdvertV2 } from '../../../src/vrrp/codec/index.js';

/** A v2 advert with simple-password authentication, as keepalived's "legacy" example sends it. */
export const SAMPLE_V2: VrrpAdvertV2 = {
  version: 2,
  family: 'ipv4',
  vrid: 52,
  priority: 100,
  advertIntervalCs: 100,
  addresses: ['192.0.2.20'],
  authType: 1,
  authData: authDataFromPassword('s3cret'),
};
