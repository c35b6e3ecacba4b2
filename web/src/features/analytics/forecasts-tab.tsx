import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SearchFilter } from '../../components/list-filters.tsx';
import { useListQuery, useListSearch } from '../../components/list-page.tsx';
import { LocationSelect } from '../../components/location-select.tsx';
import { Toolbar } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import {
  CLASSES,
  type DemandClass,
  type EngineForecast,
  FilterSelect,
  METHODS,
  type Method,
  useAnalyticsFormat,
} from './analytics-parts.tsx';
import { ForecastNow } from './forecast-run.tsx';
import { ClassBadge, useMethodName } from './forecast-labels.tsx';

const LIMIT = 25;

/** The engine's latest forecast of every item, filtered; each row opens the item's forecast. */
export const ForecastsTab = () => {
  const t = useT();
  const f = useAnalyticsFormat();
  const methodName = useMethodName();
  const list = useListSearch({ location: '', method: '', class: '', search: '' });
  const { location, search } = list.query;
  const method = METHODS.includes(list.filters.method as Method)
    ? (list.filters.method as Method)
    : undefined;
  const cls = CLASSES.includes(list.filters.class as DemandClass)
    ? (list.filters.class as DemandClass)
    : undefined;
  const q = useListQuery<EngineForecast, typeof list.filters>(list, {
    key: keys.analytics.forecastList,
    limit: LIMIT,
    fetch: ({ page, limit }) =>
      unwrap(
        api.GET('/api/v1/analytics/forecasts', {
          params: { query: { page, limit, location, method, class: cls, search } },
        }),
      ),
  });
  return (
    <>
      <Toolbar>
        <SearchFilter
          list={list}
          filter="search"
          placeholder={t('analytics.forecast_search')}
          testId="forecasts-search"
          className="w-64"
        />
        <div className="w-56">
          <LocationSelect
            label={t('analytics.location')}
            name="location"
            testId="forecasts-location"
            emptyLabel={t('analytics.all_locations')}
            value={list.filters.location}
            onChange={(v) => list.setFilter('location', v)}
          />
        </div>
        <FilterSelect
          label={t('analytics.method')}
          value={method ?? ''}
          testId="forecasts-method"
          onChange={(v) => list.setFilter('method', v)}
          options={[
            { value: '', label: t('analytics.all_methods') },
            ...METHODS.map((m) => ({ value: m, label: methodName(m) })),
          ]}
        />
        <FilterSelect
          label={t('analytics.class')}
          value={cls ?? ''}
          testId="forecasts-class"
          onChange={(v) => list.setFilter('class', v)}
          options={[
            { value: '', label: t('analytics.all_classes') },
            ...CLASSES.map((c) => ({ value: c, label: t(`analytics.class_${c}`) })),
          ]}
        />
        <div className="ml-auto">
          <ForecastNow />
        </div>
      </Toolbar>
      <DataTable<EngineForecast>
        {...q.table}
        rowKey={(r) => `${r.product_id}|${r.location_id}`}
        rowProps={(r) => ({ 'data-testid': `forecast-item-${r.sku}-${r.location_code}` })}
        empty={<EmptyState title={t('analytics.forecasts_none')} body={t('analytics.forecasts_none_body')} />}
        columns={[
          {
            key: 'item',
            header: t('analytics.item'),
            cell: (r) => (
              <Link
                to="/analytics/forecasts/$productId/$location"
                params={{ productId: r.product_id, location: r.location_code }}
                className="font-medium text-brand-700 hover:underline"
                data-testid="forecast-item-link"
              >
                <span className="font-mono text-xs">{r.sku}</span> · {r.product_name}
              </Link>
            ),
          },
          {
            key: 'location',
            header: t('analytics.location'),
            cell: (r) => <span className="font-mono text-xs">{r.location_code}</span>,
          },
          {
            key: 'method',
            header: t('analytics.method'),
            cell: (r) => (
              <span data-testid="forecast-item-method" data-value={r.method}>
                {methodName(r.method)}
                {r.model && r.model.toLowerCase() !== r.method.toLowerCase() && (
                  <span className="block text-xs text-slate-500">{r.model}</span>
                )}
              </span>
            ),
          },
          { key: 'class', header: t('analytics.class'), cell: (r) => <ClassBadge value={r.class} /> },
          {
            key: 'rmsse',
            header: t('analytics.rmsse'),
            align: 'right',
            cell: (r) => f.fixed(r.backtest.rmsse),
          },
          {
            key: 'next',
            header: t('analytics.forecast_total'),
            align: 'right',
            cell: (r) => f.qty(Math.round(r.forecast.reduce((s, p) => s + p.mean, 0))),
          },
        ]}
      />
    </>
  );
};
