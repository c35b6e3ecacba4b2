import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { audit } from './audit.ts';
import { canGrant } from './domain/permissions.ts';
import { identityEvents } from './events.ts';
import { roles, userRoles } from './schema.ts';
import type { RequestMeta } from './sessions.service.ts';
import { findUser } from './users.repo.ts';

export type RoleInput = { name: string; description?: string | null | undefined; permissions: string[] };

const toRole = (r: typeof roles.$inferSelect) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  is_system: r.isSystem,
  permissions: r.permissions,
});

export const findRole = async (tx: Tx, tenantId: string, id: string) => {
  const [role] = await tx
    .select()
    .from(roles)
    .where(and(eq(roles.id, id), eq(roles.tenantId, tenantId)));
  if (!role) throw new DomainError('identity.role_not_found');
  return role;
};

/** Refuses a grant above the caller's own permissions (privilege escalation). */
export const assertCanGrant = (ctx: RequestContext, permissions: readonly string[]) => {
  if (!canGrant(ctx.permissions, permissions)) {
    throw new DomainError('identity.escalation', {
      detail: 'A role may only hold permissions that you hold yourself.',
    });
  }
};

const uniqueName = async (tx: Tx, tenantId: string, name: string, except?: string) => {
  const [clash] = await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), eq(roles.name, name)));
  if (clash && clash.id !== except)
    throw new DomainError('identity.role_name_taken', { errors: [{ field: 'name', message: 'is taken' }] });
};

export const createRolesService = (p: Platform) => ({
  list: (ctx: RequestContext) =>
    p.uow.forTenant(ctx.tenantId, async (tx) =>
      (await tx.select().from(roles).where(eq(roles.tenantId, ctx.tenantId)).orderBy(asc(roles.name))).map(
        toRole,
      ),
    ),

  get: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => toRole(await findRole(tx, ctx.tenantId, id))),

  create: (ctx: RequestContext, input: RoleInput, meta: RequestMeta) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      assertCanGrant(ctx, input.permissions);
      await uniqueName(tx, ctx.tenantId, input.name);
      const [role] = await tx
        .insert(roles)
        .values({
          tenantId: ctx.tenantId,
          name: input.name,
          description: input.description ?? null,
          permissions: [...new Set(input.permissions)],
        })
        .returning();
      if (!role) throw new Error('role insert returned nothing');
      await audit(tx, {
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        action: 'role.created',
        resourceType: 'role',
        resourceId: role.id,
        details: { name: role.name, permissions: role.permissions },
        meta,
      });
      return toRole(role);
    }),

  update: async (ctx: RequestContext, id: string, input: Partial<RoleInput>, meta: RequestMeta) => {
    const revoked: string[] = [];
    const result = await p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const role = await findRole(tx, ctx.tenantId, id);
      if (role.isSystem) throw new DomainError('identity.system_role');
      if (input.permissions) assertCanGrant(ctx, input.permissions);
      if (input.name) await uniqueName(tx, ctx.tenantId, input.name, id);
      if (input.permissions) {
        // The holders' access tokens carry the old permissions: they end now, and a refresh
        // issues ones with the new.
        const holders = await tx
          .select({ userId: userRoles.userId })
          .from(userRoles)
          .where(eq(userRoles.roleId, id));
        for (const h of holders)
          revoked.push(
            await p.revocations.revoke(tx, emit, { scope: 'user', tenantId: ctx.tenantId, userId: h.userId }),
          );
      }
      const [updated] = await tx
        .update(roles)
        .set({
          ...(input.name ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.permissions ? { permissions: [...new Set(input.permissions)] } : {}),
        })
        .where(eq(roles.id, id))
        .returning();
      await audit(tx, {
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        action: 'role.updated',
        resourceType: 'role',
        resourceId: id,
        details: { ...input },
        meta,
      });
      return toRole(updated ?? role);
    });
    await p.revocations.forget(revoked);
    return result;
  },

  remove: (ctx: RequestContext, id: string, meta: RequestMeta) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const role = await findRole(tx, ctx.tenantId, id);
      if (role.isSystem) throw new DomainError('identity.system_role');
      const [used] = await tx.select({ n: count() }).from(userRoles).where(eq(userRoles.roleId, id));
      if ((used?.n ?? 0) > 0)
        throw new DomainError('identity.role_in_use', {
          detail: `The role is assigned to ${used?.n} user(s); remove it from them first.`,
        });
      await tx.delete(roles).where(eq(roles.id, id));
      await audit(tx, {
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        action: 'role.deleted',
        resourceType: 'role',
        resourceId: id,
        details: { name: role.name },
        meta,
      });
    }),

  assign: (ctx: RequestContext, userId: string, roleId: string, meta: RequestMeta) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      await findUser(tx, ctx.tenantId, userId);
      const role = await findRole(tx, ctx.tenantId, roleId);
      assertCanGrant(ctx, role.permissions);
      await tx.insert(userRoles).values({ tenantId: ctx.tenantId, userId, roleId }).onConflictDoNothing();
      await audit(tx, {
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        action: 'role.assigned',
        resourceType: 'user',
        resourceId: userId,
        details: { role: role.name },
        meta,
      });
      emit(
        identityEvents.roleAssigned.create({
          tenantId: ctx.tenantId,
          aggregateId: userId,
          payload: { role_id: roleId, role: role.name },
        }),
      );
    }),

  unassign: async (ctx: RequestContext, userId: string, roleId: string, meta: RequestMeta) => {
    let revoked = '';
    await p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      await findUser(tx, ctx.tenantId, userId);
      const role = await findRole(tx, ctx.tenantId, roleId);
      await tx
        .delete(userRoles)
        .where(and(eq(userRoles.userId, userId), inArray(userRoles.roleId, [roleId])));
      // Their access tokens still carry the role's permissions: they end now, and a refresh
      // issues one without them.
      revoked = await p.revocations.revoke(tx, emit, { scope: 'user', tenantId: ctx.tenantId, userId });
      await audit(tx, {
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        action: 'role.unassigned',
        resourceType: 'user',
        resourceId: userId,
        details: { role: role.name },
        meta,
      });
    });
    await p.revocations.forget([revoked]);
  },
});

export type RolesService = ReturnType<typeof createRolesService>;
