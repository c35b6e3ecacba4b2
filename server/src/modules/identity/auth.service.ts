import { hash, verify } from '@node-rs/argon2';
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { audit } from './audit.ts';
import { effectiveSettings } from './domain/settings.ts';
import { OPERATOR_PERMISSIONS, SELF_PERMISSIONS } from './domain/system-roles.ts';
import { identityEvents } from './events.ts';
import { roles, tenants, userRoles, userStores, users } from './schema.ts';
import { checkSecondFactor } from './second-factor.ts';
import {
  familyOf,
  issueRefreshToken,
  type RequestMeta,
  revokeAllForUser,
  revokeFamily,
  spendRefreshToken,
} from './sessions.service.ts';
import { isLocked, recordAttempt, recordFailure, recordUnknownEmail } from './sign-in-attempts.ts';
import { activeUsersByEmail, claimMfaAttempt, issueUserToken } from './user-tokens.ts';

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  language: 'es' | 'en';
  timezone: string;
  roles: string[];
  permissions: string[];
  /** Stores a store-scoped user may act on; null when not store-scoped. */
  store_ids: string[] | null;
  mfa_enrolment_required?: boolean;
};
export type SessionTenant = { id: string; slug: string; name: string };

/** argon2id (the library's default variant) at the OWASP baseline: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const hashPassword = (password: string) => hash(password, ARGON2_PARAMS);
// Verifying against a fixed hash when the email is unknown keeps timing the same either way.
const MFA_TTL_S = 300;
// Tries per 2FA challenge; the account lockout bounds the challenges.
const MFA_MAX_ATTEMPTS = 5;
const DUMMY_HASH = await hashPassword('not-a-real-password-flujo');

const invalidCredentials = () =>
  new DomainError('identity.invalid_credentials', {
    detail: 'Email or password is not correct, or the account is locked for a while after repeated failures.',
  });

export const createAuthService = (p: Platform) => {
  const db = p.database.db;
  const defaults = { accessTtl: p.config.ACCESS_TOKEN_TTL_S, refreshTtl: p.config.REFRESH_TOKEN_TTL_S };

  const operators = new Set(p.config.FLUJO_OPERATOR_EMAILS.map((e) => e.toLowerCase()));
  // Only a verified address: nobody becomes an operator by registering someone else's email.
  const isOperator = (u: { email: string; emailVerifiedAt: string | null }) =>
    u.emailVerifiedAt !== null && operators.has(u.email.toLowerCase());

  const loadSession = async (tx: Executor, userId: string, tenantId: string) => {
    const [row] = await tx
      .select({ user: users, tenant: tenants })
      .from(users)
      .innerJoin(tenants, eq(tenants.id, users.tenantId))
      .where(and(eq(users.id, userId), eq(users.tenantId, tenantId), eq(users.active, true)));
    if (!row)
      throw new DomainError('platform.unauthenticated', { detail: 'This account is no longer active.' });
    const granted = await tx
      .select({ name: roles.name, permissions: roles.permissions })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(eq(userRoles.userId, userId));
    const stores = await tx
      .select({ id: userStores.storeId })
      .from(userStores)
      .where(eq(userStores.userId, userId));
    const roleNames = granted.map((g) => g.name);
    const user: SessionUser = {
      store_ids: roleNames.includes('Seller') || stores.length > 0 ? stores.map((x) => x.id).sort() : null,
      id: row.user.id,
      email: row.user.email,
      name: row.user.name,
      language: row.user.language === 'en' ? 'en' : 'es',
      timezone: row.user.timezone,
      roles: granted.map((g) => g.name).sort(),
      permissions: [
        ...new Set([
          ...granted.flatMap((g) => g.permissions),
          ...SELF_PERMISSIONS,
          ...(isOperator(row.user) ? OPERATOR_PERMISSIONS : []),
        ]),
      ].sort(),
    };
    const tenant: SessionTenant = { id: row.tenant.id, slug: row.tenant.slug, name: row.tenant.name };
    const settings = effectiveSettings(row.tenant.settings, defaults);
    // An organisation may require 2FA of its admins: until they enrol, they can only manage
    // their own account (where enrolment is).
    if (settings.require_2fa_for_admins && user.roles.includes('Admin') && !row.user.totpEnabledAt) {
      user.permissions = [...SELF_PERMISSIONS].sort();
      user.mfa_enrolment_required = true;
    }
    return { user, tenant, settings };
  };

  /** Access token + a new refresh token (in `familyId` when rotating). */
  const issueTokens = async (
    tx: Executor,
    userId: string,
    tenantId: string,
    meta: RequestMeta,
    familyId?: string,
  ) => {
    const s = await loadSession(tx, userId, tenantId);
    // The access token names its session, so ending the session ends the token too.
    const sessionId = familyId ?? crypto.randomUUID();
    const ctx: RequestContext = {
      tenantId,
      userId,
      kind: 'user',
      roles: s.user.roles,
      permissions: s.user.permissions,
      storeIds: s.user.store_ids,
      sessionId,
    };
    return {
      access_token: await p.tokens.sign(ctx, s.settings.access_token_ttl_s),
      refresh_token: await issueRefreshToken(tx, {
        tenantId,
        userId,
        familyId: sessionId,
        ttlSeconds: s.settings.refresh_token_ttl_s,
        meta,
      }),
      token_type: 'Bearer' as const,
      expires_in: s.settings.access_token_ttl_s,
      user: s.user,
      tenant: s.tenant,
    };
  };

  /** A sign-in that passed every check: reset the failure count, record it, open a session. */
  const succeed = (userId: string, tenantId: string, email: string, meta: RequestMeta) =>
    p.uow(async (tx, emit) => {
      await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
      await recordAttempt(tx, { email, tenantId, userId, success: true, meta });
      await audit(tx, { tenantId, userId, action: 'auth.login', meta });
      emit(
        identityEvents.loggedIn.create({ tenantId, aggregateId: userId, payload: { ip: meta.ip ?? null } }),
      );
      return issueTokens(tx, userId, tenantId, meta);
    });

  return {
    loadSession: (ctx: RequestContext) => loadSession(db, ctx.userId, ctx.tenantId),

    /** Never says whether the email exists: every failure is the same 401. */
    login: async (
      input: { email: string; password: string; tenant?: string | undefined },
      meta: RequestMeta,
    ) => {
      const candidates = await activeUsersByEmail(db, input.email, input.tenant);
      // Every answer costs one argon2 verification of wall time: an unknown email against a
      // dummy hash, an email in several organisations against each of theirs in parallel.
      const checks = await Promise.all(
        (candidates.length ? candidates.map((c) => c.user.passwordHash) : [DUMMY_HASH]).map((h) =>
          verify(h, input.password).catch(() => false),
        ),
      );
      if (!candidates.length) {
        await p.uow((tx) => recordUnknownEmail(tx, input.email, meta));
        throw invalidCredentials();
      }
      const opened = candidates.filter((c, i) => checks[i] && !isLocked(c.user));
      if (!opened.length) {
        // A wrong guess counts against every account it could have been for.
        await p.uow(async (tx) => {
          for (const { user, tenant } of candidates) {
            const settings = effectiveSettings(tenant.settings, defaults);
            await recordFailure(tx, { user, email: input.email, settings, reason: 'wrong_password', meta });
          }
        });
        throw invalidCredentials();
      }
      // Only the right password learns that the email is in several organisations.
      if (candidates.length > 1) throw new DomainError('identity.tenant_required');
      const { user, tenant } = opened[0] as (typeof candidates)[number];
      if (!user.emailVerifiedAt) {
        // Registration was the first session; later ones wait for the mailed confirmation.
        await recordAttempt(db, {
          email: input.email,
          tenantId: tenant.id,
          userId: user.id,
          success: false,
          reason: 'unverified',
          meta,
        });
        throw new DomainError('identity.email_unverified');
      }
      if (user.totpEnabledAt) {
        // The password was right; the session waits for the second factor.
        const mfa_token = await p.uow((tx) => issueUserToken(tx, user, 'mfa', MFA_TTL_S));
        return { mfa_required: true as const, mfa_token };
      }
      return succeed(user.id, tenant.id, input.email, meta);
    },

    /** Second step of a 2FA sign-in: a TOTP or recovery code for the pending challenge. */
    verifySecondFactor: async (input: { mfa_token: string; code: string }, meta: RequestMeta) => {
      const outcome = await p.uow(async (tx) => {
        const claim = await claimMfaAttempt(tx, input.mfa_token, MFA_MAX_ATTEMPTS);
        const { user } = claim;
        // A locked account finishes no challenge, and its code is not even checked.
        if (!isLocked(user) && (await checkSecondFactor(tx, p, user, input.code))) {
          await claim.spend();
          return { user };
        }
        // Wrong codes count toward the lockout like wrong passwords, so fresh challenges
        // (each needing the password) cannot multiply the guesses either.
        const settings = effectiveSettings(claim.settings, defaults);
        await recordFailure(tx, { user, email: user.email, settings, reason: 'wrong_2fa_code', meta });
        return { failed: true as const };
      });
      if ('failed' in outcome) throw new DomainError('identity.invalid_mfa_code');
      return succeed(outcome.user.id, outcome.user.tenantId, outcome.user.email, meta);
    },

    /** A first session without a password check (right after registration). */
    startSession: (userId: string, tenantId: string, email: string, meta: RequestMeta) =>
      p.uow(async (tx) => {
        await recordAttempt(tx, { email, tenantId, userId, success: true, reason: 'registered', meta });
        return issueTokens(tx, userId, tenantId, meta);
      }),

    /** Rotation: the presented token dies; a replay of a dead one revokes its whole family. */
    refresh: async (refreshToken: string, meta: RequestMeta) => {
      const outcome = await p.uow(async (tx, emit) => {
        const r = await spendRefreshToken(tx, refreshToken);
        if (r.kind === 'invalid') return { error: true as const };
        if (r.kind === 'reused') {
          await revokeFamily(tx, r.familyId);
          const key = await p.revocations.revoke(tx, emit, {
            scope: 'session',
            tenantId: r.tenantId,
            userId: r.userId,
            sessionId: r.familyId,
          });
          await audit(tx, {
            tenantId: r.tenantId,
            userId: r.userId,
            action: 'auth.token_reuse',
            details: { family_id: r.familyId },
            meta,
          });
          return { error: true as const, revoked: key };
        }
        return { tokens: await issueTokens(tx, r.userId, r.tenantId, meta, r.familyId) };
      });
      if ('error' in outcome) {
        if (outcome.revoked) await p.revocations.forget([outcome.revoked]);
        throw new DomainError('identity.invalid_refresh_token', {
          detail: 'The refresh token is not valid any more; sign in again.',
        });
      }
      return outcome.tokens;
    },

    logout: async (
      ctx: RequestContext,
      input: { refresh_token?: string | undefined; all?: boolean | undefined },
      meta: RequestMeta,
    ) => {
      const revoked = await p.uow(async (tx, emit) => {
        const keys: string[] = [];
        const who = { tenantId: ctx.tenantId, userId: ctx.userId };
        if (input.all) {
          await revokeAllForUser(tx, ctx.userId);
          keys.push(await p.revocations.revoke(tx, emit, { scope: 'user', ...who }));
        } else {
          // This session: the one the refresh token names, else the one the access token is of.
          const fam = input.refresh_token ? await familyOf(tx, input.refresh_token) : undefined;
          const sessionId = fam && fam.userId === ctx.userId ? fam.familyId : ctx.token?.sessionId;
          if (sessionId) {
            await revokeFamily(tx, sessionId);
            keys.push(await p.revocations.revoke(tx, emit, { scope: 'session', ...who, sessionId }));
          }
        }
        await audit(tx, {
          tenantId: ctx.tenantId,
          userId: ctx.userId,
          action: 'auth.logout',
          details: { all: Boolean(input.all) },
          meta,
        });
        emit(
          identityEvents.loggedOut.create({
            tenantId: ctx.tenantId,
            aggregateId: ctx.userId,
            payload: { all: Boolean(input.all) },
          }),
        );
        return keys;
      });
      await p.revocations.forget(revoked);
    },
  };
};

export type AuthService = ReturnType<typeof createAuthService>;
