import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .optional()
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const int = (min: number, max: number) =>
  z.coerce
    .number({ message: `an integer between ${min} and ${max}` })
    .int({ message: `an integer between ${min} and ${max}` })
    .min(min, { message: `an integer between ${min} and ${max}` })
    .max(max, { message: `an integer between ${min} and ${max}` });

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const httpUrl = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || fallback)
    .refine((v) => /^https?:\/\//.test(v), { message: 'a URL starting with http:// or https://' });

/** proxy-addr's names for whole ranges, which Fastify's trustProxy also accepts. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

const isProxyAddress = (entry: string) => {
  if (PROXY_RANGES.includes(entry)) return true;
  const [ip = '', bits, ...rest] = entry.split('/');
  const family = isIP(ip);
  if (!family || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
};

/**
 * Which peers may say who the client is through X-Forwarded-For: nobody by default (the
 * socket address is the client), a hop count, or a list of proxy addresses and CIDRs.
 * Trusting everyone would let any caller pick the IP its rate limit and audit entry use.
 */
const trustProxy = z
  .string()
  .optional()
  .transform((v, ctx): false | number | string[] => {
    const raw = (v ?? '').trim();
    if (raw === '') return false;
    if (/^\d+$/.test(raw)) {
      const hops = Number(raw);
      if (hops <= 32) return hops === 0 ? false : hops;
    } else {
      const entries = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (entries.length > 0 && entries.every(isProxyAddress)) return entries;
    }
    ctx.addIssue({
      code: 'custom',
      message:
        'a hop count (0-32) or a comma-separated list of proxy IPs/CIDRs (or loopback, linklocal, uniquelocal)',
    });
    return z.NEVER;
  });

/** What each payment provider needs before customer orders can use it. */
export const PAYMENT_CREDENTIALS = {
  sandbox: [],
  mercadopago: ['MERCADOPAGO_ACCESS_TOKEN', 'MERCADOPAGO_WEBHOOK_SECRET'],
  payu: ['PAYU_API_KEY', 'PAYU_API_LOGIN', 'PAYU_MERCHANT_ID', 'PAYU_ACCOUNT_ID'],
  nequi: ['NEQUI_API_URL', 'NEQUI_API_KEY', 'NEQUI_WEBHOOK_SECRET'],
} as const;

/** Every environment variable Flujo reads. README.md lists them with the same defaults. */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  FLUJO_DATA_DIR: z.string().min(1).default('./data'),
  DB_POOL_MAX: int(1, 200).default(10),
  DB_READ_POOL_MAX: int(1, 50).default(2),
  DB_STATEMENT_TIMEOUT_MS: int(0, 3_600_000).default(30_000),
  NATS_URL: optionalUrl(['nats', 'tls', 'ws', 'wss']),
  NATS_STREAM_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}$/, {
      message: 'lowercase letters, digits and _ (max 31), starting with a letter',
    })
    .default('flujo'),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  REDIS_KEY_PREFIX: z.string().min(1).default('flujo:'),
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  DEV_MAILBOX: z
    .enum(['', 'true', 'false'], { message: 'true or false' })
    .optional()
    .transform((v) => (v === 'true' ? true : v === 'false' ? false : undefined)),
  MAIL_FROM: z.string().min(3).default('Flujo <no-reply@flujo.local>'),
  /** Let webhooks reach private, loopback and link-local addresses (off: a tenant cannot probe the network). */
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(['', 'true', 'false'], { message: 'true or false' })
    .optional()
    .transform((v) => v === 'true'),
  PUBLIC_URL: optionalUrl(['http', 'https']),
  AUTH_RATE_LIMIT_MAX: int(1, 100_000).default(20),
  FLUJO_OPERATOR_EMAILS: list,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  CORS_ORIGINS: list,
  TRUST_PROXY: trustProxy,
  RATE_LIMIT_MAX: int(1, 1_000_000).default(600),
  TENANT_RATE_LIMIT_MAX: int(0, 10_000_000).default(6000),
  RATE_LIMIT_WINDOW_MS: int(1000, 86_400_000).default(60_000),
  BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(15_000),
  OUTBOX_POLL_MS: int(10, 60_000).default(250),
  JWT_SECRET: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.length >= 32, { message: 'at least 32 characters' }),
  ACCESS_TOKEN_TTL_S: int(60, 86_400).default(900),
  REFRESH_TOKEN_TTL_S: int(300, 90 * 86_400).default(7 * 86_400),
  FLUJO_DEMO_PASSWORD: z.string().min(10, { message: 'at least 10 characters' }).default('flujo-demo-2026'),
  FLUJO_WEB_DIST: z.string().optional(),
  PAYMENT_PROVIDER: z
    .enum(['sandbox', 'mercadopago', 'payu', 'nequi'], { message: 'sandbox, mercadopago, payu or nequi' })
    .default('sandbox'),
  MERCADOPAGO_ACCESS_TOKEN: optionalText,
  MERCADOPAGO_WEBHOOK_SECRET: optionalText,
  MERCADOPAGO_API_URL: httpUrl('https://api.mercadopago.com'),
  PAYU_API_KEY: optionalText,
  PAYU_API_LOGIN: optionalText,
  PAYU_MERCHANT_ID: optionalText,
  PAYU_ACCOUNT_ID: optionalText,
  PAYU_CHECKOUT_URL: httpUrl('https://checkout.payulatam.com/ppp-web-gateway-payu/'),
  PAYU_API_URL: httpUrl('https://api.payulatam.com'),
  NEQUI_API_URL: optionalUrl(['http', 'https']),
  NEQUI_API_KEY: optionalText,
  NEQUI_WEBHOOK_SECRET: optionalText,
  /** The cloud model: any OpenAI-compatible `/chat/completions` server; the base URL ends in the version (`…/v1`). */
  LLM_BASE_URL: optionalUrl(['http', 'https']),
  LLM_API_KEY: optionalText,
  LLM_MODEL: optionalText,
  /** A model on the customer's own machines: the only one that may see sensitive data (seed 002). */
  LLM_LOCAL_BASE_URL: optionalUrl(['http', 'https']),
  LLM_LOCAL_API_KEY: optionalText,
  LLM_LOCAL_MODEL: optionalText,
  LLM_TIMEOUT_MS: int(1000, 600_000).default(60_000),
  /** Per tenant: model requests per minute, and tokens per UTC day (0: no budget). */
  AI_REQUESTS_PER_MINUTE: int(1, 100_000).default(30),
  AI_TOKENS_PER_DAY: int(0, 1_000_000_000).default(2_000_000),
  /** The natural-language query's guards: a statement's time and the planner's cost estimate it may not exceed. */
  AI_QUERY_TIMEOUT_MS: int(100, 60_000).default(5000),
  /** Default: 200,000 embedded (no statement timeout there, and one connection), 5,000,000 on a server. */
  AI_QUERY_MAX_COST: int(100, 1_000_000_000).optional(),
  /**
   * The rows a statement may handle by the bound taken from its parse tree and the views' real
   * counts. Default: 2,000,000 embedded, 200,000,000 on a server.
   */
  AI_QUERY_MAX_ROWS: int(1000, 1_000_000_000_000).optional(),
});

/** The default payment provider must be usable: fail at start-up, not at the first checkout. */
const CheckedConfig = ConfigSchema.superRefine((c, ctx) => {
  for (const [url, model] of [
    ['LLM_BASE_URL', 'LLM_MODEL'],
    ['LLM_LOCAL_BASE_URL', 'LLM_LOCAL_MODEL'],
  ] as const) {
    if (c[url] && !c[model])
      ctx.addIssue({ code: 'custom', path: [model], message: `set when ${url} is set` });
  }
  for (const name of PAYMENT_CREDENTIALS[c.PAYMENT_PROVIDER]) {
    if (!c[name])
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `set when PAYMENT_PROVIDER is ${c.PAYMENT_PROVIDER}`,
      });
  }
});

export type Config = z.infer<typeof ConfigSchema> & { dataDir: string; mode: 'embedded' | 'production' };

export class ConfigError extends Error {}

/** Parses the environment; a bad value becomes one line naming the variable and what it expects. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const parsed = CheckedConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '?');
      return `${name} must be ${i.message} (got ${JSON.stringify(env[name] ?? '')})`;
    });
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    dataDir: path.resolve(c.FLUJO_DATA_DIR),
    mode: c.DATABASE_URL ? 'production' : 'embedded',
  };
};
