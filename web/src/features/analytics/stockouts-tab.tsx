import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { DataTable } from '../../components/data-table.tsx';
import { useListQuery, useListSearch } from '../../components/list-page.tsx';
import { Badge, Toolbar } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useDay } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { FilterSelect, type Projection, ScopeFilters, useAnalyticsFormat } from './analytics-parts.tsx';

const HORIZONS = ['30', '60', '90', '180'] as const;
const LIMIT = 25;

const tone = (days: number | null) =>
  days === null ? 'grey' : days <= 7 ? 'red' : days <= 21 ? 'amber' : 'green';

/** Items projected to run out, soonest first, with the band of dates demand's spread allows. */
export const StockoutsTab = () => {
  const t = useT();
  const f = useAnalyticsFormat();
  const day = useDay();
  const list = useListSearch({ horizon: '90', location: '', category: '' });
  const horizon = HORIZONS.includes(list.filters.horizon as (typeof HORIZONS)[number])
    ? Number(list.filters.horizon)
    : 90;
  const { location, category } = list.query;
  const q = useListQuery<Projection, typeof list.filters>(list, {
    key: (params) => keys.analytics.stockouts({ ...params, horizon }),
    limit: LIMIT,
    fetch: ({ page, limit }) =>
      unwrap(
        api.GET('/api/v1/analytics/projections/stockouts', {
          params: { query: { page, limit, location, category, horizon_days: horizon } },
        }),
      ),
  });
  return (
    <>
      <Toolbar>
        <FilterSelect
          label={t('analytics.horizon')}
          value={String(horizon)}
          testId="stockouts-horizon"
          onChange={(v) => list.setFilter('horizon', v)}
          options={HORIZONS.map((d) => ({ value: d, label: t('analytics.window_days', { days: d }) }))}
        />
        <ScopeFilters list={list} testIdPrefix="stockouts" />
      </Toolbar>
      <p className="text-xs text-slate-500">{t('analytics.stockouts_hint')}</p>
      <DataTable<Projection>
        {...q.table}
        rowKey={(r) => `${r.product_id}|${r.location_id}`}
        rowProps={() => ({ 'data-testid': 'stockout-row' })}
        empty={
          <div data-testid="stockouts-empty">
            <EmptyState title={t('analytics.stockouts_none', { days: horizon })} />
          </div>
        }
        columns={[
          {
            key: 'item',
            header: t('analytics.item'),
            cell: (r) => (
              <Link to="/products/$id" params={{ id: r.product_id }} className="hover:underline">
                <span className="font-mono text-xs">{r.sku}</span> · {r.name}
              </Link>
            ),
          },
          {
            key: 'location',
            header: t('analytics.location'),
            cell: (r) => <span className="font-mono text-xs">{r.location_code}</span>,
          },
          { key: 'on_hand', header: t('analytics.on_hand'), align: 'right', cell: (r) => f.qty(r.on_hand) },
          {
            key: 'supply',
            header: t('analytics.open_supply'),
            align: 'right',
            cell: (r) => f.qty(r.open_supply),
          },
          {
            key: 'demand',
            header: t('analytics.daily_demand'),
            align: 'right',
            cell: (r) => (
              <span title={t(`analytics.demand_source_${r.demand_source}`)}>
                {f.fixed(r.daily_demand, 2)}
              </span>
            ),
          },
          {
            key: 'date',
            header: t('analytics.stockout_date'),
            cell: (r) =>
              r.stockout_date ? (
                <span className="whitespace-nowrap" data-testid="stockout-date" data-value={r.stockout_date}>
                  {day(r.stockout_date)}
                  <span className="block text-xs text-slate-500">
                    {t('analytics.stockout_band', {
                      earliest: day(r.earliest_date),
                      latest: r.latest_date ? day(r.latest_date) : t('analytics.beyond_horizon'),
                    })}
                  </span>
                </span>
              ) : (
                <span className="text-slate-500">
                  {t('analytics.not_within', { days: horizon })}
                  {r.earliest_date && (
                    <span className="block text-xs">
                      {t('analytics.earliest', { date: day(r.earliest_date) })}
                    </span>
                  )}
                </span>
              ),
          },
          {
            key: 'left',
            header: t('analytics.days_left'),
            align: 'right',
            cell: (r) => (
              <Badge tone={tone(r.days_to_stockout)}>
                {r.days_to_stockout === null ? '—' : f.qty(r.days_to_stockout)}
              </Badge>
            ),
          },
        ]}
      />
    </>
  );
};
