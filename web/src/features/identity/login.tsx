import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { session } from '../../api/session.ts';
import { TextField, useZodForm } from '../../components/fields.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Alert, AuthLayout, submitClass } from '../../layout/auth-layout.tsx';

const LoginForm = z.object({
  email: z.email({ message: 'validation.email' }),
  password: z.string().min(1, { message: 'validation.required' }),
  tenant: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
});
const MfaForm = z.object({ code: z.string().trim().min(6, { message: 'validation.required' }) });

export const LoginPage = () => {
  const { t, setLang } = useI18n();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [mfaToken, setMfaToken] = useState<string>();

  const finish = async (r: Parameters<typeof session.set>[0]) => {
    session.set(r);
    if (!localStorage.getItem('flujo.lang')) setLang(r.user.language);
    await navigate({ to: '/' });
  };
  /** Runs a sign-in step; a problem becomes the message unless `onProblem` words it itself. */
  const attempt = async (step: () => Promise<void>, onProblem?: (e: ApiError) => string | undefined) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await step();
    } catch (err) {
      if (err instanceof ApiError) {
        setFailure(onProblem?.(err) ?? `${t('login.failed')}: ${err.problem.detail ?? err.problem.title}`);
      } else setFailure(t('state.error'));
    } finally {
      setBusy(false);
    }
  };

  const form = useZodForm(LoginForm, (values) =>
    attempt(
      async () => {
        const r = await unwrap(api.POST('/api/v1/auth/login', { body: values }));
        if ('mfa_required' in r) setMfaToken(r.mfa_token);
        else await finish(r);
      },
      (e) => {
        form.setServerErrors(e.problem.errors);
        return undefined;
      },
    ),
  );
  const mfaForm = useZodForm(MfaForm, ({ code }) =>
    attempt(
      async () => {
        await finish(
          await unwrap(api.POST('/api/v1/auth/verify-2fa', { body: { mfa_token: mfaToken ?? '', code } })),
        );
      },
      (e) => {
        // The challenge is out of tries or expired: back to the password.
        if (e.problem.code !== 'identity.invalid_mfa_token') return undefined;
        setMfaToken(undefined);
        return t('login.mfa_expired');
      },
    ),
  );

  if (mfaToken) {
    return (
      <AuthLayout
        title={t('login.mfa_title')}
        subtitle={t('login.mfa_hint')}
        testId="mfa-form"
        onSubmit={mfaForm.onSubmit}
      >
        <Alert text={failure} />
        <TextField
          label={t('login.mfa_code')}
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          error={mfaForm.errors.code}
        />
        <button type="submit" disabled={busy} className={submitClass}>
          {t('login.mfa_submit')}
        </button>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      title={t('login.title')}
      subtitle={t('login.subtitle')}
      testId="login-form"
      onSubmit={form.onSubmit}
      footer={
        <>
          <Link to="/forgot-password" className="text-brand-700 hover:underline">
            {t('login.forgot')}
          </Link>
          <Link to="/register" className="text-brand-700 hover:underline">
            {t('login.register')}
          </Link>
        </>
      }
    >
      <Alert text={failure} />
      <TextField
        label={t('login.email')}
        name="email"
        type="email"
        autoComplete="username"
        error={form.errors.email}
      />
      <TextField
        label={t('login.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        error={form.errors.password}
      />
      <TextField
        label={t('login.tenant')}
        name="tenant"
        hint={t('login.tenant_hint')}
        error={form.errors.tenant}
      />
      <button type="submit" disabled={busy} className={submitClass}>
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
    </AuthLayout>
  );
};
