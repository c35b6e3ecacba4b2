import { and, eq, inArray } from 'drizzle-orm';
import { hasPermission } from '../../platform/domain/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { Mail } from '../../platform/mail/mailer.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Module } from '../module.ts';
import { accountRoutes } from './account.routes.ts';
import { createAccountService, FORGOT_PASSWORD_JOB, MAIL_JOB } from './account.service.ts';
import { apiClientsRoutes } from './api-clients.routes.ts';
import { createApiClientsService } from './api-clients.service.ts';
import { auditRoutes } from './audit.routes.ts';
import { createAuditService } from './audit.service.ts';
import { authRoutes } from './auth.routes.ts';
import { createAuthService } from './auth.service.ts';
import { identityErrors } from './errors.ts';
import { identityEvents } from './events.ts';
import { rolesRoutes } from './roles.routes.ts';
import { createRolesService } from './roles.service.ts';
import { roles, tenants, userRoles, userStores, users } from './schema.ts';
import { tenantCalendar } from './tenant-calendar.ts';
import { tenantsRoutes } from './tenants.routes.ts';
import { createTenantsService } from './tenants.service.ts';
import { twoFactorRoutes } from './two-factor.routes.ts';
import { createTwoFactorService } from './two-factor.service.ts';
import { usersRoutes } from './users.routes.ts';
import { createUsersService } from './users.service.ts';

export { ARGON2_PARAMS } from './auth.service.ts';
export { SELF_PERMISSIONS, SYSTEM_ROLES } from './domain/system-roles.ts';
export { identityEvents } from './events.ts';
export { tenantCalendar } from './tenant-calendar.ts';
export { ensureTenant, type NewTenant } from './tenants.service.ts';

/** A tenant's public face by its slug (a storefront's address), or null. Tenants carry no row security. */
export const tenantBySlug = async (db: Executor, slug: string) => {
  const [t] = await db
    .select({ id: tenants.id, name: tenants.name, slug: tenants.slug })
    .from(tenants)
    .where(eq(tenants.slug, slug));
  return t ?? null;
};

/** A tenant's public name and slug by id (the storefront's address), or null. */
export const tenantById = async (db: Executor, id: string) => {
  const [t] = await db
    .select({ id: tenants.id, name: tenants.name, slug: tenants.slug })
    .from(tenants)
    .where(eq(tenants.id, id));
  return t ?? null;
};

/** Names, emails and languages of some users of a tenant (who did what; messages in their language). */
export const usersByIds = async (db: Executor, tenantId: string, ids: string[]) => {
  if (ids.length === 0) return new Map<string, { name: string; email: string; language: string }>();
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, language: users.language })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email, language: r.language }]));
};

export { MAIL_JOB };

/** Every tenant with its time zone (jobs that run at a local hour). */
export const tenantsWithZones = (db: Executor) =>
  db.select({ id: tenants.id, timezone: tenants.timezone }).from(tenants);

/**
 * The active users of a tenant who hold `permission` through their roles, with their store
 * scope as sign-in computes it (a Seller, or anyone assigned stores, is limited to those).
 */
export const usersWithPermission = async (db: Executor, tenantId: string, permission: string) => {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      language: users.language,
      role: roles.name,
      permissions: roles.permissions,
    })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.tenantId, users.tenantId)))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(users.tenantId, tenantId), eq(users.active, true)));
  const byUser = new Map<
    string,
    { id: string; name: string; email: string; language: string; roles: string[]; permissions: string[] }
  >();
  for (const r of rows) {
    const u = byUser.get(r.id) ?? {
      id: r.id,
      name: r.name,
      email: r.email,
      language: r.language,
      roles: [],
      permissions: [],
    };
    u.roles.push(r.role);
    u.permissions.push(...((r.permissions as string[] | null) ?? []));
    byUser.set(r.id, u);
  }
  const holders = [...byUser.values()].filter((u) => hasPermission(u.permissions, permission));
  if (holders.length === 0) return [];
  const stores = await db
    .select({ userId: userStores.userId, storeId: userStores.storeId })
    .from(userStores)
    .where(
      and(
        eq(userStores.tenantId, tenantId),
        inArray(
          userStores.userId,
          holders.map((u) => u.id),
        ),
      ),
    );
  return holders.map((u) => {
    const mine = stores
      .filter((s) => s.userId === u.id)
      .map((s) => s.storeId)
      .sort();
    return { ...u, storeIds: u.roles.includes('Seller') || mine.length > 0 ? mine : null };
  });
};

/** Tenants, users, roles and sign-in. The full identity issue grows this module. */
export const identityModule = (p: Platform): Module => {
  const auth = createAuthService(p);
  const account = createAccountService(p);
  const users = createUsersService(p, account.invite);
  const roles = createRolesService(p);
  // A tenant changed in another process: its time zone may have changed with it.
  p.onEvent((e) => {
    const changed = identityEvents.tenantUpdated.read(e);
    if (changed) void tenantCalendar.forget(changed.aggregateId);
  });
  return {
    name: 'identity',
    errors: identityErrors,
    jobs: [
      {
        name: MAIL_JOB,
        retryLimit: 5,
        handler: async (mail: Mail) => p.mailer.send(mail),
      } as JobDefinition<Mail> as unknown as JobDefinition<object>,
      {
        name: FORGOT_PASSWORD_JOB,
        retryLimit: 3,
        handler: async (data: { email: string; tenant: string | null }) => account.mailResetLinks(data),
      } as JobDefinition<{ email: string; tenant: string | null }> as unknown as JobDefinition<object>,
    ],
    routes: (app) => {
      authRoutes(app, auth, p.config.AUTH_RATE_LIMIT_MAX);
      auditRoutes(app, createAuditService(p));
      usersRoutes(app, users, roles);
      rolesRoutes(app, roles);
      accountRoutes(app, p, account, auth);
      twoFactorRoutes(app, createTwoFactorService(p));
      tenantsRoutes(app, createTenantsService(p));
      apiClientsRoutes(app, createApiClientsService(p), p.config.AUTH_RATE_LIMIT_MAX);
    },
  };
};
