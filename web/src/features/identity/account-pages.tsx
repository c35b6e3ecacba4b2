import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { session } from '../../api/session.ts';
import { TextField, useZodForm } from '../../components/fields.tsx';
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

/** Shared state of a one-shot form: busy, the server's complaint, and the success note. */
const useOutcome = () => {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [done, setDone] = useState<string>();
  const run = async (step: () => Promise<string>, onProblem?: (e: ApiError) => void) => {
    setBusy(true);
    setFailure(undefined);
    try {
      setDone(await step());
    } catch (err) {
      if (err instanceof ApiError) {
        onProblem?.(err);
        setFailure(err.problem.detail ?? err.problem.title);
      } else setFailure(t('state.error'));
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, done, run };
};

const RegisterForm = z.object({
  tenant_name: z.string().trim().min(2, { message: 'validation.required' }),
  name: z.string().trim().min(1, { message: 'validation.required' }),
  email: z.email({ message: 'validation.email' }),
  password: Password,
});

export const RegisterPage = () => {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const o = useOutcome();
  const form = useZodForm(RegisterForm, (values) =>
    o.run(
      async () => {
        session.set(await unwrap(api.POST('/api/v1/auth/register', { body: { ...values, language: lang } })));
        await navigate({ to: '/' });
        return t('register.done');
      },
      (e) => form.setServerErrors(e.problem.errors),
    ),
  );
  return (
    <AuthLayout
      title={t('register.title')}
      testId="register-form"
      onSubmit={form.onSubmit}
      footer={<BackToLogin />}
    >
      <Alert text={o.failure} />
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
      <button type="submit" disabled={o.busy} className={submitClass}>
        {t('register.submit')}
      </button>
    </AuthLayout>
  );
};

export const ForgotPasswordPage = () => {
  const t = useT();
  const o = useOutcome();
  const form = useZodForm(z.object({ email: z.email({ message: 'validation.email' }) }), (values) =>
    o.run(async () => {
      await unwrap(api.POST('/api/v1/auth/forgot-password', { body: values }));
      return t('forgot.done');
    }),
  );
  return (
    <AuthLayout
      title={t('forgot.title')}
      subtitle={t('forgot.hint')}
      testId="forgot-form"
      onSubmit={form.onSubmit}
      footer={<BackToLogin />}
    >
      <Alert text={o.failure} />
      <Alert text={o.done} tone="success" />
      <TextField
        label={t('login.email')}
        name="email"
        type="email"
        autoComplete="email"
        error={form.errors.email}
      />
      <button type="submit" disabled={o.busy || Boolean(o.done)} className={submitClass}>
        {t('forgot.submit')}
      </button>
    </AuthLayout>
  );
};

export const ResetPasswordPage = () => {
  const t = useT();
  const o = useOutcome();
  const form = useZodForm(z.object({ password: Password }), ({ password }) =>
    o.run(
      async () => {
        await unwrap(api.POST('/api/v1/auth/reset-password', { body: { token: tokenFromUrl(), password } }));
        return t('reset.done');
      },
      (e) => form.setServerErrors(e.problem.errors),
    ),
  );
  return (
    <AuthLayout
      title={t('reset.title')}
      testId="reset-form"
      onSubmit={form.onSubmit}
      footer={<BackToLogin />}
    >
      <Alert text={o.failure} />
      <Alert text={o.done} tone="success" />
      <TextField
        label={t('reset.password')}
        name="password"
        type="password"
        autoComplete="new-password"
        error={form.errors.password}
      />
      <button type="submit" disabled={o.busy || Boolean(o.done)} className={submitClass}>
        {t('reset.submit')}
      </button>
    </AuthLayout>
  );
};

export const VerifyEmailPage = () => {
  const t = useT();
  const o = useOutcome();
  const { run } = o;
  const started = useRef(false);
  useEffect(() => {
    // Once per visit: the token is single use (and StrictMode runs effects twice).
    if (started.current) return;
    started.current = true;
    void run(async () => {
      await unwrap(api.POST('/api/v1/auth/verify-email', { body: { token: tokenFromUrl() } }));
      return t('verify.done');
    });
  }, [run, t]);
  return (
    <AuthLayout title={t('verify.title')} testId="verify-page" footer={<BackToLogin />}>
      {o.busy && <p className="text-sm text-slate-500">{t('verify.working')}</p>}
      <Alert text={o.failure} />
      <Alert text={o.done} tone="success" />
    </AuthLayout>
  );
};
