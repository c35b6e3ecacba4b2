import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { isMessageKey, useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { PriorityBadge } from '../planning/buffer-parts.tsx';
import { CockpitCard, cardLink, QueryBody, Quiet } from './cockpit-parts.tsx';

const FIRST = 5;

const Total = ({ n, label, testId }: { n: number; label: string; testId: string }) => {
  const f = useFormat();
  return (
    <p className="text-sm" data-testid={testId} data-value={n}>
      <span className="text-2xl font-semibold">{f.qty(n)}</span> {label}
    </p>
  );
};

const Item = ({ children }: { children: React.ReactNode }) => (
  <li className="flex items-center justify-between gap-3 py-1.5 text-sm">{children}</li>
);

const What = ({ sku, name, location }: { sku: string; name: string; location: string }) => (
  <span className="min-w-0 truncate">
    <span className="font-mono text-xs">{sku}</span> {name}
    <span className="text-slate-500"> · {location}</span>
  </span>
);

type Listed<R> = { data: R[]; pagination: { total: number } };

/** How much open work waits and its first few rows, or the quiet line when none does. */
const OpenWork = <R extends { id: string; sku: string; product_name: string; location_code: string }>({
  query,
  name,
  empty,
  count,
  aside,
}: {
  query: UseQueryResult<Listed<R>>;
  name: 'alerts' | 'suggestions';
  empty: string;
  count: (n: number) => string;
  /** What the row says beside the item: its kind or quantity, and its priority. */
  aside: (r: R) => React.ReactNode;
}) => (
  <QueryBody query={query}>
    {(r) =>
      r.pagination.total === 0 ? (
        <Quiet testId={`home-${name}-empty`}>{empty}</Quiet>
      ) : (
        <>
          <Total n={r.pagination.total} label={count(r.pagination.total)} testId={`home-${name}-count`} />
          <ul className="divide-y divide-slate-100">
            {r.data.map((x) => (
              <Item key={x.id}>
                <What sku={x.sku} name={x.product_name} location={x.location_code} />
                <span className="flex shrink-0 items-center gap-2">{aside(x)}</span>
              </Item>
            ))}
          </ul>
        </>
      )
    }
  </QueryBody>
);

/** Open planning alerts, red before yellow, newest first: how many and the first few. */
export const AlertsCard = () => {
  const t = useT();
  const alerts = useQuery({
    queryKey: keys.alerts.list({ status: 'OPEN', limit: FIRST }),
    queryFn: () => unwrap(api.GET('/api/v1/alerts', { params: { query: { status: 'OPEN', limit: FIRST } } })),
  });
  return (
    <CockpitCard
      id="home-alerts"
      title={t('home.alerts.title')}
      link={
        <Link to="/planning/alerts" className={cardLink}>
          {t('home.alerts.open')}
        </Link>
      }
    >
      <OpenWork
        query={alerts}
        name="alerts"
        empty={t('home.alerts.empty')}
        count={(n) => t('home.alerts.count', { n })}
        aside={(a) => {
          const kind = `alerts.kind_${a.kind}`;
          return (
            <>
              <span className="text-xs text-slate-500">{isMessageKey(kind) ? t(kind) : a.kind}</span>
              <PriorityBadge priority={a.severity} />
            </>
          );
        }}
      />
    </CockpitCard>
  );
};

/** Open replenishment suggestions by planning priority: how many wait and the most urgent. */
export const SuggestionsCard = () => {
  const t = useT();
  const f = useFormat();
  const suggestions = useQuery({
    queryKey: keys.suggestions.list({ status: 'OPEN', limit: FIRST }),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/replenishment-suggestions', {
          params: { query: { status: 'OPEN', limit: FIRST } },
        }),
      ),
  });
  return (
    <CockpitCard
      id="home-suggestions"
      title={t('home.suggestions.title')}
      link={
        <Link to="/planning/suggestions" className={cardLink}>
          {t('home.suggestions.open')}
        </Link>
      }
    >
      <OpenWork
        query={suggestions}
        name="suggestions"
        empty={t('home.suggestions.empty')}
        count={(n) => t('home.suggestions.count', { n })}
        aside={(x) => (
          <>
            <span className="text-xs text-slate-500">
              {t('home.suggestions.qty', { qty: f.qty(x.quantity) })}
            </span>
            <PriorityBadge priority={x.planning_priority} />
          </>
        )}
      />
    </CockpitCard>
  );
};
