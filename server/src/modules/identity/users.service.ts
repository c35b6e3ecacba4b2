import { randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { and, asc, count, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { containing } from '../../platform/db/like.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { audit } from './audit.ts';
import { hashPassword } from './auth.service.ts';
import { assertPassword } from './domain/password-check.ts';
import { effectiveSettings } from './domain/settings.ts';
import { identityEvents } from './events.ts';
import { assertCanGrant, findRole } from './roles.service.ts';
import { roles, tenants, userRoles, userStores, users } from './schema.ts';
import { type RequestMeta, revokeAllForUser } from './sessions.service.ts';
import { findUser } from './users.repo.ts';

type UserRow = typeof users.$inferSelect;
export type UserChanges = {
  name?: string | undefined;
  language?: 'es' | 'en' | undefined;
  timezone?: string | undefined;
  active?: boolean | undefined;
};

const withRoles = async (tx: Tx, rows: UserRow[]) => {
  const ids = rows.map((r) => r.id);
  const granted = ids.length
    ? await tx
        .select({ userId: userRoles.userId, id: roles.id, name: roles.name })
        .from(userRoles)
        .innerJoin(roles, eq(roles.id, userRoles.roleId))
        .where(inArray(userRoles.userId, ids))
    : [];
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    language: (u.language === 'en' ? 'en' : 'es') as 'es' | 'en',
    timezone: u.timezone,
    active: u.active,
    email_verified: u.emailVerifiedAt !== null,
    locked_until: u.lockedUntil ? new Date(u.lockedUntil).toISOString() : null,
    roles: granted.filter((g) => g.userId === u.id).map((g) => ({ id: g.id, name: g.name })),
    created_at: new Date(u.createdAt).toISOString(),
  }));
};

const oneWithRoles = async (tx: Tx, row: UserRow | undefined) => {
  const [u] = row ? await withRoles(tx, [row]) : [];
  if (!u) throw new DomainError('identity.user_not_found');
  return u;
};

const tenantSettings = async (tx: Tx, p: Platform, tenantId: string) => {
  const [t] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  return effectiveSettings(t?.settings ?? {}, {
    accessTtl: p.config.ACCESS_TOKEN_TTL_S,
    refreshTtl: p.config.REFRESH_TOKEN_TTL_S,
  });
};

