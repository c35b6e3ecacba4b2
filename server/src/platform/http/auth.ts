import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { DomainError } from './errors.ts';

/** Who is asking, built once per request and passed explicitly to services. */
export type RequestContext = {
  tenantId: string;
  userId: string;
  kind: 'user' | 'client';
  roles: string[];
  permissions: string[];
  /** Store-scoped users (seed 001 sellers) may act only on these location ids; null = all. */
  storeIds: string[] | null;
  /** The sign-in session (refresh-token family) a user token belongs to; set when signing. */
  sessionId?: string | undefined;
  /** Set by `verify`: the token's session and lifetime (epoch milliseconds). */
  token?: { sessionId: string | null; issuedAt: number; expiresAt: number } | undefined;
};

/**
 * `resource:action` with `*` wildcards on either side: `*:*`, `inventory:*`, `*:read`.
 */
export const hasPermission = (granted: readonly string[], required: string): boolean => {
  const [res, act] = required.split(':');
  return granted.some((g) => {
    const [gr, ga] = g.split(':');
    // `platform:*` belongs to Flujo's operators: no tenant wildcard reaches it.
    const resourceOk = res === PLATFORM ? gr === PLATFORM : gr === '*' || gr === res;
    return resourceOk && (ga === '*' || ga === act);
  });
};

export const PLATFORM = 'platform';

/**
 * Store scope (seeds 001/002): a store-scoped user (a Seller) may change stock and orders
 * only of the stores assigned to them; everyone else has `storeIds` null and is not limited.
 */
export const assertStoreAccess = (ctx: RequestContext, storeId: string) => {
  if (ctx.storeIds !== null && !ctx.storeIds.includes(storeId)) {
    throw new DomainError('platform.forbidden', {
      detail: 'You may act only on the stores assigned to you.',
    });
  }
};

/** Whether `storeId` is one of the caller's stores; a caller without a store scope reaches every store. */
export const inStoreScope = (ctx: RequestContext, storeId: string) =>
  ctx.storeIds === null || ctx.storeIds.includes(storeId);

/**
 * Whether a record bound to these stores is the caller's to see: one of its stores is theirs.
 * A record that is not answers "not found" to reads and changes alike, so its existence stays
 * hidden; a change that would touch another store of a visible record is `assertStoreAccess`'s 403.
 */
export const visibleInStoreScope = (ctx: RequestContext, storeIds: readonly (string | null)[]) =>
  ctx.storeIds === null || storeIds.some((id) => id !== null && ctx.storeIds?.includes(id) === true);

type Claims = {
  tid: string;
  kind: RequestContext['kind'];
  roles: string[];
  perms: string[];
  stores: string[] | null;
  sid?: string;
};

const ISSUER = 'flujo';
const AUDIENCE = 'flujo-api';

export type TokenService = {
  sign: (ctx: RequestContext, ttlSeconds: number) => Promise<string>;
  /** Returns the context, or throws `platform.unauthenticated` for anything not exactly right. */
  verify: (token: string) => Promise<RequestContext>;
};

/** HS256 only: the algorithm is pinned so `none` or an asymmetric-key confusion is refused. */
export const createTokenService = (secret: string): TokenService => {
  const key = new TextEncoder().encode(secret);
  return {
    sign: (ctx, ttlSeconds) =>
      new SignJWT({
        tid: ctx.tenantId,
        kind: ctx.kind,
        roles: ctx.roles,
        perms: ctx.permissions,
        stores: ctx.storeIds,
        ...(ctx.sessionId ? { sid: ctx.sessionId } : {}),
      } satisfies Claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(ctx.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        // Millisecond precision, so a revocation ends the tokens issued before it and not a
        // sign-in made in the same second after it.
        .setIssuedAt(Date.now() / 1000)
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify<Claims>(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          // A token without an expiry would never die; without issued-at it escapes revocation.
          requiredClaims: ['exp', 'iat'],
        });
        if (!payload.sub || typeof payload.tid !== 'string' || !Array.isArray(payload.perms)) {
          throw new DomainError('platform.unauthenticated', { detail: 'The access token is malformed.' });
        }
        return {
          tenantId: payload.tid,
          userId: payload.sub,
          kind: payload.kind === 'client' ? 'client' : 'user',
          roles: Array.isArray(payload.roles) ? payload.roles : [],
          permissions: payload.perms,
          storeIds: Array.isArray(payload.stores) ? payload.stores : null,
          token: {
            sessionId: typeof payload.sid === 'string' ? payload.sid : null,
            issuedAt: (payload.iat ?? 0) * 1000,
            expiresAt: (payload.exp ?? 0) * 1000,
          },
        };
      } catch (err) {
        if (err instanceof DomainError) throw err;
        const detail =
          err instanceof joseErrors.JWTExpired
            ? 'The access token has expired.'
            : 'The access token is not valid.';
        throw new DomainError('platform.unauthenticated', { detail });
      }
    },
  };
};
