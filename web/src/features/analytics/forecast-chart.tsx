import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useDay } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { type ForecastItem, useAnalyticsFormat } from './analytics-parts.tsx';

type Row = {
  week: string;
  actual?: number;
  mean?: number;
  band80?: [number, number];
  band95?: [number, number];
  planner?: number;
};

/** A planner's range: its total spread evenly over its days, both ends included. */
export type PlannerRange = { start_date: string; end_date: string; daily_quantity: number };

const DAY = 86_400_000;
const round = (v: number) => Math.round(v * 100) / 100;

/**
 * Weeks of actual demand, then the forecast's weeks with their bands. The first forecast step
 * covers only the days left of this week, so it is drawn at its weekly rate: a short step
 * would otherwise look like a drop in demand.
 */
export const forecastRows = (
  item: Pick<ForecastItem, 'history' | 'forecast'>,
  label: (iso: string) => string,
  ranges: readonly PlannerRange[] = [],
) => {
  const rows: Row[] = item.history.map((h) => ({ week: label(h.start), actual: round(h.quantity) }));
  const last = rows.at(-1);
  // The forecast line starts where the actual one ends, so the two read as one story.
  if (last?.actual !== undefined && item.forecast.length > 0)
    Object.assign(last, {
      mean: last.actual,
      band80: [last.actual, last.actual],
      band95: [last.actual, last.actual],
    });
  for (const p of item.forecast) {
    const days = (Date.parse(p.end) - Date.parse(p.start)) / DAY + 1;
    const k = days > 0 && days < 7 ? 7 / days : 1;
    const mine = plannerQuantity(ranges, p.start, p.end);
    rows.push({
      week: label(p.start),
      mean: round(p.mean * k),
      band80: [round(p.lo80 * k), round(p.hi80 * k)],
      band95: [round(p.lo95 * k), round(p.hi95 * k)],
      ...(mine === undefined ? {} : { planner: round(mine * k) }),
    });
  }
  return rows;
};

/** What the planner's ranges put into the days `start`–`end`; undefined when none covers any of them. */
const plannerQuantity = (ranges: readonly PlannerRange[], start: string, end: string) => {
  let q: number | undefined;
  for (const r of ranges) {
    const from = Math.max(Date.parse(r.start_date), Date.parse(start));
    const to = Math.min(Date.parse(r.end_date), Date.parse(end));
    if (to >= from) q = (q ?? 0) + r.daily_quantity * ((to - from) / DAY + 1);
  }
  return q;
};

const axis = { fontSize: 12, fill: '#64748b' };

/**
 * The item's last year of weekly demand followed by the forecast line and its 80 % and 95 %
 * bands; the weeks a planner's range covers show what the range puts in them beside the engine's.
 */
export const ForecastChart = ({ item, ranges }: { item: ForecastItem; ranges?: readonly PlannerRange[] }) => {
  const t = useT();
  const f = useAnalyticsFormat();
  const day = useDay();
  const rows = forecastRows(item, day, ranges);
  const planned = rows.some((r) => r.planner !== undefined);
  const next = item.forecast[1] ?? item.forecast[0];
  const label = t('analytics.chart_aria', {
    weeks: item.history.length,
    horizon: item.forecast.length,
    mean: next ? f.fixed(next.mean, 1) : '—',
    lo: next ? f.fixed(next.lo80, 1) : '—',
    hi: next ? f.fixed(next.hi80, 1) : '—',
  });
  const show = (v: unknown) =>
    Array.isArray(v) ? `${f.fixed(Number(v[0]), 1)} – ${f.fixed(Number(v[1]), 1)}` : f.fixed(Number(v), 1);
  return (
    <div
      style={{ height: 320 }}
      className="w-full"
      role="img"
      aria-label={label}
      data-testid="forecast-chart"
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="week" tick={axis} minTickGap={24} />
          <YAxis tick={axis} />
          <Tooltip formatter={(v) => show(v)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area
            className="forecast-band95"
            dataKey="band95"
            name={t('analytics.band95')}
            stroke="none"
            fill="#6366f1"
            fillOpacity={0.12}
            isAnimationActive={false}
          />
          <Area
            className="forecast-band80"
            dataKey="band80"
            name={t('analytics.band80')}
            stroke="none"
            fill="#6366f1"
            fillOpacity={0.25}
            isAnimationActive={false}
          />
          <Line
            className="forecast-history"
            dataKey="actual"
            name={t('analytics.actual')}
            stroke="#0f172a"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            className="forecast-mean"
            dataKey="mean"
            name={t('analytics.forecast')}
            stroke="#4f46e5"
            strokeDasharray="5 3"
            dot={false}
            isAnimationActive={false}
          />
          {planned && (
            <Line
              className="forecast-planner"
              dataKey="planner"
              name={t('analytics.planner_line')}
              stroke="#ea580c"
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
};
