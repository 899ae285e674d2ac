// Health checks. A check is a map with exactly one type key; the value holds that type's options
// plus the timing options every check shares (which override the virtual server's check_defaults).
import * as z from 'zod';
import { absolutePath, command, duration, int, ipAddress, obj, port } from './primitives.js';

/** Options every check may set; unset ones come from the virtual server's check_defaults. */
export const timingShape = {
  interval: duration('time between checks', { minMs: 10 }).optional(),
  timeout: duration('a check that takes longer fails', { minMs: 10 }).optional(),
  retry: int(0, 255, 'retries after the first failure: retry: 1 means down after 2 failures in a row').optional(),
  retry_delay: duration('time between retries').optional(),
  rise: int(1, 255, 'consecutive successes before a down server is up again').optional(),
};

const commonShape = {
  ...timingShape,
  connect_ip: ipAddress.optional().meta({ description: 'check this address instead of the real server' }),
  connect_port: port.optional(),
  bind_ip: ipAddress.optional().meta({ description: 'source address of the check' }),
  fwmark: int(1, 4294967295, 'mark check packets (SO_MARK), e.g. to follow the DR path').optional(),
};

const STATUS_RANGE = /^(\d{3})(?:-(\d{3}))?$/;

/** 200, "200" or "200-299", normalized to { min, max }. */
const statusRange = z.union([int(100, 599), z.string()]).transform((value, ctx) => {
  const match = STATUS_RANGE.exec(String(value));
  const min = Number(match?.[1]);
  const max = Number(match?.[2] ?? match?.[1]);
  if (match === null || min < 100 || max > 599 || min > max) {
    ctx.addIssue({ code: 'custom', message: `expected an HTTP status or range such as 200 or "200-299", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return { min, max };
});

const regexSource = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a valid regular expression' },
);

const httpShape = {
  ...commonShape,
  path: z.string().startsWith('/', 'expected a path starting with "/"').default('/'),
  method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
  status: z.array(statusRange).min(1).prefault(['200-299']).meta({ description: 'accepted status codes or ranges' }),
  digest: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, "expected an MD5 digest of 32 hex digits (keepalived's genhash)")
    .transform((d) => d.toLowerCase())
    .optional(),
  regex: regexSource.optional().meta({ description: 'the body must match' }),
  host: z.string().min(1).optional().meta({ description: 'the Host header; default: the address checked' }),
};

export const httpCheckSchema = obj(httpShape, 'an HTTP request');
export const httpsCheckSchema = obj(
  {
    ...httpShape,
    sni: z.string().min(1).optional().meta({ description: 'the TLS server name; default: host' }),
    tls_verify: z.boolean().default(false).meta({ description: 'verify the certificate chain and name' }),
    client_cert: absolutePath.optional(),
    client_key: absolutePath.optional(),
  },
  'an HTTPS request',
).superRefine((check, ctx) => {
  if ((check.client_cert === undefined) !== (check.client_key === undefined)) {
    const missing = check.client_cert === undefined ? 'client_cert' : 'client_key';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'client_cert and client_key go together' });
  }
});
export const tcpCheckSchema = obj(
  {
    ...commonShape,
    send: z.string().optional().meta({ description: 'bytes to send after connecting' }),
    expect: z.string().optional().meta({ description: 'the reply must contain this' }),
  },
  'a TCP connection, optionally with a request and an expected reply',
);
export const scriptCheckSchema = obj(
  {
    ...commonShape,
    command,
    dynamic_weight: z
      .boolean()
      .default(false)
      .meta({ description: 'exit 0 up, 1 down, 2..255 up with weight = status - 2 (keepalived misc_dynamic)' }),
  },
  'a program; exit status 0 is up',
);
export const DNS_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'PTR', 'SOA', 'SRV', 'TXT'] as const;
export const dnsCheckSchema = obj(
  { ...commonShape, name: z.string().min(1).default('.'), type: z.enum(DNS_TYPES).default('SOA') },
  'a DNS query that must be answered',
);
export const smtpCheckSchema = obj(
  { ...commonShape, helo_name: z.string().min(1).optional().meta({ description: 'default: global.router_id' }) },
  'an SMTP greeting and HELO',
);
export const udpCheckSchema = obj(
  {
    ...commonShape,
    payload: z.string().default('').meta({ description: 'the datagram to send' }),
    require_reply: z.boolean().default(false).meta({ description: 'down unless a reply arrives' }),
  },
  'a UDP datagram; down on an ICMP error, or without a reply when require_reply',
);
export const pingCheckSchema = obj({ ...commonShape }, 'an ICMP echo');

export const CHECK_TYPES = ['http', 'https', 'tcp', 'script', 'dns', 'smtp', 'udp', 'ping'] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

/** A check: a map with exactly one of the type keys. */
export const checkSchema = obj(
  {
    http: httpCheckSchema.optional(),
    https: httpsCheckSchema.optional(),
    tcp: tcpCheckSchema.optional(),
    script: scriptCheckSchema.optional(),
    dns: dnsCheckSchema.optional(),
    smtp: smtpCheckSchema.optional(),
    udp: udpCheckSchema.optional(),
    ping: pingCheckSchema.optional(),
  },
  'a health check: a map with exactly one type key',
)
  .meta({ minProperties: 1, maxProperties: 1 })
  .refine((check) => typeOf(check).length > 0, {
    message: `a check needs one type key: ${CHECK_TYPES.join(', ')}`,
    // An unknown key is likely a misspelt type: report only that, with its suggestion.
    when: (payload) => payload.issues.length === 0,
  })
  .superRefine((check, ctx) => {
    const types = typeOf(check);
    if (types.length > 1) {
      ctx.addIssue({ code: 'custom', message: `a check has exactly one type key, found ${types.join(' and ')}; use checks: [...] for several` });
    }
  });

function typeOf(check: Partial<Record<CheckType, unknown>>): CheckType[] {
  return CHECK_TYPES.filter((type) => check[type] !== undefined);
}

export const checkDefaultsSchema = obj(
  {
    interval: duration('time between checks', { minMs: 10 }).prefault('60s'),
    timeout: duration('a check that takes longer fails', { minMs: 10 }).prefault('5s'),
    retry: int(0, 255, 'retries after the first failure').default(1),
    retry_delay: duration('time between retries').prefault('1s'),
    rise: int(1, 255, 'consecutive successes before a down server is up').default(1),
  },
  "timing for this virtual server's checks",
);

export const CHECK_SCHEMAS = {
  http: httpCheckSchema,
  https: httpsCheckSchema,
  tcp: tcpCheckSchema,
  script: scriptCheckSchema,
  dns: dnsCheckSchema,
  smtp: smtpCheckSchema,
  udp: udpCheckSchema,
  ping: pingCheckSchema,
} as const;

export type CheckInput = z.output<typeof checkSchema>;
export type CheckDefaults = z.output<typeof checkDefaultsSchema>;

/** A normalized check: its type, its options, and every timing option filled in. */
export type CheckConfig = {
  [K in CheckType]: { type: K } & Omit<z.output<(typeof CHECK_SCHEMAS)[K]>, keyof CheckDefaults> & CheckDefaults;
}[CheckType];
