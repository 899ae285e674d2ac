// The VRRP packet codec: decode (structure and checksum), validate (one instance's expectations), encode.
export * from './types.js';
export { decodeAdvert } from './decode.js';
export { encodeAdvert, advertProblem, authDataFromPassword, type EncodeOptions } from './encode.js';
export {
  validateAdvert,
  type AdvertNote,
  type ReceiverExpectations,
  type V2Authentication,
  type ValidateResult,
} from './validate.js';
