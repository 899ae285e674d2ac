// Named errors of the IPVS adapter. A kernel refusal is an operating error, carried as a value with
// its errno and the object involved; the classes let callers branch without parsing messages.
import { constants } from 'node:os';

const ERRNO_NAMES = new Map<number, string>(
  Object.entries(constants.errno).map(([name, value]) => [value, name] as const),
);

/** "EEXIST" for 17; "E123" for a number this platform does not name. */
export function errnoName(errno: number): string {
  return ERRNO_NAMES.get(errno) ?? `E${errno}`;
}

export class IpvsError extends Error {
  override name = 'IpvsError';
  /** The kernel's errno (positive), 0 when the kernel did not say. */
  readonly errno: number;
  readonly code: string;
  /** The object involved ("tcp 192.0.2.10:80 -> 10.0.0.1:80"). */
  readonly object: string;
  /** The operation ("add-dest"). */
  readonly operation: string;

  constructor(operation: string, object: string, errno: number, detail?: string) {
    super(`${operation} ${object}: ${detail ?? errnoName(errno)}`);
    this.operation = operation;
    this.object = object;
    this.errno = errno;
    this.code = errno === 0 ? 'EUNKNOWN' : errnoName(errno);
  }
}

/** EEXIST: the service or destination is already there. */
export class IpvsExistsError extends IpvsError {
  override name = 'IpvsExistsError';
}

/** ESRCH (no such service) or ENOENT (no such destination, scheduler or engine). */
export class IpvsNotFoundError extends IpvsError {
  override name = 'IpvsNotFoundError';
}

/** EINVAL and the like: the kernel refused the values. */
export class IpvsInvalidError extends IpvsError {
  override name = 'IpvsInvalidError';
}

/** EPERM/EACCES: not allowed (lvsd runs as root with CAP_NET_ADMIN). */
export class IpvsPermissionError extends IpvsError {
  override name = 'IpvsPermissionError';
}

/** The kernel has no IPVS (no "IPVS" generic-netlink family, module not loadable). */
export class IpvsUnavailableError extends IpvsError {
  override name = 'IpvsUnavailableError';
}

/** The reply was lost or never came (socket overrun, timeout); the outcome is unknown. */
export class IpvsUnknownOutcomeError extends IpvsError {
  override name = 'IpvsUnknownOutcomeError';
}

/** The error class for a kernel errno. */
export function ipvsErrorFor(operation: string, object: string, errno: number): IpvsError {
  const e = constants.errno;
  switch (errno) {
    case e.EEXIST:
      return new IpvsExistsError(operation, object, errno);
    case e.ESRCH:
    case e.ENOENT:
      return new IpvsNotFoundError(operation, object, errno);
    case e.EPERM:
    case e.EACCES:
      return new IpvsPermissionError(operation, object, errno);
    default:
      return new IpvsInvalidError(operation, object, errno);
  }
}
