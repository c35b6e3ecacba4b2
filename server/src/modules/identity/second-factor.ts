import { eq, sql } from 'drizzle-orm';
import { verify } from 'otplib';
import type { Tx } from '../../platform/db/client.ts';
import type { Platform } from '../../platform/platform.ts';
import { users } from './schema.ts';
import { hashToken } from './user-tokens.ts';

type UserRow = typeof users.$inferSelect;

/**
 * Checks a TOTP code (±30 s of drift) or a recovery code. A TOTP code is accepted once (its
 * time step is remembered); a recovery code is spent.
 */
export const checkSecondFactor = async (
  tx: Tx,
  p: Platform,
  user: UserRow,
  code: string,
): Promise<boolean> => {
  const clean = code.replace(/\s+/g, '');
  if (/^\d{6}$/.test(clean) && user.totpSecret) {
    const r = await verify({ secret: p.sealer.open(user.totpSecret), token: clean, epochTolerance: 30 });
    if (!r.valid || !('timeStep' in r)) return false;
    const step = Number(r.timeStep);
    const [fresh] = await tx
      .update(users)
      .set({ totpLastStep: step })
      .where(
        sql`${users.id} = ${user.id} and (${users.totpLastStep} is null or ${users.totpLastStep} < ${step})`,
      )
      .returning({ id: users.id });
    return Boolean(fresh);
  }
  const hashed = hashToken(clean.toLowerCase());
  if (!user.recoveryCodes.includes(hashed)) return false;
  await tx
    .update(users)
    .set({ recoveryCodes: user.recoveryCodes.filter((c) => c !== hashed) })
    .where(eq(users.id, user.id));
  return true;
};
