import { eq, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/platform.ts';
import { hashPassword } from './auth.service.ts';
import { SYSTEM_ROLES } from './domain/system-roles.ts';
import { identityEvents } from './events.ts';
import { roles, tenants, userRoles, users } from './schema.ts';

type RoleName = (typeof SYSTEM_ROLES)[number]['name'];
export type NewUser = {
  email: string;
  name: string;
  password: string;
  language?: 'es' | 'en';
  role: RoleName;
};
export type NewTenant = {
  slug: string;
  name: string;
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
    const [tenant] = await tx.insert(tenants).values({ slug: input.slug, name: input.name }).returning();
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
