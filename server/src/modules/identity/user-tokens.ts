import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { tenants, users, userTokens } from './schema.ts';

export type UserTokenKind = 'verify_email' | 'reset_password' | 'mfa';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A random single-use token for `user`; only its hash is stored. */
export const issueUserToken = async (
  tx: Tx,
  user: { id: string; tenantId: string },
  kind: UserTokenKind,
  ttlSeconds: number,
) => {
  const token = randomBytes(32).toString('base64url');
  await tx.insert(userTokens).values({
    tenantId: user.tenantId,
    userId: user.id,
    kind,
    tokenHash: hashToken(token),
    expiresAt: sql`now() + make_interval(secs => ${ttlSeconds})`,
  });
  return token;
};

/** Spends a token of `kind`; unknown, used and expired tokens are all the same 400. */
export const spendUserToken = async (tx: Tx, token: string, kind: UserTokenKind) => {
  const [row] = await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(userTokens.tokenHash, hashToken(token)),
        eq(userTokens.kind, kind),
        isNull(userTokens.usedAt),
        sql`${userTokens.expiresAt} > now()`,
      ),
    )
    .returning();
  const [user] = row ? await tx.select().from(users).where(eq(users.id, row.userId)) : [];
  if (!user) throw new DomainError(kind === 'mfa' ? 'identity.invalid_mfa_token' : 'identity.invalid_token');
  return user;
};

/** Active users with this email (any case), across tenants unless a tenant slug narrows it. */
export const activeUsersByEmail = (tx: Executor, email: string, tenantSlug?: string) =>
  tx
    .select({ user: users, tenant: tenants })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(
      and(
        sql`lower(${users.email}) = lower(${email})`,
        eq(users.active, true),
        tenantSlug ? eq(tenants.slug, tenantSlug) : undefined,
      ),
    );

/**
 * Takes one try at a pending 2FA challenge before its code is checked, so concurrent guesses
 * share the limit; a challenge that is spent, expired or out of tries is the same 401.
 */
export const claimMfaAttempt = async (tx: Tx, token: string, maxAttempts: number) => {
  const [row] = await tx
    .update(userTokens)
    .set({ attempts: sql`${userTokens.attempts} + 1` })
    .where(
      and(
        eq(userTokens.tokenHash, hashToken(token)),
        eq(userTokens.kind, 'mfa'),
        isNull(userTokens.usedAt),
        sql`${userTokens.expiresAt} > now()`,
        sql`${userTokens.attempts} < ${maxAttempts}`,
      ),
    )
    .returning();
  const [found] = row
    ? await tx
        .select({ user: users, settings: tenants.settings })
        .from(users)
        .innerJoin(tenants, eq(tenants.id, users.tenantId))
        .where(eq(users.id, row.userId))
    : [];
  if (!row || !found) throw new DomainError('identity.invalid_mfa_token');
  return {
    ...found,
    spend: () => tx.update(userTokens).set({ usedAt: sql`now()` }).where(eq(userTokens.id, row.id)),
  };
};
