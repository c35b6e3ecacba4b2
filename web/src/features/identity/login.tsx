import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { session } from '../../api/session.ts';
import { TextField, useZodForm } from '../../components/fields.tsx';
import { useProblemText } from '../../components/states.tsx';
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
const expired = (err: unknown) =>
  err instanceof ApiError && err.problem.code === 'identity.invalid_mfa_token';

export const LoginPage = () => {
  const { t, setLang } = useI18n();
  const navigate = useNavigate();
  const problemText = useProblemText();
  const [mfaToken, setMfaToken] = useState<string>();

  const finish = async (r: Parameters<typeof session.set>[0]) => {
    session.set(r);
    if (!localStorage.getItem('flujo.lang')) setLang(r.user.language);
    await navigate({ to: '/' });
  };
  const form = useZodForm(LoginForm, async (values) => {
    verify.reset();
    await signIn.run(values);
  });
  const signIn = useApiMutation({
    request: (body: z.infer<typeof LoginForm>) => unwrap(api.POST('/api/v1/auth/login', { body })),
    form,
    onSuccess: async (r) => {
      if ('mfa_required' in r) setMfaToken(r.mfa_token);
      else await finish(r);
    },
  });
  const mfaForm = useZodForm(MfaForm, async ({ code }) => {
    await verify.run(code);
  });
  const verify = useApiMutation({
    request: (code: string) =>
      unwrap(api.POST('/api/v1/auth/verify-2fa', { body: { mfa_token: mfaToken ?? '', code } })),
    form: mfaForm,
    onSuccess: finish,
    onError: (err) => {
      // The challenge is out of tries or expired: back to the password.
      if (expired(err)) setMfaToken(undefined);
    },
  });
  const failed = (err: unknown) =>
    err === undefined
      ? undefined
      : err instanceof ApiError
        ? `${t('login.failed')}: ${problemText(err)}`
        : problemText(err);
  const busy = signIn.busy || verify.busy;
  const failure = mfaToken
    ? failed(verify.error)
    : (failed(signIn.error) ?? (expired(verify.error) ? t('login.mfa_expired') : undefined));

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
