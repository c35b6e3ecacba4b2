import type { ReactNode } from 'react';
import type { Json } from '../../api/queries.ts';
import { useCategories } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { inputClass } from '../../components/page.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

export type Projection = Json<'/api/v1/analytics/projections/stockouts', 'get'>['data'][number];
export type EngineForecast = Json<'/api/v1/analytics/forecasts', 'get'>['data'][number];
export type ForecastItem = Json<'/api/v1/analytics/forecasts/{product_id}/{location}', 'get'>;
export type DemandClass = EngineForecast['class'];

export const CLASSES: readonly DemandClass[] = ['smooth', 'erratic', 'intermittent', 'lumpy'];
export const METHODS = [
  'naive',
  'seasonal_naive',
  'mean',
  'ses',
  'ets',
  'theta',
  'croston',
  'sba',
  'tsb',
  'adida',
  'combination',
] as const;
export type Method = (typeof METHODS)[number];

/** The same colours as the buffer bar, so a zone reads alike everywhere. */
export const ZONE_COLORS = { red: '#dc2626', yellow: '#eab308', green: '#16a34a', over: '#0ea5e9' } as const;

/** Shares (0–1) and the analytics' own numbers in the reader's language. */
export const useAnalyticsFormat = () => {
  const f = useFormat();
  return {
    ...f,
    share: (v: number | null | undefined) =>
      v === null || v === undefined ? '—' : `${f.qty(Math.round(v * 1000) / 10)} %`,
    fixed: (v: number | null | undefined, digits = 2) =>
      v === null || v === undefined ? '—' : f.qty(Number(v.toFixed(digits))),
  };
};

/** One figure of a report: its name, the value, and a line of context. */
export const Tile = ({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  testId?: string;
}) => (
  <div className="flex flex-col gap-1 rounded-xl border border-slate-200 bg-white p-4" data-testid={testId}>
    <span className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</span>
    <span className="text-2xl font-semibold tabular-nums">{value}</span>
    {hint && <span className="text-xs text-slate-500">{hint}</span>}
  </div>
);

/** A labelled select of a list filter; '' is "all". */
export const FilterSelect = ({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (v: string) => void;
  testId?: string;
}) => (
  <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
    {label}
    <select
      value={value}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value)}
      className={inputClass}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  </label>
);

type ScopeList = {
  filters: { location: string; category: string };
  setFilter: (k: 'location' | 'category', v: string) => void;
};

/** The location and category a report is narrowed to, both kept in the address. */
export const ScopeFilters = ({ list, testIdPrefix }: { list: ScopeList; testIdPrefix: string }) => {
  const t = useT();
  const categories = useCategories();
  return (
    <>
      <div className="w-56">
        <LocationSelect
          label={t('analytics.location')}
          name="location"
          testId={`${testIdPrefix}-location`}
          emptyLabel={t('analytics.all_locations')}
          value={list.filters.location}
          onChange={(v) => list.setFilter('location', v)}
        />
      </div>
      {can('product:read') && (
        <FilterSelect
          label={t('analytics.category')}
          value={list.filters.category}
          testId={`${testIdPrefix}-category`}
          onChange={(v) => list.setFilter('category', v)}
          options={[
            { value: '', label: t('analytics.all_categories') },
            ...(categories.data ?? []).map((c) => ({ value: c, label: c })),
          ]}
        />
      )}
    </>
  );
};

/** `YYYY-MM-DD` of the local day `days` before today; the server closes the window at its today. */
export const daysAgo = (days: number) => {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
