import { asc, count, eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { audit } from './audit.ts';
import { hashPassword } from './auth.service.ts';
import { assertPassword } from './domain/password-check.ts';
import { SYSTEM_ROLES } from './domain/system-roles.ts';
import { identityEvents } from './events.ts';
import { roles, type TenantSettings, tenants, userRoles, users } from './schema.ts';
import type { RequestMeta } from './sessions.service.ts';
import { tenantCalendar } from './tenant-calendar.ts';

type RoleName = (typeof SYSTEM_ROLES)[number]['name'];
export type NewUser = {
  email: string;
  name: string;
  password: string;
  language?: 'es' | 'en';
  /** IANA zone; absent takes the users table's default. */
  timezone?: string | undefined;
  role: RoleName;
};
export type NewTenant = {
  slug: string;
  name: string;
  /** IANA zone of the organisation's calendar; absent keeps UTC, the day every date had before zones. */
  timezone?: string | undefined;
  admin: Omit<NewUser, 'role'>;
  users?: NewUser[];
  /** Seeded and admin-created users are verified; a self-registered admin must confirm by mail. */
  verified?: boolean;
};

/**
 * Creates a tenant with its system roles, its first Admin and any further users (all with
 * verified email), or returns the existing one by slug.
 */
export const ensureTenant = async (p: Platform, input: NewTenant) => {
  const [existing] = await p.database.db.select().from(tenants).where(eq(tenants.slug, input.slug));
  if (existing) {
    const [admin] = await p.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.tenantId, existing.id))
      .limit(1);
    return { tenantId: existing.id, adminUserId: admin?.id ?? '', created: false };
  }
  const people: NewUser[] = [{ ...input.admin, role: 'Admin' }, ...(input.users ?? [])];
  const hashes = await Promise.all(people.map((u) => hashPassword(u.password)));
  return p.uow(async (tx, emit) => {
    const [tenant] = await tx
      .insert(tenants)
      .values({ slug: input.slug, name: input.name, ...(input.timezone ? { timezone: input.timezone } : {}) })
      .returning();
    if (!tenant) throw new Error('tenant insert returned nothing');
    const created = await tx
      .insert(roles)
      .values(
        SYSTEM_ROLES.map((r) => ({
          tenantId: tenant.id,
          name: r.name,
          description: r.description,
          isSystem: true,
          permissions: [...r.permissions],
        })),
      )
      .returning();
    emit(
      identityEvents.tenantCreated.create({
        tenantId: tenant.id,
        aggregateId: tenant.id,
        payload: { slug: tenant.slug, name: tenant.name },
      }),
    );
    const ids: string[] = [];
    for (const [i, person] of people.entries()) {
      const [user] = await tx
        .insert(users)
        .values({
          tenantId: tenant.id,
          email: person.email,
          name: person.name,
          passwordHash: hashes[i] ?? '',
          language: person.language ?? 'es',
          ...(person.timezone ? { timezone: person.timezone } : {}),
          emailVerifiedAt: input.verified === false ? null : sql`now()`,
        })
        .returning();
      if (!user) throw new Error('user insert returned nothing');
      ids.push(user.id);
      const role = created.find((r) => r.name === person.role);
      if (role) await tx.insert(userRoles).values({ tenantId: tenant.id, userId: user.id, roleId: role.id });
      emit(
        identityEvents.userCreated.create({
          tenantId: tenant.id,
          aggregateId: user.id,
          payload: { email: user.email, name: user.name },
        }),
      );
    }
    return { tenantId: tenant.id, adminUserId: ids[0] ?? '', created: true };
  });
};

export type TenantChanges = {
  name?: string | undefined;
  timezone?: string | undefined;
  settings?: TenantSettings | undefined;
};

const view = (t: typeof tenants.$inferSelect) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  timezone: t.timezone,
  settings: t.settings,
  created_at: new Date(t.createdAt).toISOString(),
});

/** Own organisation for its admins; every organisation for Flujo's operators (`platform:tenants`). */
export const createTenantsService = (p: Platform) => {
  const db = p.database.db;
  const find = async (id: string) => {
    const [t] = await db.select().from(tenants).where(eq(tenants.id, id));
    if (!t) throw new DomainError('identity.tenant_not_found');
    return view(t);
  };

  return {
    current: (ctx: RequestContext) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const [t] = await tx.select().from(tenants).where(eq(tenants.id, ctx.tenantId));
        if (!t) throw new DomainError('identity.tenant_not_found');
        return view(t);
      }),

    /** Renames an organisation or changes its time zone or security settings; `by` may be an operator. */
    change: async (id: string, input: TenantChanges, by: RequestContext, meta: RequestMeta) => {
      const changed = await p.uow.forTenant(id, async (tx, emit) => {
        const [current] = await tx.select().from(tenants).where(eq(tenants.id, id));
        if (!current) throw new DomainError('identity.tenant_not_found');
        const settings: TenantSettings = { ...current.settings, ...(input.settings ?? {}) };
        const [updated] = await tx
          .update(tenants)
          .set({
            ...(input.name ? { name: input.name } : {}),
            ...(input.timezone ? { timezone: input.timezone } : {}),
            settings,
          })
          .where(eq(tenants.id, id))
          .returning();
        await audit(tx, {
          tenantId: id,
          userId: by.userId,
          action: 'tenant.updated',
          resourceType: 'tenant',
          resourceId: id,
          details: { ...input, by_tenant: by.tenantId },
          meta,
        });
        emit(
          identityEvents.tenantUpdated.create({
            tenantId: id,
            aggregateId: id,
            payload: { fields: Object.keys(input) },
          }),
        );
        return view(updated ?? current);
      });
      // Other processes drop their copy when the event reaches them.
      await tenantCalendar.forget(id);
      return changed;
    },

    list: async (q: PageQuery) => {
      const rows = await db
        .select()
        .from(tenants)
        .orderBy(asc(tenants.name))
        .limit(q.limit)
        .offset(offsetOf(q));
      const [total] = await db.select({ n: count() }).from(tenants);
      return pageOf(rows.map(view), total?.n ?? 0, q);
    },

    get: find,

    /** Operators: an organisation with its first Admin; a taken slug is a 409 on `slug`. */
    create: async (input: {
      name: string;
      slug: string;
      admin: { email: string; name: string; password: string };
    }) => {
      assertPassword(input.admin.password, input.admin.email, 10, 'admin.password');
      const created = await ensureTenant(p, { slug: input.slug, name: input.name, admin: input.admin });
      if (!created.created)
        throw new DomainError('identity.slug_taken', { errors: [{ field: 'slug', message: 'is taken' }] });
      return find(created.tenantId);
    },
  };
};

export type TenantsService = ReturnType<typeof createTenantsService>;
