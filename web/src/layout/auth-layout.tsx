import type { FormEvent, ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { LanguageSwitch } from './language-switch.tsx';

export const submitClass =
  'rounded-lg bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60';

export const Alert = ({ text, tone = 'error' }: { text?: string | undefined; tone?: 'error' | 'success' }) =>
  text ? (
    <p
      role={tone === 'error' ? 'alert' : 'status'}
      className={`rounded-lg px-3 py-2 text-sm ${tone === 'error' ? 'bg-red-50 text-red-700' : 'bg-emerald-50 text-emerald-800'}`}
    >
      {text}
    </p>
  ) : null;

/** The centred card of the signed-out pages: brand, language switch, a titled form, links. */
export const AuthLayout = ({
  title,
  subtitle,
  testId,
  onSubmit,
  children,
  footer,
}: {
  title: string;
  subtitle?: string;
  testId?: string;
  onSubmit?: (e: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
  footer?: ReactNode;
}) => {
  const t = useT();
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
        <form
          data-testid={testId}
          noValidate
          onSubmit={onSubmit ?? ((e) => e.preventDefault())}
          className="flex flex-col gap-4 rounded-2xl bg-white p-6 shadow-sm"
        >
          <div>
            <h1 className="text-xl font-semibold">{title}</h1>
            {subtitle && <p className="mt-1 text-sm text-slate-500">{subtitle}</p>}
          </div>
          {children}
        </form>
        {footer && (
          <div className="mt-4 flex flex-col items-center gap-1 text-sm text-slate-600">{footer}</div>
        )}
      </div>
    </div>
  );
};
