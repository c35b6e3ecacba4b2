import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { en, type MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/i18n.tsx';

export const LoadingState = ({ label }: { label?: string }) => {
  const t = useT();
  return (
    <div role="status" className="flex items-center gap-3 p-8 text-slate-500">
      <span className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" />
      {label ?? t('state.loading')}
    </div>
  );
};

export const EmptyState = ({
  title,
  body,
  action,
}: {
  title?: string;
  body?: string;
  action?: ReactNode;
}) => {
  const t = useT();
  return (
    <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed border-slate-300 p-10 text-center">
      <p className="font-medium text-slate-700">{title ?? t('state.empty')}</p>
      {body && <p className="max-w-md text-sm text-slate-500">{body}</p>}
      {action}
    </div>
  );
};

export const ErrorState = ({ error, onRetry }: { error: unknown; onRetry?: () => void }) => {
  const t = useT();
  const detail =
    error instanceof ApiError
      ? (error.problem.detail ?? error.problem.title)
      : error instanceof Error
        ? error.message
        : undefined;
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6 text-red-800">
      <p className="font-medium">{t('state.error')}</p>
      {detail && <p className="mt-1 text-sm">{detail}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry} className="mt-3 text-sm font-medium underline">
          {t('state.retry')}
        </button>
      )}
    </div>
  );
};

/** The message for a failed request: the catalog's wording for codes it knows, else the server's. */
export const useProblemText = () => {
  const t = useT();
  return (error: unknown): string => {
    if (!(error instanceof ApiError)) return error instanceof Error ? error.message : t('state.error');
    const key = `problem.${error.problem.code ?? ''}` as MessageKey;
    return key in en ? t(key) : (error.problem.detail ?? error.problem.title);
  };
};

/** A form's failure: what went wrong, the server's detail, and each field it refused. */
export const ProblemAlert = ({ error }: { error: unknown }) => {
  const text = useProblemText();
  if (!error) return null;
  const p = error instanceof ApiError ? error.problem : undefined;
  const headline = text(error);
  return (
    <div role="alert" data-testid="problem" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
      <p className="font-medium">{headline}</p>
      {p?.detail && p.detail !== headline && !p.errors?.length && <p className="mt-1">{p.detail}</p>}
      {p?.errors && p.errors.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {p.errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              <span className="font-mono text-xs">{e.field}</span>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};
