import { hash, verify } from '@node-rs/argon2';
import { and, eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/http/auth.ts';
import { DomainError } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { roles, tenants, userRoles, users } from './schema.ts';

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  language: 'es' | 'en';
  roles: string[];
  permissions: string[];
};
export type SessionTenant = { id: string; slug: string; name: string };

// Verifying against a fixed hash when the email is unknown keeps timing the same either way.
const DUMMY_HASH = await hash('not-a-real-password-flujo');

export const hashPassword = (password: string) => hash(password);

export const createAuthService = (p: Platform) => {
  const db = p.database.db;

  const loadSession = async (userId: string, tenantId: string) => {
    const [row] = await db
      .select({ user: users, tenant: tenants })
      .from(users)
      .innerJoin(tenants, eq(tenants.id, users.tenantId))
      .where(and(eq(users.id, userId), eq(users.tenantId, tenantId)));
    if (!row) throw new DomainError('platform.unauthenticated', { detail: 'This account no longer exists.' });
    const granted = await db
      .select({ name: roles.name, permissions: roles.permissions })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(eq(userRoles.userId, userId));
    const user: SessionUser = {
      id: row.user.id,
      email: row.user.email,
      name: row.user.name,
      language: row.user.language === 'en' ? 'en' : 'es',
      roles: granted.map((g) => g.name),
      permissions: [...new Set(granted.flatMap((g) => g.permissions))],
    };
    const tenant: SessionTenant = { id: row.tenant.id, slug: row.tenant.slug, name: row.tenant.name };
    return { user, tenant };
  };

  return {
    /** Never says whether the email exists: every failure is the same 401. */
    login: async (input: { email: string; password: string; tenant?: string | undefined }) => {
      const candidates = await db
        .select({ id: users.id, tenantId: users.tenantId, hash: users.passwordHash, slug: tenants.slug })
        .from(users)
        .innerJoin(tenants, eq(tenants.id, users.tenantId))
        .where(
          and(
            sql`lower(${users.email}) = lower(${input.email})`,
            eq(users.active, true),
            input.tenant ? eq(tenants.slug, input.tenant) : undefined,
          ),
        );
      if (candidates.length > 1) throw new DomainError('identity.tenant_required');
      const found = candidates[0];
      const ok = await verify(found?.hash ?? DUMMY_HASH, input.password).catch(() => false);
      if (!found || !ok) throw new DomainError('identity.invalid_credentials');
      const session = await loadSession(found.id, found.tenantId);
      const ctx: RequestContext = {
        tenantId: session.tenant.id,
        userId: session.user.id,
        kind: 'user',
        roles: session.user.roles,
        permissions: session.user.permissions,
        storeIds: null,
      };
      const ttl = p.config.ACCESS_TOKEN_TTL_S;
      return {
        access_token: await p.tokens.sign(ctx, ttl),
        token_type: 'Bearer' as const,
        expires_in: ttl,
        ...session,
      };
    },
    me: (ctx: RequestContext) => loadSession(ctx.userId, ctx.tenantId),
  };
};

export type AuthService = ReturnType<typeof createAuthService>;
