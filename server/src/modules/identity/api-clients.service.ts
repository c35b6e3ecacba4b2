import { randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import { hasPermission } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { audit } from './audit.ts';
import { assertCanGrant } from './roles.service.ts';
import { apiClients } from './schema.ts';
import type { RequestMeta } from './sessions.service.ts';
import { hashToken } from './user-tokens.ts';

const toClient = (c: typeof apiClients.$inferSelect) => ({
  id: c.id,
  name: c.name,
  client_id: c.clientId,
  permissions: c.permissions,
  created_at: new Date(c.createdAt).toISOString(),
  last_used_at: c.lastUsedAt ? new Date(c.lastUsedAt).toISOString() : null,
  revoked: c.revokedAt !== null,
});

// Client secrets are 256 random bits: a fast hash is enough, unlike a person's password.
const matches = (secret: string, hash: string) => {
  const a = Buffer.from(hashToken(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
};

export const createApiClientsService = (p: Platform) => ({
  list: (ctx: RequestContext) =>
    p.uow.forTenant(ctx.tenantId, async (tx) =>
      (
        await tx
          .select()
          .from(apiClients)
          .where(eq(apiClients.tenantId, ctx.tenantId))
          .orderBy(desc(apiClients.createdAt))
      ).map(toClient),
    ),

  /** The secret is returned once, here, and never again. */
  create: (ctx: RequestContext, input: { name: string; permissions: string[] }, meta: RequestMeta) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      assertCanGrant(ctx, input.permissions);
      const clientId = `flj_${randomBytes(12).toString('hex')}`;
      const secret = randomBytes(32).toString('base64url');
      const [c] = await tx
        .insert(apiClients)
        .values({
          tenantId: ctx.tenantId,
          name: input.name,
          clientId,
          secretHash: hashToken(secret),
          permissions: [...new Set(input.permissions)],
          createdBy: ctx.userId,
        })
        .returning();
      if (!c) throw new Error('api client insert returned nothing');
      await audit(tx, {
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        action: 'api_client.created',
        resourceType: 'api_client',
        resourceId: c.id,
        details: { name: c.name, permissions: c.permissions },
        meta,
      });
      return { ...toClient(c), client_secret: secret };
    }),

  revoke: async (ctx: RequestContext, id: string, meta: RequestMeta) => {
    const revoked = await p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const [c] = await tx
        .update(apiClients)
        .set({ revokedAt: sql`now()` })
        .where(
          and(eq(apiClients.id, id), eq(apiClients.tenantId, ctx.tenantId), isNull(apiClients.revokedAt)),
        )
        .returning();
      if (!c) throw new DomainError('identity.api_client_not_found');
      await audit(tx, {
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        action: 'api_client.revoked',
        resourceType: 'api_client',
        resourceId: id,
        meta,
      });
      // The client's tokens carry its id as their subject: they end with it.
      return p.revocations.revoke(tx, emit, { scope: 'user', tenantId: ctx.tenantId, userId: c.id });
    });
    await p.revocations.forget([revoked]);
  },

  /** OAuth2 client-credentials grant; `scope` (space-separated permissions) can only narrow. */
  token: async (input: { client_id: string; client_secret: string; scope?: string | undefined }) => {
    const [c] = await p.database.db.select().from(apiClients).where(eq(apiClients.clientId, input.client_id));
    if (!c || c.revokedAt || !matches(input.client_secret, c.secretHash))
      throw new DomainError('identity.invalid_client');
    const asked = input.scope?.split(/\s+/).filter(Boolean);
    const permissions = asked ? asked.filter((s) => hasPermission(c.permissions, s)) : c.permissions;
    if (asked && permissions.length !== asked.length) {
      throw new DomainError('identity.invalid_scope', {
        detail: 'The scope asks for permissions this client does not have.',
      });
    }
    await p.database.db.update(apiClients).set({ lastUsedAt: sql`now()` }).where(eq(apiClients.id, c.id));
    const ttl = p.config.ACCESS_TOKEN_TTL_S;
    const ctx: RequestContext = {
      tenantId: c.tenantId,
      userId: c.id,
      kind: 'client',
      roles: [],
      permissions,
      storeIds: null,
    };
    return {
      access_token: await p.tokens.sign(ctx, ttl),
      token_type: 'Bearer' as const,
      expires_in: ttl,
      scope: permissions.join(' '),
    };
  },
});

export type ApiClientsService = ReturnType<typeof createApiClientsService>;
