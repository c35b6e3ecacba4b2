import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { submitClass } from '../layout/auth-layout.tsx';

export const primaryButton = submitClass;
export const secondaryButton =
  'rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50';
export const linkButton = 'text-sm font-medium text-brand-700 hover:underline disabled:opacity-50';
export const dangerLinkButton = 'text-sm font-medium text-red-700 hover:underline disabled:opacity-50';
export const inputClass =
  'rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-brand-500';

/** A page's title, a line that says what it is for, and its main actions. */
export const PageHeader = ({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: string;
  actions?: ReactNode;
}) => (
  <div className="flex flex-wrap items-end justify-between gap-3">
    <div>
      <h1 className="text-2xl font-semibold">{title}</h1>
      {subtitle && <p className="text-sm text-slate-500">{subtitle}</p>}
    </div>
    {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
  </div>
);

/** The filters above a list. */
export const Toolbar = ({ children }: { children: ReactNode }) => (
  <div className="flex flex-wrap items-end gap-3">{children}</div>
);

/** A list's status filter: every status by its label, or all of them (''). */
export const StatusFilter = <S extends string>({
  value,
  statuses,
  label,
  onChange,
  testId,
}: {
  value: S | '';
  statuses: readonly S[];
  label: (s: S) => string;
  onChange: (s: S | '') => void;
  testId?: string;
}) => {
  const t = useT();
  return (
    <select
      aria-label={t('common.status')}
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value as S | '')}
      className={inputClass}
    >
      <option value="">{t('common.all_statuses')}</option>
      {statuses.map((s) => (
        <option key={s} value={s}>
          {label(s)}
        </option>
      ))}
    </select>
  );
};

const tones = {
  green: 'bg-emerald-100 text-emerald-800',
  amber: 'bg-amber-100 text-amber-800',
  red: 'bg-red-100 text-red-800',
  blue: 'bg-sky-100 text-sky-800',
  grey: 'bg-slate-100 text-slate-600',
} as const;

export const Badge = ({ tone, children }: { tone: keyof typeof tones; children: ReactNode }) => (
  <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>
    {children}
  </span>
);

/** A labelled value in a details grid. */
export const Detail = ({ label, children }: { label: string; children: ReactNode }) => (
  <div>
    <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
    <dd className="mt-0.5 text-sm">{children}</dd>
  </div>
);

export const Card = ({
  title,
  actions,
  children,
}: {
  title?: string;
  actions?: ReactNode;
  children: ReactNode;
}) => (
  <section className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4">
    {(title || actions) && (
      <div className="flex flex-wrap items-center justify-between gap-2">
        {title && <h2 className="font-medium">{title}</h2>}
        {actions}
      </div>
    )}
    {children}
  </section>
);

/** The edit and delete links at the end of a list row. */
export const RowActions = ({ onEdit, onDelete }: { onEdit: () => void; onDelete: () => void }) => {
  const t = useT();
  return (
    <span className="flex justify-end gap-3">
      <button type="button" className={linkButton} onClick={onEdit}>
        {t('common.edit')}
      </button>
      <button type="button" className={dangerLinkButton} onClick={onDelete}>
        {t('common.delete')}
      </button>
    </span>
  );
};
