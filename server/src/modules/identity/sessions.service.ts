import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { refreshTokens } from './schema.ts';

export type RequestMeta = { ip?: string | undefined; userAgent?: string | undefined };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Opaque refresh tokens: 256 random bits, only their hash is stored. */
export const issueRefreshToken = async (
  tx: Executor,
  a: { tenantId: string; userId: string; familyId?: string; ttlSeconds: number; meta: RequestMeta },
) => {
  const token = randomBytes(32).toString('base64url');
  await tx.insert(refreshTokens).values({
    tenantId: a.tenantId,
    userId: a.userId,
    familyId: a.familyId ?? crypto.randomUUID(),
    tokenHash: hashToken(token),
    expiresAt: sql`now() + make_interval(secs => ${a.ttlSeconds})`,
    ip: a.meta.ip ?? null,
    userAgent: a.meta.userAgent?.slice(0, 512) ?? null,
  });
  return token;
};

export type RotateResult =
  | { kind: 'rotated'; tenantId: string; userId: string; familyId: string }
  | { kind: 'reused'; tenantId: string; userId: string; familyId: string }
  | { kind: 'invalid' };

/**
 * Spends a refresh token. A live one is marked used (atomically, so two concurrent refreshes
 * cannot both win); a used or revoked one is a replay, and the caller revokes its family.
 */
export const spendRefreshToken = async (tx: Executor, token: string): Promise<RotateResult> => {
  const tokenHash = hashToken(token);
  const [spent] = await tx
    .update(refreshTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(refreshTokens.tokenHash, tokenHash),
        isNull(refreshTokens.usedAt),
        isNull(refreshTokens.revokedAt),
        sql`${refreshTokens.expiresAt} > now()`,
      ),
    )
    .returning();
  if (spent)
    return { kind: 'rotated', tenantId: spent.tenantId, userId: spent.userId, familyId: spent.familyId };
  const [known] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
  if (known && (known.usedAt || known.revokedAt)) {
    return { kind: 'reused', tenantId: known.tenantId, userId: known.userId, familyId: known.familyId };
  }
  return { kind: 'invalid' };
};

export const revokeFamily = (tx: Executor, familyId: string) =>
  tx
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));

export const revokeAllForUser = (tx: Executor, userId: string) =>
  tx
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));

export const familyOf = async (tx: Executor, token: string) => {
  const [row] = await tx
    .select({ familyId: refreshTokens.familyId, userId: refreshTokens.userId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashToken(token)));
  return row;
};
