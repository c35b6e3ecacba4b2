import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

const keyOf = (secret: string) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, as the Standard Webhooks spec signs. */
export const sign = (secret: string, id: string, timestamp: number, body: string) =>
  `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;

/** How far a push's timestamp may be from now, either way, before it is refused as a replay. */
export const TOLERANCE_S = 5 * 60;

/**
 * Whether a signature header (space-separated `v1,…` entries) holds a valid signature of the
 * message under any of the secrets, compared in constant time, and the timestamp is recent.
 */
export const verify = (
  secrets: string[],
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  nowS = Math.floor(Date.now() / 1000),
): 'ok' | 'stale' | 'bad_signature' => {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowS - ts) > TOLERANCE_S) return 'stale';
  const given = headers.signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  for (const secret of secrets) {
    const want = Buffer.from(sign(secret, headers.id, ts, body).slice(3), 'base64');
    if (given.some((g) => g.length === want.length && timingSafeEqual(g, want))) return 'ok';
  }
  return 'bad_signature';
};

/** Whether an event type is one a subscription asked for: a type, a prefix ending in `*`, or `*`. */
export const wants = (patterns: readonly string[], type: string) =>
  patterns.some((p) => (p.endsWith('*') ? type.startsWith(p.slice(0, -1)) : p === type));

/** What a subscription may ask for: `*`, `inventory.*`, `inventory.stock.updated`. */
export const EVENT_PATTERN = /^(\*|[a-z]+(\.[a-z_]+)*(\.\*)?)$/;

/**
 * Seconds to wait before each retry: quick at first, then spread so the last try comes about a
 * day after the first (5 s, 5 min, 30 min, 2 h, 5 h, 8 h, 8 h). Each wait is jittered by up to
 * a fifth so a receiver coming back is not hit by every sender at once.
 */
export const RETRY_DELAYS_S = [5, 300, 1800, 7200, 18_000, 28_800, 28_800] as const;
export const retryDelay = (failedAttempts: number, random = Math.random) => {
  const base = RETRY_DELAYS_S[failedAttempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random()));
};

const v4 = (ip: string) => ip.split('.').map(Number) as [number, number, number, number];

/**
 * Addresses a tenant must not make Flujo call: loopback, private, link-local (cloud metadata),
 * carrier-grade NAT, unspecified, multicast and reserved ranges, in IPv4 and IPv6 (with
 * IPv4-mapped IPv6 read as its IPv4).
 */
export const isPrivateAddress = (ip: string): boolean => {
  if (isIPv4(ip)) {
    const [a, b] = v4(ip);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (!isIPv6(ip)) return true;
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return isPrivateAddress(mapped[1]);
  return (
    lower === '::' ||
    lower === '::1' ||
    lower.startsWith('fc') ||
    lower.startsWith('fd') ||
    lower.startsWith('fe8') ||
    lower.startsWith('fe9') ||
    lower.startsWith('fea') ||
    lower.startsWith('feb') ||
    lower.startsWith('ff')
  );
};
