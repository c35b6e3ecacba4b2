import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useDay } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { CockpitCard, cardLink, QueryBody, Quiet } from './cockpit-parts.tsx';

const FIRST = 5;

/** The items projected to run out soonest, each with its date and the band around it. */
export const StockoutsCard = () => {
  const t = useT();
  const day = useDay();
  const when = (days: number) =>
    days <= 0 ? t('home.stockouts.today') : t('home.stockouts.in_days', { n: days });
  const projections = useQuery({
    queryKey: keys.analytics.stockouts({ limit: FIRST }),
    queryFn: () =>
      unwrap(api.GET('/api/v1/analytics/projections/stockouts', { params: { query: { limit: FIRST } } })),
  });
  return (
    <CockpitCard
      id="home-stockouts"
      title={t('home.stockouts.title')}
      className="lg:col-span-2"
      link={
        <Link to="/analytics" className={cardLink}>
          {t('home.stockouts.open')}
        </Link>
      }
    >
      <QueryBody query={projections}>
        {(r) => {
          // Soonest first, so items with no stockout in the horizon come last and are left out.
          const soon = r.data.filter((p) => p.stockout_date !== null);
          if (soon.length === 0)
            return (
              <Quiet testId="home-stockouts-empty">
                {t('home.stockouts.empty', { days: r.horizon_days })}
              </Quiet>
            );
          return (
            <ul className="divide-y divide-slate-100">
              {soon.map((p) => (
                <li
                  key={`${p.product_id}:${p.location_id}`}
                  data-testid="home-stockout"
                  data-sku={p.sku}
                  data-location={p.location_code}
                  data-date={p.stockout_date}
                  className="flex items-center justify-between gap-3 py-1.5 text-sm"
                >
                  <span className="min-w-0 truncate">
                    <span className="font-mono text-xs">{p.sku}</span> {p.name}
                    <span className="text-slate-500"> · {p.location_code}</span>
                  </span>
                  <span className="shrink-0 text-right">
                    <span className="block font-medium">
                      {day(p.stockout_date)}
                      <span className="font-normal text-slate-500"> · {when(p.days_to_stockout ?? 0)}</span>
                    </span>
                    {p.earliest_date !== p.latest_date && (
                      <span className="block text-xs text-slate-500">
                        {p.latest_date === null
                          ? t('home.stockouts.band_open', { from: day(p.earliest_date) })
                          : t('home.stockouts.band', { from: day(p.earliest_date), to: day(p.latest_date) })}
                      </span>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          );
        }}
      </QueryBody>
    </CockpitCard>
  );
};