export const createUsersService = (p: Platform, invite: (tx: Tx, user: UserRow) => Promise<void>) => ({
  list: (ctx: RequestContext, q: PageQuery & { search?: string | undefined }) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const where = and(
        eq(users.tenantId, ctx.tenantId),
        q.search
          ? or(ilike(users.email, containing(q.search)), ilike(users.name, containing(q.search)))
          : undefined,
      );
      const rows = await tx
        .select()
        .from(users)
        .where(where)
        .orderBy(asc(users.name), asc(users.id))
        .limit(q.limit)
        .offset(offsetOf(q));
      const [total] = await tx.select({ n: count() }).from(users).where(where);
      return pageOf(await withRoles(tx, rows), total?.n ?? 0, q);
    }),

  get: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => oneWithRoles(tx, await findUser(tx, ctx.tenantId, id))),

  create: async (
    ctx: RequestContext,
    input: {
      email: string;
      name: string;
      password?: string | undefined;
      language?: 'es' | 'en' | undefined;
      role_ids?: string[] | undefined;
    },
    meta: RequestMeta,
  ) => {
    // Without a password the user is invited by mail and chooses one; until then nothing signs in.
    const invited = input.password === undefined;
    const passwordHash = await hashPassword(input.password ?? randomBytes(32).toString('base64url'));
    return p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const settings = await tenantSettings(tx, p, ctx.tenantId);
      if (input.password !== undefined)
        assertPassword(input.password, input.email, settings.password_min_length);
      const [clash] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.tenantId, ctx.tenantId), sql`lower(${users.email}) = lower(${input.email})`));
      if (clash)
        throw new DomainError('identity.email_taken', {
          errors: [{ field: 'email', message: 'is already a user here' }],
        });
      const assigned = await Promise.all((input.role_ids ?? []).map((id) => findRole(tx, ctx.tenantId, id)));
      assertCanGrant(
        ctx,
        assigned.flatMap((r) => r.permissions),
      );
      const [user] = await tx
        .insert(users)
        .values({
          tenantId: ctx.tenantId,
          email: input.email,
          name: input.name,
          passwordHash,
          language: input.language ?? 'es',
          emailVerifiedAt: invited ? null : sql`now()`,
        })
        .returning();
      if (!user) throw new Error('user insert returned nothing');
      for (const r of assigned)
        await tx.insert(userRoles).values({ tenantId: ctx.tenantId, userId: user.id, roleId: r.id });
      if (invited) await invite(tx, user);
      await audit(tx, {
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        action: 'user.created',
        resourceType: 'user',
        resourceId: user.id,
        details: { email: user.email, roles: assigned.map((r) => r.name) },
        meta,
      });
      emit(
        identityEvents.userCreated.create({
          tenantId: ctx.tenantId,
          aggregateId: user.id,
          payload: { email: user.email, name: user.name },
        }),
      );
      return oneWithRoles(tx, user);
    });
  },

  update: async (ctx: RequestContext, id: string, changes: UserChanges, meta: RequestMeta) => {
    const revoked: string[] = [];
    const updated = await p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      await findUser(tx, ctx.tenantId, id);
      if (changes.active === false && id === ctx.userId) throw new DomainError('identity.cannot_remove_self');
      const [user] = await tx.update(users).set(changes).where(eq(users.id, id)).returning();
      if (changes.active === false) {
        await revokeAllForUser(tx, id);
        revoked.push(
          await p.revocations.revoke(tx, emit, { scope: 'user', tenantId: ctx.tenantId, userId: id }),
        );
      }
      const fields = Object.keys(changes);
      await audit(tx, {
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        action: 'user.updated',
        resourceType: 'user',
        resourceId: id,
        details: { ...changes },
        meta,
      });
      emit(
        identityEvents.userUpdated.create({ tenantId: ctx.tenantId, aggregateId: id, payload: { fields } }),
      );
      return oneWithRoles(tx, user);
    });
    await p.revocations.forget(revoked);
    return updated;
  },

  /**
   * Replaces the stores a store-scoped user may act on. Their access tokens name the old stores,
   * so they end now; a refresh issues one with the new.
   */
  setStores: async (ctx: RequestContext, id: string, storeIds: string[], meta: RequestMeta) => {
    let revoked = '';
    const stores = await p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      await findUser(tx, ctx.tenantId, id);
      revoked = await p.revocations.revoke(tx, emit, { scope: 'user', tenantId: ctx.tenantId, userId: id });
      await tx.delete(userStores).where(eq(userStores.userId, id));
      const unique = [...new Set(storeIds)];
      if (unique.length)
        await tx
          .insert(userStores)
          .values(unique.map((storeId) => ({ tenantId: ctx.tenantId, userId: id, storeId })));
      await audit(tx, {
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        action: 'user.stores_changed',
        resourceType: 'user',
        resourceId: id,
        details: { store_ids: unique },
        meta,
      });
      emit(
        identityEvents.userUpdated.create({
          tenantId: ctx.tenantId,
          aggregateId: id,
          payload: { fields: ['store_ids'] },
        }),
      );
      return unique.sort();
    });
    await p.revocations.forget([revoked]);
    return stores;
  },

  /** Own profile; a new password needs the current one and ends the other sessions. */
  updateMe: async (
    ctx: RequestContext,
    input: UserChanges & { current_password?: string | undefined; new_password?: string | undefined },
    meta: RequestMeta,
  ) => {
    const { current_password, new_password, active: _ignored, ...profile } = input;
    const newHash = new_password ? await hashPassword(new_password) : undefined;
    const revoked: string[] = [];
    const updated = await p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const me = await findUser(tx, ctx.tenantId, ctx.userId);
      if (new_password) {
        if (!current_password || !(await verify(me.passwordHash, current_password).catch(() => false))) {
          throw new DomainError('identity.wrong_password', {
            errors: [{ field: 'current_password', message: 'is not correct' }],
          });
        }
        const settings = await tenantSettings(tx, p, ctx.tenantId);
        assertPassword(new_password, me.email, settings.password_min_length, 'new_password');
        await revokeAllForUser(tx, me.id);
        // Other sessions end at once; this one keeps its access token until it expires.
        revoked.push(
          await p.revocations.revoke(tx, emit, {
            scope: 'user',
            tenantId: ctx.tenantId,
            userId: me.id,
            keepSession: ctx.token?.sessionId,
          }),
        );
        await audit(tx, {
          tenantId: ctx.tenantId,
          userId: me.id,
          action: 'auth.password_changed',
          resourceType: 'user',
          resourceId: me.id,
          meta,
        });
      }
      const [user] = await tx
        .update(users)
        .set({ ...profile, ...(newHash ? { passwordHash: newHash } : {}) })
        .where(eq(users.id, me.id))
        .returning();
      emit(
        identityEvents.userUpdated.create({
          tenantId: ctx.tenantId,
          aggregateId: me.id,
          payload: { fields: Object.keys(input).filter((k) => k !== 'current_password') },
        }),
      );
      return oneWithRoles(tx, user);
    });
    await p.revocations.forget(revoked);
    return updated;
  },
});

export type UsersService = ReturnType<typeof createUsersService>;
