import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../api/client.ts';
import { session } from '../api/session.ts';
import { TextField, useZodForm } from '../components/fields.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { LanguageSwitch } from '../layout/language-switch.tsx';

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

const Failure = ({ text }: { text?: string | undefined }) =>
  text ? (
    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
      {text}
    </p>
  ) : null;

const submitClass =
  'rounded-lg bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60';
const cardClass = 'flex flex-col gap-4 rounded-2xl bg-white p-6 shadow-sm';

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
  /** Runs a sign-in step; a problem becomes the message, and a fresh 2FA challenge is kept. */
  const attempt = async (step: () => Promise<void>, onProblem?: (e: ApiError) => void) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await step();
    } catch (err) {
      if (err instanceof ApiError) {
        onProblem?.(err);
        const next = (err.problem as { mfa_token?: string }).mfa_token;
        if (next) setMfaToken(next);
        setFailure(`${t('login.failed')}: ${err.problem.detail ?? err.problem.title}`);
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
      (e) => form.setServerErrors(e.problem.errors),
    ),
  );
  const mfaForm = useZodForm(MfaForm, ({ code }) =>
    attempt(async () => {
      await finish(
        await unwrap(api.POST('/api/v1/auth/verify-2fa', { body: { mfa_token: mfaToken ?? '', code } })),
      );
    }),
  );

  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-br from-brand-50 to-slate-100 p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-between">
          <div className="flex items-center gap-2">
            <span className="flex size-9 items-center justify-center rounded-lg bg-brand-700 font-bold text-white">
              F
            </span>
            <span className="text-lg font-semibold">{t('app.name')}</span>
          </div>
          <LanguageSwitch />
        </div>
        {mfaToken ? (
          <form data-testid="mfa-form" noValidate onSubmit={mfaForm.onSubmit} className={cardClass}>
            <div>
              <h1 className="text-xl font-semibold">{t('login.mfa_title')}</h1>
              <p className="mt-1 text-sm text-slate-500">{t('login.mfa_hint')}</p>
            </div>
            <Failure text={failure} />
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
          </form>
        ) : (
          <form data-testid="login-form" noValidate onSubmit={form.onSubmit} className={cardClass}>
            <div>
              <h1 className="text-xl font-semibold">{t('login.title')}</h1>
              <p className="mt-1 text-sm text-slate-500">{t('login.subtitle')}</p>
            </div>
            <Failure text={failure} />
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
          </form>
        )}
      </div>
    </div>
  );
};
