import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import type { Json } from '../../api/queries.ts';
import { keys } from '../../api/keys.ts';
import { Sparkline } from '../../components/chart.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { CockpitCard, cardLink, QueryBody } from './cockpit-parts.tsx';

// The window's figures; the forecast accuracy the schema reserves is not shown here.
type Kpis = Omit<Json<'/api/v1/analytics/kpis', 'get'>, 'forecast_accuracy'>;
type Tile = {
  id: string;
  label: MessageKey;
  value: string;
  hint?: string;
  series?: number[];
  format?: (v: number) => string;
};

const round = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? null : Math.round(v * 10 ** digits) / 10 ** digits;

/** Rising, falling or steady: the last point against the first, within 1 % of the larger. */
const trendOf = (values: number[]): MessageKey => {
  const first = values[0] ?? 0;
  const last = values.at(-1) ?? 0;
  const scale = Math.max(Math.abs(first), Math.abs(last));
  if (Math.abs(last - first) <= scale * 0.01) return 'home.kpi.trend_steady';
  return last > first ? 'home.kpi.trend_up' : 'home.kpi.trend_down';
};

const useTiles = () => {
  const t = useT();
  const f = useFormat();
  return (k: Kpis): Tile[] => {
    const whole = (v: number) => f.qty(Math.round(v));
    const share = (v: number) => f.percent(v);
    const red = k.buffer_health.latest?.zones.red;
    return [
      {
        id: 'fill-rate',
        label: 'home.kpi.fill_rate',
        value: f.percent(k.fill_rate.value),
        hint: t('home.kpi.fill_rate_hint', { days: k.fill_rate.ship_within_days }),
      },
      { id: 'turns', label: 'home.kpi.turns', value: f.qty(round(k.turns.value)) },
      {
        id: 'days-of-supply',
        label: 'home.kpi.days_of_supply',
        value:
          k.days_of_supply.value === null
            ? '—'
            : t('home.kpi.days', { n: f.qty(round(k.days_of_supply.value)) }),
      },
      {
        id: 'stockout-days',
        label: 'home.kpi.stockout_days',
        value: f.qty(k.stockouts.item_days),
        hint: t('home.kpi.stockout_items', { n: k.stockouts.items_stocked_out }),
        series: k.stockouts.series.map((p) => p.value),
        format: whole,
      },
      {
        id: 'inventory-value',
        label: 'home.kpi.inventory_value',
        value: f.qty(Math.round(k.inventory_value.value)),
        hint: t('home.kpi.at_cost'),
        series: k.inventory_value.series.map((p) => p.value),
        format: whole,
      },
      {
        id: 'red-share',
        label: 'home.kpi.red_share',
        value: f.percent(red),
        hint: t('home.kpi.red_share_hint', { n: k.buffer_health.latest?.buffers ?? 0 }),
        series: k.buffer_health.series.map((d) => d.zones.red),
        format: share,
      },
    ];
  };
};

/** The live KPIs of the last 30 days, each a tile, with its trend where the API gives a series. */
export const KpiTiles = () => {
  const t = useT();
  const tiles = useTiles();
  const kpis = useQuery({
    queryKey: keys.analytics.kpis({}),
    queryFn: () => unwrap(api.GET('/api/v1/analytics/kpis')),
  });
  return (
    <CockpitCard
      id="home-kpis"
      title={kpis.data ? t('home.kpi.title_days', { n: kpis.data.days }) : t('home.kpi.title')}
      className="lg:col-span-3"
      link={
        <Link to="/analytics" className={cardLink}>
          {t('home.kpi.open')}
        </Link>
      }
    >
      <QueryBody query={kpis}>
        {(k) => (
          <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6">
            {tiles(k).map((x) => (
              <li
                key={x.id}
                data-testid={`kpi-${x.id}`}
                className="flex flex-col gap-1 rounded-lg border border-slate-200 p-3"
              >
                <span className="text-xs font-medium uppercase tracking-wide text-slate-500">
                  {t(x.label)}
                </span>
                <span className="text-xl font-semibold" data-testid="kpi-value">
                  {x.value}
                </span>
                {x.hint && <span className="text-xs text-slate-500">{x.hint}</span>}
                {x.series && x.series.length > 1 && x.format && (
                  <Sparkline
                    testId="kpi-sparkline"
                    values={x.series}
                    label={t('home.kpi.sparkline', {
                      name: t(x.label),
                      from: x.format(x.series[0] ?? 0),
                      to: x.format(x.series.at(-1) ?? 0),
                      days: x.series.length,
                      trend: t(trendOf(x.series)),
                    })}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryBody>
    </CockpitCard>
  );
};
