import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { Chart } from '../../components/chart.tsx';
import { useListSearch } from '../../components/list-page.tsx';
import { Card, Toolbar } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useDay } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import {
  daysAgo,
  FilterSelect,
  ScopeFilters,
  Tile,
  useAnalyticsFormat,
  ZONE_COLORS,
} from './analytics-parts.tsx';

const WINDOWS = ['30', '90', '180', '365'] as const;

/** The KPIs over the window, location and category the address holds (the two tabs share them). */
const useKpis = () => {
  const list = useListSearch({ days: '30', location: '', category: '' });
  const days = WINDOWS.includes(list.filters.days as (typeof WINDOWS)[number])
    ? Number(list.filters.days)
    : 30;
  const { location, category } = list.query;
  const params = { from: daysAgo(days - 1), location, category };
  const kpis = useQuery({
    queryKey: keys.analytics.kpis(params),
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/api/v1/analytics/kpis', { params: { query: params } })),
  });
  return { list, kpis };
};

type Kpis = NonNullable<ReturnType<typeof useKpis>['kpis']['data']>;

const KpiToolbar = ({ list }: { list: ReturnType<typeof useKpis>['list'] }) => {
  const t = useT();
  return (
    <Toolbar>
      <FilterSelect
        label={t('analytics.window')}
        value={list.filters.days}
        testId="kpis-window"
        onChange={(v) => list.setFilter('days', v)}
        options={WINDOWS.map((d) => ({ value: d, label: t('analytics.window_days', { days: d }) }))}
      />
      <ScopeFilters list={list} testIdPrefix="kpis" />
    </Toolbar>
  );
};

const Loaded = ({
  kpis,
  children,
}: {
  kpis: ReturnType<typeof useKpis>['kpis'];
  children: (k: Kpis) => ReactNode;
}) => {
  if (kpis.error) return <ErrorState error={kpis.error} onRetry={() => void kpis.refetch()} />;
  if (!kpis.data) return <LoadingState />;
  return <>{children(kpis.data)}</>;
};

/** Fill rate, service level, turns and days of supply, and the trends of value and stockouts. */
export const KpisTab = () => {
  const t = useT();
  const f = useAnalyticsFormat();
  const day = useDay();
  const { list, kpis } = useKpis();
  return (
    <>
      <KpiToolbar list={list} />
      <Loaded kpis={kpis}>
        {(k) => (
          <div className="flex flex-col gap-4" data-testid="kpis">
            <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
              <Tile
                label={t('analytics.fill_rate')}
                value={f.share(k.fill_rate.value)}
                hint={t('analytics.fill_rate_hint', { days: k.fill_rate.ship_within_days })}
                testId="kpi-fill-rate"
              />
              <Tile
                label={t('analytics.service_level')}
                value={f.share(k.service_level.value)}
                hint={t('analytics.service_level_hint', {
                  on_time: k.service_level.on_time_lines,
                  lines: k.service_level.lines,
                })}
                testId="kpi-service-level"
              />
              <Tile
                label={t('analytics.turns')}
                value={f.fixed(k.turns.value, 1)}
                hint={t('analytics.turns_hint')}
                testId="kpi-turns"
              />
              <Tile
                label={t('analytics.days_of_supply')}
                value={f.fixed(k.days_of_supply.value, 0)}
                hint={t('analytics.days_of_supply_hint')}
                testId="kpi-days-of-supply"
              />
            </div>
            <Card title={t('analytics.inventory_value')}>
              <p className="text-sm text-slate-600">
                {t('analytics.inventory_value_change', {
                  value: f.money(String(k.inventory_value.value)),
                  change: f.signed(Math.round(k.inventory_value.change * 100) / 100),
                })}
              </p>
              <Chart
                testId="kpi-value-chart"
                label={t('analytics.inventory_value_aria', {
                  from: day(k.from),
                  to: day(k.to),
                  start: f.money(String(k.inventory_value.start_value)),
                  end: f.money(String(k.inventory_value.value)),
                })}
                data={k.inventory_value.series.map((p) => ({ date: day(p.date), value: p.value }))}
                x="date"
                series={[{ key: 'value', label: t('analytics.inventory_value'), color: '#4f46e5' }]}
              />
            </Card>
            <Card title={t('analytics.stockouts')}>
              <p className="text-sm text-slate-600">
                {t('analytics.stockouts_summary', {
                  item_days: k.stockouts.item_days,
                  items: k.stockouts.items_stocked_out,
                  counted: k.stockouts.items_counted,
                })}
              </p>
              <Chart
                testId="kpi-stockouts-chart"
                label={t('analytics.stockouts_aria', {
                  from: day(k.from),
                  to: day(k.to),
                  item_days: k.stockouts.item_days,
                })}
                data={k.stockouts.series.map((p) => ({ date: day(p.date), value: p.value }))}
                x="date"
                series={[
                  { key: 'value', label: t('analytics.items_out'), color: ZONE_COLORS.red, kind: 'area' },
                ]}
              />
            </Card>
          </div>
        )}
      </Loaded>
    </>
  );
};

/** The share of buffers in each zone at each day's close, stacked to 100 %. */
export const BufferHealthTab = () => {
  const t = useT();
  const f = useAnalyticsFormat();
  const day = useDay();
  const { list, kpis } = useKpis();
  return (
    <>
      <KpiToolbar list={list} />
      <Loaded kpis={kpis}>
        {(k) => {
          const latest = k.buffer_health.latest;
          if (!latest || k.buffer_health.series.length === 0)
            return <EmptyState title={t('analytics.health_empty')} body={t('analytics.health_empty_body')} />;
          const pct = (v: number) => Math.round(v * 1000) / 10;
          return (
            <div className="flex flex-col gap-4" data-testid="buffer-health">
              <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
                {(['red', 'yellow', 'green', 'over'] as const).map((z) => (
                  <Tile
                    key={z}
                    label={t(`analytics.zone_${z}`)}
                    value={f.share(latest.zones[z])}
                    hint={t('analytics.health_of', { buffers: latest.buffers, date: day(latest.date) })}
                    testId={`health-${z}`}
                  />
                ))}
              </div>
              <Card title={t('analytics.health_title')}>
                <Chart
                  testId="health-chart"
                  height={280}
                  percent
                  label={t('analytics.health_aria', {
                    from: day(k.from),
                    to: day(k.to),
                    red: f.share(latest.zones.red),
                    green: f.share(latest.zones.green),
                  })}
                  data={k.buffer_health.series.map((d) => ({
                    date: day(d.date),
                    red: pct(d.zones.red),
                    yellow: pct(d.zones.yellow),
                    green: pct(d.zones.green),
                    over: pct(d.zones.over),
                  }))}
                  x="date"
                  series={(['red', 'yellow', 'green', 'over'] as const).map((z) => ({
                    key: z,
                    label: t(`analytics.zone_${z}`),
                    color: ZONE_COLORS[z],
                    kind: 'area' as const,
                    stack: 'zones',
                  }))}
                />
                <p className="text-xs text-slate-500">{t('analytics.health_hint')}</p>
              </Card>
            </div>
          );
        }}
      </Loaded>
    </>
  );
};
