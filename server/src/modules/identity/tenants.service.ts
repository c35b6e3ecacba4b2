import { eq } from 'drizzle-orm';
import type { Platform } from '../../platform/platform.ts';
import { hashPassword } from './auth.service.ts';
import { SYSTEM_ROLES } from './domain/system-roles.ts';
import { identityEvents } from './events.ts';
import { roles, tenants, userRoles, users } from './schema.ts';

export type NewTenant = {
  slug: string;
  name: string;
  admin: { email: string; name: string; password: string; language?: 'es' | 'en' };
};

/** Creates a tenant with its system roles and first Admin, or returns the existing one by slug. */
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
  const passwordHash = await hashPassword(input.admin.password);
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
    const [admin] = await tx
      .insert(users)
      .values({
        tenantId: tenant.id,
        email: input.admin.email,
        name: input.admin.name,
        passwordHash,
        language: input.admin.language ?? 'es',
      })
      .returning();
    if (!admin) throw new Error('user insert returned nothing');
    const adminRole = created.find((r) => r.name === 'Admin');
    if (adminRole)
      await tx.insert(userRoles).values({ tenantId: tenant.id, userId: admin.id, roleId: adminRole.id });
    emit(
      identityEvents.tenantCreated.create({
        tenantId: tenant.id,
        aggregateId: tenant.id,
        payload: { slug: tenant.slug, name: tenant.name },
      }),
    );
    emit(
      identityEvents.userCreated.create({
        tenantId: tenant.id,
        aggregateId: admin.id,
        payload: { email: admin.email, name: admin.name },
      }),
    );
    return { tenantId: tenant.id, adminUserId: admin.id, created: true };
  });
};
