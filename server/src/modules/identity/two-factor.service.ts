import { randomBytes } from 'node:crypto';
import { verify as verifyPassword } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import { generateSecret, generateURI } from 'otplib';
import QRCode from 'qrcode';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { audit } from './audit.ts';
import { users } from './schema.ts';
import { checkSecondFactor } from './second-factor.ts';
import type { RequestMeta } from './sessions.service.ts';
import { hashToken } from './user-tokens.ts';
import { findUser } from './users.repo.ts';

const RECOVERY_CODES = 10;

export const createTwoFactorService = (p: Platform) => ({
  /** Starts enrolment: a new secret (not active until confirmed) and fresh recovery codes. */
  enable: (ctx: RequestContext, meta: RequestMeta) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const user = await findUser(tx, ctx.tenantId, ctx.userId);
      if (user.totpEnabledAt) throw new DomainError('identity.mfa_already_on');
      const secret = generateSecret();
      const codes = Array.from({ length: RECOVERY_CODES }, () => randomBytes(5).toString('hex'));
      await tx
        .update(users)
        .set({ totpSecret: p.sealer.seal(secret), recoveryCodes: codes.map(hashToken), totpLastStep: null })
        .where(eq(users.id, user.id));
      await audit(tx, {
        tenantId: ctx.tenantId,
        userId: user.id,
        action: 'auth.2fa_enrolment_started',
        meta,
      });
      const otpauth_uri = generateURI({ issuer: 'Flujo', label: user.email, secret });
      return {
        secret,
        otpauth_uri,
        qr_svg: await QRCode.toString(otpauth_uri, { type: 'svg', margin: 1 }),
        recovery_codes: codes,
      };
    }),

  /** Turns 2FA on once the user proves the authenticator works. */
  confirm: (ctx: RequestContext, code: string, meta: RequestMeta) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const user = await findUser(tx, ctx.tenantId, ctx.userId);
      if (!user.totpSecret || user.totpEnabledAt) throw new DomainError('identity.mfa_not_pending');
      if (!/^\d{6}$/.test(code) || !(await checkSecondFactor(tx, p, user, code)))
        throw new DomainError('identity.invalid_mfa_code');
      await tx.update(users).set({ totpEnabledAt: sql`now()` }).where(eq(users.id, user.id));
      await audit(tx, { tenantId: ctx.tenantId, userId: user.id, action: 'auth.2fa_enabled', meta });
    }),

  /** Needs the password and a current code (or a recovery code). */
  disable: async (ctx: RequestContext, input: { password: string; code: string }, meta: RequestMeta) => {
    const user = await p.uow.forTenant(ctx.tenantId, (tx) => findUser(tx, ctx.tenantId, ctx.userId));
    if (!(await verifyPassword(user.passwordHash, input.password).catch(() => false))) {
      throw new DomainError('identity.wrong_password', {
        errors: [{ field: 'password', message: 'is not correct' }],
      });
    }
    await p.uow.forTenant(ctx.tenantId, async (tx) => {
      if (!user.totpEnabledAt) throw new DomainError('identity.mfa_not_on');
      if (!(await checkSecondFactor(tx, p, user, input.code)))
        throw new DomainError('identity.invalid_mfa_code');
      await tx
        .update(users)
        .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, recoveryCodes: [] })
        .where(eq(users.id, user.id));
      await audit(tx, { tenantId: ctx.tenantId, userId: user.id, action: 'auth.2fa_disabled', meta });
    });
  },
});

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
