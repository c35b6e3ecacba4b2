import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { Chart } from '../../components/chart.tsx';
import { Card } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormat } from '../../i18n/format.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';

const RANGES = [30, 90, 365] as const;
type Range = (typeof RANGES)[number];
const DAY = 86_400_000;

/** The first day of a range that ends today (UTC, as the server keeps its days). */
const since = (days: Range) => new Date(Date.now() - (days - 1) * DAY).toISOString().slice(0, 10);

const Tile = ({
  label,
  value,
  tone,
  testId,
}: {
  label: string;
  value: string;
  tone?: string;
  testId: string;
}) => (
  <div className="rounded-lg border border-slate-200 px-3 py-2" data-testid={testId}>
    <p className="text-xs text-slate-500">{label}</p>
    <p className={`text-lg font-semibold tabular-nums ${tone ?? 'text-slate-800'}`}>{value}</p>
  </div>
);

/**
 * A buffer day by day: its zones stacked up to the top of green, net flow position and on hand
 * over them, and the integrity of the range (how often net flow sat in each zone, and whether on
 * hand was too little, just right or too much).
 */
export const BufferHistory = ({ bufferId }: { bufferId: string }) => {
  const t = useT();
  const f = useFormat();
  const { lang } = useI18n();
  const [days, setDays] = useState<Range>(90);
  const history = useQuery({
    queryKey: keys.buffer.history(bufferId, days),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/buffers/{id}/history', {
          params: { path: { id: bufferId }, query: { from: since(days) } },
        }),
      ),
  });
  const dayLabel = useMemo(() => {
    const fmt = new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', {
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
    return (iso: string) => fmt.format(new Date(`${iso}T00:00:00Z`));
  }, [lang]);
  const rows = useMemo(
    () =>
      (history.data?.data ?? []).map((d) => ({
        day: dayLabel(d.date),
        red: d.red,
        yellow: d.yellow,
        green: d.green,
        nfp: d.net_flow_position,
        on_hand: d.on_hand,
      })),
    [history.data, dayLabel],
  );
  const pct = (v: number | null) => (v === null ? '—' : `${f.qty(v)} %`);
  const m = history.data?.metrics;
  const sig = history.data?.signal;
  const picker = (
    <fieldset className="flex gap-1" aria-label={t('history.range')} data-testid="history-range">
      {RANGES.map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={days === r}
          data-testid={`history-range-${r}`}
          onClick={() => setDays(r)}
          className={`rounded-md border px-2 py-1 text-xs ${days === r ? 'border-brand-600 bg-brand-50 font-medium text-brand-800' : 'border-slate-200 text-slate-600 hover:bg-slate-50'}`}
        >
          {t('history.days_n', { n: r })}
        </button>
      ))}
    </fieldset>
  );
  const tiles: [string, MessageKey, string, string?][] = m
    ? [
        ['days', 'history.metric_days', f.qty(m.days)],
        ['red', 'history.metric_red', pct(m.planning_priority_share.red), 'text-red-700'],
        ['yellow', 'history.metric_yellow', pct(m.planning_priority_share.yellow), 'text-amber-700'],
        ['green', 'history.metric_green', pct(m.planning_priority_share.green), 'text-emerald-700'],
        ['avg-nfp', 'history.metric_avg_nfp', pct(m.average_net_flow_percent)],
        ['too-little', 'history.metric_too_little', pct(m.on_hand_share.below_top_of_red), 'text-red-700'],
        ['just-right', 'history.metric_just_right', pct(m.on_hand_share.within), 'text-emerald-700'],
        ['too-much', 'history.metric_too_much', pct(m.on_hand_share.above_top_of_green), 'text-sky-700'],
        ['stockouts', 'history.metric_stockouts', f.qty(m.stockout_days)],
        [
          'avg-on-hand',
          'history.metric_avg_on_hand',
          `${f.qty(m.average_on_hand)} / ${f.qty(m.target_average_on_hand)}`,
        ],
      ]
    : [];
  // Signal integrity: what planners did with the suggestions this buffer raised in the range.
  const signalTiles: [string, MessageKey, string, string?][] = sig
    ? [
        ['suggestions', 'history.signal_suggestions', f.qty(sig.suggestions)],
        ['followed', 'history.signal_followed', pct(sig.followed_percent), 'text-emerald-700'],
        ['changed', 'history.signal_changed', f.qty(sig.approved_changed)],
        ['rejected', 'history.signal_rejected', f.qty(sig.rejected)],
        [
          'decision',
          'history.signal_hours',
          sig.average_hours_to_decision === null ? '—' : `${f.qty(sig.average_hours_to_decision)} h`,
        ],
      ]
    : [];
  return (
    <Card title={t('history.title')} actions={picker}>
      {history.error ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : !history.data ? (
        <LoadingState />
      ) : rows.length === 0 ? (
        <EmptyState title={t('history.empty')} body={t('history.empty_body')} />
      ) : (
        <>
          <div role="img" aria-label={t('history.chart_label', { n: days })} data-testid="history-chart">
            <Chart
              data={rows}
              x="day"
              height={260}
              series={[
                { key: 'red', label: t('buffer.red'), color: '#ef4444', kind: 'area', stack: 'zones' },
                { key: 'yellow', label: t('buffer.yellow'), color: '#f59e0b', kind: 'area', stack: 'zones' },
                { key: 'green', label: t('buffer.green'), color: '#10b981', kind: 'area', stack: 'zones' },
                { key: 'nfp', label: t('planning.legend_nfp'), color: '#0f172a' },
                { key: 'on_hand', label: t('planning.legend_on_hand'), color: '#64748b' },
              ]}
            />
          </div>
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-5" data-testid="history-metrics">
            {tiles.map(([key, label, value, tone]) => (
              <Tile key={key} label={t(label)} value={value} tone={tone} testId={`history-metric-${key}`} />
            ))}
          </div>
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-5" data-testid="history-signal">
            {signalTiles.map(([key, label, value, tone]) => (
              <Tile key={key} label={t(label)} value={value} tone={tone} testId={`history-signal-${key}`} />
            ))}
          </div>
        </>
      )}
    </Card>
  );
};
