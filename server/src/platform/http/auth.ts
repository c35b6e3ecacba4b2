import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import type { RequestContext } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';

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

/**
 * Tokens whose signature and claims were checked, by their exact text. A client sends the same
 * token with every request until it refreshes, so the HMAC and claim checks run once per token
 * and process; bounded, since each entry is only a shortcut.
 */
const VERIFIED_MAX = 5_000;

export type TokenService = {
  sign: (ctx: RequestContext, ttlSeconds: number) => Promise<string>;
  /** Returns the context, or throws `platform.unauthenticated` for anything not exactly right. */
  verify: (token: string) => Promise<RequestContext>;
};

const expired = () =>
  new DomainError('platform.unauthenticated', { detail: 'The access token has expired.' });

/** A copy per request, so no caller can change what the next request with the token gets. */
const copy = (ctx: RequestContext): RequestContext => ({
  ...ctx,
  ...(ctx.token ? { token: { ...ctx.token } } : {}),
});

/** HS256 only: the algorithm is pinned so `none` or an asymmetric-key confusion is refused. */
export const createTokenService = (secret: string): TokenService => {
  // Imported once: a raw secret would be imported again on every signature check.
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  const verified = new LRUCache<string, RequestContext>({ max: VERIFIED_MAX });

  const check = async (token: string): Promise<RequestContext> => {
    try {
      const { payload } = await jwtVerify<Claims>(token, await key, {
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
        roles: Object.freeze(Array.isArray(payload.roles) ? [...payload.roles] : []) as string[],
        permissions: Object.freeze([...payload.perms]) as string[],
        storeIds: Array.isArray(payload.stores) ? (Object.freeze([...payload.stores]) as string[]) : null,
        token: {
          sessionId: typeof payload.sid === 'string' ? payload.sid : null,
          issuedAt: (payload.iat ?? 0) * 1000,
          expiresAt: (payload.exp ?? 0) * 1000,
        },
      };
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw expired();
      throw new DomainError('platform.unauthenticated', { detail: 'The access token is not valid.' });
    }
  };

  return {
    sign: async (ctx, ttlSeconds) =>
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
        .sign(await key),
    verify: async (token) => {
      const known = verified.get(token);
      // The same test as the full check: expired once the current second reaches `exp`.
      if (known) {
        if (Math.floor(Date.now() / 1000) * 1000 >= (known.token?.expiresAt ?? 0)) {
          verified.delete(token);
          throw expired();
        }
        return copy(known);
      }
      const ctx = await check(token);
      // Gone from the cache when the token expires, so dead tokens do not crowd it.
      verified.set(token, ctx, { ttl: Math.max(1, (ctx.token?.expiresAt ?? 0) - Date.now()) });
      return copy(ctx);
    },
  };
};
