import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { session } from '../../api/session.ts';
import { TextField, useZodForm } from '../../components/fields.tsx';
import { useProblemText } from '../../components/states.tsx';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { Alert, AuthLayout, submitClass } from '../../layout/auth-layout.tsx';

const Password = z.string().min(10, { message: 'validation.password' });
const tokenFromUrl = () => new URLSearchParams(window.location.search).get('token') ?? '';

const BackToLogin = () => {
  const t = useT();
  return (
    <Link to="/login" className="text-brand-700 hover:underline">
      {t('login.back')}
    </Link>
  );
};

/** The server's complaint about a one-shot form, in the catalog's words where it has them. */
const useFailure = () => {
  const text = useProblemText();
  return (error: unknown) => (error === undefined ? undefined : text(error));
};

const RegisterForm = z.object({
  tenant_name: z.string().trim().min(2, { message: 'validation.required' }),
  name: z.string().trim().min(1, { message: 'validation.required' }),
  email: z.email({ message: 'validation.email' }),
  password: Password,
});

/**
 * The browser's time zone, which becomes the new organisation's day; left out when the
 * browser names it by an alias the server does not list (it then takes the default).
 */
const browserZone = (): { timezone?: string } => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return Intl.supportedValuesOf('timeZone').includes(zone) ? { timezone: zone } : {};
};

export const RegisterPage = () => {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const failure = useFailure();
  const form = useZodForm(RegisterForm, async (values) => {
    await register.run(values);
  });
  const register = useApiMutation({
    request: (values: z.infer<typeof RegisterForm>) =>
      unwrap(api.POST('/api/v1/auth/register', { body: { ...values, language: lang, ...browserZone() } })),
    form,
    onSuccess: async (r) => {
      session.set(r);
      await navigate({ to: '/' });
    },
  });
  return (
    <AuthLayout
      title={t('register.title')}
      testId="register-form"
      onSubmit={form.onSubmit}
      footer={<BackToLogin />}
    >
      <Alert text={failure(register.error)} />
      <TextField
        label={t('register.tenant_name')}
        name="tenant_name"
        error={form.errors.tenant_name ?? form.errors.tenant_slug}
      />
      <TextField label={t('register.name')} name="name" autoComplete="name" error={form.errors.name} />
      <TextField
        label={t('login.email')}
        name="email"
        type="email"
        autoComplete="email"
        error={form.errors.email}
      />
      <TextField
        label={t('login.password')}
        name="password"
        type="password"
        autoComplete="new-password"
        error={form.errors.password}
      />
      <button type="submit" disabled={register.busy} className={submitClass}>
        {t('register.submit')}
      </button>
    </AuthLayout>
  );
};

const EmailForm = z.object({ email: z.email({ message: 'validation.email' }) });

export const ForgotPasswordPage = () => {
  const t = useT();
  const failure = useFailure();
  const form = useZodForm(EmailForm, async (values) => {
    await send.run(values);
  });
  const send = useApiMutation({
    request: (body: z.infer<typeof EmailForm>) => unwrap(api.POST('/api/v1/auth/forgot-password', { body })),
    form,
  });
  return (
    <AuthLayout
      title={t('forgot.title')}
      subtitle={t('forgot.hint')}
      testId="forgot-form"
      onSubmit={form.onSubmit}
      footer={<BackToLogin />}
    >
      <Alert text={failure(send.error)} />
      <Alert text={send.succeeded ? t('forgot.done') : undefined} tone="success" />
      <TextField
        label={t('login.email')}
        name="email"
        type="email"
        autoComplete="email"
        error={form.errors.email}
      />
      <button type="submit" disabled={send.busy || send.succeeded} className={submitClass}>
        {t('forgot.submit')}
      </button>
    </AuthLayout>
  );
};

export const ResetPasswordPage = () => {
  const t = useT();
  const failure = useFailure();
  const form = useZodForm(z.object({ password: Password }), async ({ password }) => {
    await reset.run(password);
  });
  const reset = useApiMutation({
    request: (password: string) =>
      unwrap(api.POST('/api/v1/auth/reset-password', { body: { token: tokenFromUrl(), password } })),
    form,
  });
  return (
    <AuthLayout
      title={t('reset.title')}
      testId="reset-form"
      onSubmit={form.onSubmit}
      footer={<BackToLogin />}
    >
      <Alert text={failure(reset.error)} />
      <Alert text={reset.succeeded ? t('reset.done') : undefined} tone="success" />
      <TextField
        label={t('reset.password')}
        name="password"
        type="password"
        autoComplete="new-password"
        error={form.errors.password}
      />
      <button type="submit" disabled={reset.busy || reset.succeeded} className={submitClass}>
        {t('reset.submit')}
      </button>
    </AuthLayout>
  );
};

export const VerifyEmailPage = () => {
  const t = useT();
  const failure = useFailure();
  const verify = useApiMutation({
    request: () => unwrap(api.POST('/api/v1/auth/verify-email', { body: { token: tokenFromUrl() } })),
  });
  const started = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per visit, whatever renders follow
  useEffect(() => {
    // Once per visit: the token is single use (and StrictMode runs effects twice).
    if (started.current) return;
    started.current = true;
    void verify.run();
  }, []);
  return (
    <AuthLayout title={t('verify.title')} testId="verify-page" footer={<BackToLogin />}>
      {verify.busy && <p className="text-sm text-slate-500">{t('verify.working')}</p>}
      <Alert text={failure(verify.error)} />
      <Alert text={verify.succeeded ? t('verify.done') : undefined} tone="success" />
    </AuthLayout>
  );
};
