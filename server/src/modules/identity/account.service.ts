import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { audit } from './audit.ts';
import { hashPassword } from './auth.service.ts';
import { assertPassword } from './domain/password-check.ts';
import { effectiveSettings } from './domain/settings.ts';
import { renderMail } from './mail-templates.ts';
import { DEFAULT_USER_TIME_ZONE, tenants, users } from './schema.ts';
import { type RequestMeta, revokeAllForUser } from './sessions.service.ts';
import { ensureTenant } from './tenants.service.ts';
import { activeUsersByEmail, issueUserToken, spendUserToken } from './user-tokens.ts';

export const MAIL_JOB = 'identity-send-mail';
export const FORGOT_PASSWORD_JOB = 'identity-forgot-password';
export type ForgotPassword = { email: string; tenant?: string | undefined };
const TOKEN_TTL_S = 3600;
const INVITE_TTL_S = 3 * 86_400;

export const slugify = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'org';

/** Registration, email verification and password reset: the flows that travel by mail. */
export const createAccountService = (p: Platform) => {
  const base = () => p.config.PUBLIC_URL ?? `http://localhost:${p.config.PORT}`;

  /** Issues a single-use token and enqueues its mail in the same transaction. */
  const mailToken = async (
    tx: Tx,
    user: typeof users.$inferSelect,
    kind: 'verify_email' | 'reset_password' | 'invite',
  ) => {
    // An invitation is a password-reset token that lives longer: people read mail late.
    const token =
      kind === 'invite'
        ? await issueUserToken(tx, user, 'reset_password', INVITE_TTL_S)
        : await issueUserToken(tx, user, kind, TOKEN_TTL_S);
    const path = kind === 'verify_email' ? 'verify-email' : 'reset-password';
    const mail = renderMail(kind, user.language === 'en' ? 'en' : 'es', user.email, {
      name: user.name,
      link: `${base()}/${path}?token=${token}`,
    });
    await p.jobs.send(MAIL_JOB, { ...mail, tenantId: user.tenantId }, { tx });
  };

  return {
    /** Mails an invitation (choose-your-password link) to a user an admin just added. */
    invite: (tx: Tx, user: typeof users.$inferSelect) => mailToken(tx, user, 'invite'),

    register: async (
      input: {
        tenant_name: string;
        tenant_slug?: string | undefined;
        name: string;
        email: string;
        password: string;
        language?: 'es' | 'en' | undefined;
        timezone?: string | undefined;
      },
      meta: RequestMeta,
    ) => {
      assertPassword(input.password, input.email, 10);
      const slug = input.tenant_slug ?? slugify(input.tenant_name);
      const [taken] = await p.database.db
        .select({ id: tenants.id })
        .from(tenants)
        .where(eq(tenants.slug, slug));
      if (taken) {
        throw new DomainError('identity.slug_taken', {
          errors: [{ field: 'tenant_slug', message: `"${slug}" is taken; choose another` }],
        });
      }
      const slugTaken = () =>
        new DomainError('identity.slug_taken', {
          errors: [{ field: 'tenant_slug', message: `"${slug}" is taken; choose another` }],
        });
      // The organisation starts on its founder's calendar.
      const timezone = input.timezone ?? DEFAULT_USER_TIME_ZONE;
      const created = await ensureTenant(p, {
        slug,
        name: input.tenant_name,
        timezone,
        admin: {
          email: input.email,
          name: input.name,
          password: input.password,
          language: input.language ?? 'es',
          timezone,
        },
        verified: false,
      }).catch((err: { cause?: { code?: string } }) => {
        // Two registrations racing for one slug: the loser hits the unique key.
        throw err?.cause?.code === '23505' ? slugTaken() : err;
      });
      if (!created.created) throw slugTaken();
      await p.uow(async (tx) => {
        const [user] = await tx.select().from(users).where(eq(users.id, created.adminUserId));
        if (user) await mailToken(tx, user, 'verify_email');
        await audit(tx, {
          tenantId: created.tenantId,
          userId: created.adminUserId,
          action: 'auth.registered',
          meta,
        });
      });
      return created;
    },

    verifyEmail: (token: string, meta: RequestMeta) =>
      p.uow(async (tx) => {
        const user = await spendUserToken(tx, token, 'verify_email');
        await tx
          .update(users)
          .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
          .where(eq(users.id, user.id));
        await audit(tx, { tenantId: user.tenantId, userId: user.id, action: 'auth.email_verified', meta });
      }),

    /**
     * Always the same answer and the same work, whether or not the email is known: the request
     * only queues a job, so its timing says nothing about the address.
     */
    forgotPassword: async (input: ForgotPassword) => {
      await p.jobs.send(FORGOT_PASSWORD_JOB, { email: input.email, tenant: input.tenant ?? null });
    },

    /** The queued half of forgot-password: a reset mail to each matching account, if any. */
    mailResetLinks: (input: { email: string; tenant: string | null }) =>
      p.uow(async (tx) => {
        const found = await activeUsersByEmail(tx, input.email, input.tenant ?? undefined);
        for (const { user } of found) await mailToken(tx, user, 'reset_password');
      }),

    resetPassword: async (input: { token: string; password: string }, meta: RequestMeta) => {
      const newHash = await hashPassword(input.password);
      const revoked = await p.uow(async (tx, emit) => {
        const user = await spendUserToken(tx, input.token, 'reset_password');
        const [t] = await tx
          .select({ settings: tenants.settings })
          .from(tenants)
          .where(eq(tenants.id, user.tenantId));
        const min = effectiveSettings(t?.settings ?? {}, { accessTtl: 0, refreshTtl: 0 }).password_min_length;
        assertPassword(input.password, user.email, min);
        // Reaching the mailbox proves the address, and a reset also lifts a lockout.
        await tx
          .update(users)
          .set({
            passwordHash: newHash,
            failedLogins: 0,
            lockedUntil: null,
            emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
          })
          .where(eq(users.id, user.id));
        await revokeAllForUser(tx, user.id);
        await audit(tx, { tenantId: user.tenantId, userId: user.id, action: 'auth.password_reset', meta });
        return p.revocations.revoke(tx, emit, { scope: 'user', tenantId: user.tenantId, userId: user.id });
      });
      await p.revocations.forget([revoked]);
    },
  };
};

export type AccountService = ReturnType<typeof createAccountService>;
