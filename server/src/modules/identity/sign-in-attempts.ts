import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { audit } from './audit.ts';
import type { EffectiveSettings } from './domain/settings.ts';
import { loginAttempts, users } from './schema.ts';
import type { RequestMeta } from './sessions.service.ts';

export type Attempt = {
  email: string;
  tenantId?: string;
  userId?: string;
  success: boolean;
  reason?: string;
  meta: RequestMeta;
};

export const recordAttempt = (tx: Executor, a: Attempt) =>
  tx.insert(loginAttempts).values({
    email: a.email.toLowerCase(),
    tenantId: a.tenantId ?? null,
    userId: a.userId ?? null,
    success: a.success,
    reason: a.reason ?? null,
    ip: a.meta.ip ?? null,
    userAgent: a.meta.userAgent?.slice(0, 512) ?? null,
  });

/**
 * A failed sign-in for an email nobody has, in a transaction like a known account's failure:
 * the attempt, then the lockout count's update (on no row), so both answers take as long.
 */
export const recordUnknownEmail = async (tx: Executor, email: string, meta: RequestMeta) => {
  await recordAttempt(tx, { email, success: false, reason: 'unknown_email', meta });
  await tx
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1` })
    .where(sql`false`)
    .returning({ failed: users.failedLogins });
};

export const isLocked = (u: { lockedUntil: string | null }) =>
  u.lockedUntil !== null && new Date(u.lockedUntil) > new Date();

/**
 * A failed sign-in step for a known account (wrong password, wrong second-factor code, or an
 * attempt while locked): recorded, audited and, unless already locked, counted toward the lockout.
 */
export const recordFailure = async (
  tx: Executor,
  a: {
    user: { id: string; tenantId: string; lockedUntil: string | null };
    email: string;
    settings: Pick<EffectiveSettings, 'lockout_threshold' | 'lockout_minutes'>;
    reason: string;
    meta: RequestMeta;
  },
) => {
  const { user, meta } = a;
  const locked = isLocked(user);
  const reason = locked ? 'locked' : a.reason;
  await recordAttempt(tx, {
    email: a.email,
    tenantId: user.tenantId,
    userId: user.id,
    success: false,
    reason,
    meta,
  });
  await audit(tx, {
    tenantId: user.tenantId,
    userId: user.id,
    action: 'auth.login_failed',
    details: { reason },
    meta,
  });
  if (locked) return;
  // Count failures in SQL so concurrent attempts cannot undercount.
  const [after] = await tx
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1` })
    .where(eq(users.id, user.id))
    .returning({ failed: users.failedLogins });
  if ((after?.failed ?? 0) < a.settings.lockout_threshold) return;
  await tx
    .update(users)
    .set({
      failedLogins: 0,
      lockedUntil: sql`now() + make_interval(mins => ${a.settings.lockout_minutes})`,
    })
    .where(eq(users.id, user.id));
  await audit(tx, {
    tenantId: user.tenantId,
    userId: user.id,
    action: 'auth.account_locked',
    details: { minutes: a.settings.lockout_minutes },
    meta,
  });
};
