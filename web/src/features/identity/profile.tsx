import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { ApiError, api, signOut, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import { LoadingState, ProblemAlert } from '../../components/states.tsx';
import { type Lang, useI18n } from '../../i18n/i18n.tsx';
import { submitClass } from '../../layout/auth-layout.tsx';

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <section className="rounded-xl border border-slate-200 bg-white p-5">
    <h2 className="mb-4 font-medium">{title}</h2>
    {children}
  </section>
);

type Enrolment = { otpauth_uri: string; qr_svg: string; recovery_codes: string[] };
const ConfirmForm = z.object({ code: z.string().regex(/^\d{6}$/, { message: 'validation.required' }) });
const DisableForm = z.object({ password: z.string().min(1), code: z.string().min(6) });

const TwoFactor = () => {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [on, setOn] = useState<boolean>();
  const confirm = useZodForm(ConfirmForm, async ({ code }) => {
    await confirmMfa.run(code);
  });
  const confirmMfa = useApiMutation({
    request: (code: string) => unwrap(api.POST('/api/v1/auth/confirm-2fa', { body: { code } })),
    success: t('mfa.enabled'),
    form: confirm,
    onSuccess: () => {
      setOn(true);
      setEnrolment(undefined);
    },
  });
  const disable = useZodForm(DisableForm, async (body) => {
    await disableMfa.run(body);
  });
  const disableMfa = useApiMutation({
    request: (body: z.infer<typeof DisableForm>) => unwrap(api.POST('/api/v1/auth/disable-2fa', { body })),
    success: t('mfa.disabled'),
    form: disable,
    onSuccess: () => setOn(false),
  });
  const enable = useApiMutation({
    request: async () => {
      try {
        return await unwrap(api.POST('/api/v1/auth/enable-2fa'));
      } catch (err) {
        // Already on (another tab): show the switch-off form.
        if (err instanceof ApiError && err.problem.status === 409) return undefined;
        throw err;
      }
    },
    onSuccess: (r) => (r ? setEnrolment(r) : setOn(true)),
  });
  const failure = confirmMfa.error ?? disableMfa.error ?? enable.error;
  return (
    <Section title={t('mfa.title')}>
      <ProblemAlert error={failure} />
      {enrolment ? (
        <form noValidate onSubmit={confirm.onSubmit} className="flex flex-col gap-3" data-testid="mfa-enrol">
          <p className="text-sm text-slate-600">{t('mfa.scan')}</p>
          <img
            alt={enrolment.otpauth_uri}
            className="size-48"
            src={`data:image/svg+xml;utf8,${encodeURIComponent(enrolment.qr_svg)}`}
          />
          <p className="text-sm text-slate-600">{t('mfa.recovery')}</p>
          <pre className="rounded-lg bg-slate-50 p-3 text-sm">{enrolment.recovery_codes.join('\n')}</pre>
          <TextField
            label={t('login.mfa_code')}
            name="code"
            inputMode="numeric"
            error={confirm.errors.code}
          />
          <button type="submit" className={submitClass}>
            {t('mfa.confirm')}
          </button>
        </form>
      ) : on ? (
        <form noValidate onSubmit={disable.onSubmit} className="flex flex-col gap-3">
          <p className="text-sm text-slate-600">{t('mfa.on')}</p>
          <TextField
            label={t('login.password')}
            name="password"
            type="password"
            error={disable.errors.password}
          />
          <TextField label={t('login.mfa_code')} name="code" error={disable.errors.code} />
          <button type="submit" className="rounded-lg border border-slate-300 px-4 py-2 text-sm">
            {t('mfa.disable')}
          </button>
        </form>
      ) : (
        <div className="flex flex-col gap-3">
          <p className="text-sm text-slate-600">{t('mfa.off')}</p>
          <button
            type="button"
            className={submitClass}
            disabled={enable.busy}
            onClick={() => void enable.run()}
          >
            {t('mfa.start')}
          </button>
        </div>
      )}
    </Section>
  );
};

const ProfileForm = z.object({
  name: z.string().trim().min(1, { message: 'validation.required' }),
  language: z.enum(['es', 'en']),
  timezone: z.string().min(1),
});
const PasswordForm = z.object({
  current_password: z.string().min(1, { message: 'validation.required' }),
  new_password: z.string().min(10, { message: 'validation.password' }),
});

export const ProfilePage = () => {
  const { t, setLang } = useI18n();
  const navigate = useNavigate();
  const me = useQuery({ queryKey: keys.me, queryFn: () => unwrap(api.GET('/api/v1/users/me')) });
  const profile = useZodForm(ProfileForm, async (body) => {
    await saveProfile.run(body);
  });
  const saveProfile = useApiMutation({
    request: (body: z.infer<typeof ProfileForm>) => unwrap(api.PUT('/api/v1/users/me', { body })),
    invalidates: [keys.me],
    success: t('profile.saved'),
    form: profile,
    onSuccess: (_, body) => setLang(body.language as Lang),
  });
  const password = useZodForm(PasswordForm, async (body) => {
    await changePassword.run(body);
  });
  const changePassword = useApiMutation({
    request: (body: z.infer<typeof PasswordForm>) => unwrap(api.PUT('/api/v1/users/me', { body })),
    success: t('profile.password_changed'),
    form: password,
  });
  if (!me.data) return <LoadingState />;
  const zones = [...new Set([me.data.user.timezone, ...Intl.supportedValuesOf('timeZone')])];
  return (
    <div className="grid max-w-3xl gap-4" data-testid="profile-page">
      <Section title={t('profile.details')}>
        <ProblemAlert error={saveProfile.error} />
        <form noValidate onSubmit={profile.onSubmit} className="grid gap-3 sm:grid-cols-2">
          <TextField
            label={t('profile.name')}
            name="name"
            defaultValue={me.data.user.name}
            error={profile.errors.name}
          />
          <SelectField
            label={t('profile.language')}
            name="language"
            defaultValue={me.data.user.language}
            options={[
              { value: 'es', label: 'Español' },
              { value: 'en', label: 'English' },
            ]}
          />
          <SelectField
            label={t('profile.timezone')}
            name="timezone"
            defaultValue={me.data.user.timezone}
            options={zones.map((z) => ({ value: z, label: z }))}
          />
          <div className="flex items-end">
            <button type="submit" className={submitClass}>
              {t('profile.save')}
            </button>
          </div>
        </form>
      </Section>
      <Section title={t('profile.password')}>
        <ProblemAlert error={changePassword.error} />
        <form noValidate onSubmit={password.onSubmit} className="grid gap-3 sm:grid-cols-2">
          <TextField
            label={t('profile.current_password')}
            name="current_password"
            type="password"
            autoComplete="current-password"
            error={password.errors.current_password}
          />
          <TextField
            label={t('profile.new_password')}
            name="new_password"
            type="password"
            autoComplete="new-password"
            error={password.errors.new_password}
          />
          <div>
            <button type="submit" className={submitClass}>
              {t('profile.change_password')}
            </button>
          </div>
        </form>
      </Section>
      <TwoFactor />
      <Section title={t('profile.sessions')}>
        <button
          type="button"
          className="rounded-lg border border-slate-300 px-4 py-2 text-sm"
          onClick={async () => {
            await signOut(true);
            await navigate({ to: '/login' });
          }}
        >
          {t('profile.sign_out_everywhere')}
        </button>
      </Section>
    </div>
  );
};
