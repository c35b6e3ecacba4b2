import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
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
