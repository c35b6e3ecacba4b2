import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
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
