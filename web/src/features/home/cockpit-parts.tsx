import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';

export const cardLink = 'text-sm font-medium text-brand-700 hover:underline';

/** One card of the home page: a titled region with the link to where the planner acts. */
export const CockpitCard = ({
  id,
  title,
  link,
  children,
  className = '',
}: {
  id: string;
  title: string;
  link?: ReactNode;
  children: ReactNode;
  className?: string;
}) => (
  <section
    aria-labelledby={`${id}-title`}
    data-testid={id}
    className={`flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 ${className}`}
  >
    <div className="flex flex-wrap items-baseline justify-between gap-2">
      <h2 id={`${id}-title`} className="font-medium">
        {title}
      </h2>
      {link}
    </div>
    {children}
  </section>
);

/** What a card says when its data is not the reader's to see. */
export const NoAccess = () => {
  const t = useT();
  return (
    <p data-testid="no-access" className="text-sm text-slate-500">
      {t('home.no_access')}
    </p>
  );
};

/** A short line in place of a list with nothing in it. */
export const Quiet = ({ children, testId }: { children: ReactNode; testId?: string }) => (
  <p data-testid={testId} className="text-sm text-slate-500">
    {children}
  </p>
);

/**
 * A card's body for one query: loading, a refusal (the role changed since sign-in: the card
 * stays polite and the rest of the page works), an error with a retry, or the data.
 */
export const QueryBody = <T,>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) => {
  if (query.error) {
    if (query.error instanceof ApiError && query.error.problem.status === 403) return <NoAccess />;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.data === undefined) return <LoadingState />;
  return <>{children(query.data)}</>;
};
