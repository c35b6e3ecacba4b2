import { useMemo, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { type Json, useBufferProfiles } from '../../api/queries.ts';
import { Chart } from '../../components/chart.tsx';
import { SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import { optionalDecimal } from '../../components/form-values.ts';
import { Card, primaryButton } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormat } from '../../i18n/format.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';

const RANGES = [90, 180, 365] as const;
type Range = (typeof RANGES)[number];
type Simulation = Json<'/api/v1/buffers/{id}/simulate', 'post'>;
type Summary = Simulation['current']['summary'];

/** Empty keeps the buffer's own value. */
const kept = optionalDecimal.transform((v) => (v === null ? undefined : Number(v)));
const TryForm = z.object({
  profile_id: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  order_cycle_days: kept,
  dlt_days: kept,
});

/** The measures compared, each read from a replay's summary. */
const MEASURES: [string, MessageKey, (s: Summary, f: ReturnType<typeof useFormat>) => string][] = [
  ['average-on-hand', 'simulator.average_on_hand', (s, f) => f.qty(s.average_on_hand)],
  ['stockout-days', 'simulator.stockout_days', (s, f) => f.qty(s.stockout_days)],
  ['fill-rate', 'simulator.fill_rate', (s, f) => (s.fill_rate === null ? '—' : `${f.qty(s.fill_rate)} %`)],
  ['orders', 'simulator.orders', (s, f) => f.qty(s.orders)],
  ['average-order', 'simulator.average_order', (s, f) => f.qty(s.average_order_qty)],
];

/**
 * The policy simulator: replays the buffer's demand of the last 90, 180 or 365 days against its
 * own policy and a proposed one (another profile, order cycle or DLT), side by side, with the
 * simulated on hand over the proposed zones. It saves nothing.
 */
export const BufferSimulator = ({ bufferId }: { bufferId: string }) => {
  const t = useT();
  const f = useFormat();
  const { lang } = useI18n();
  const profiles = useBufferProfiles();
  const [days, setDays] = useState<Range>(180);
  const [result, setResult] = useState<Simulation>();
  const form = useZodForm(TryForm, async (v) => {
    await simulate.run(v);
  });
  // A replay: it saves nothing, so nothing goes stale.
  const simulate = useApiMutation({
    request: (v: z.infer<typeof TryForm>) =>
      unwrap(
        api.POST('/api/v1/buffers/{id}/simulate', {
          params: { path: { id: bufferId } },
          body: {
            days,
            profile_id: v.profile_id,
            settings: { order_cycle_days: v.order_cycle_days, dlt_days: v.dlt_days },
          },
        }),
      ),
    onSuccess: setResult,
    // The server names proposed settings `settings.x`; the form's fields are `x`.
    onFieldErrors: (errors) =>
      form.setServerErrors(errors.map((e) => ({ ...e, field: e.field.replace(/^settings\./, '') }))),
  });
  const [dayLabel, fullDay] = useMemo(() => {
    const locale = lang === 'es' ? 'es-ES' : 'en-GB';
    const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const long = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const at = (iso: string) => new Date(`${iso}T00:00:00Z`);
    return [(iso: string) => short.format(at(iso)), (iso: string) => long.format(at(iso))];
  }, [lang]);
  const shown = result?.proposed ?? result?.current;
  const rows = useMemo(
    () =>
      (shown?.series ?? []).map((d, i) => ({
        day: dayLabel(d.date),
        red: d.top_of_red,
        yellow: d.top_of_yellow - d.top_of_red,
        green: d.top_of_green - d.top_of_yellow,
        on_hand: d.on_hand,
        current: result?.proposed ? result.current.series[i]?.on_hand : undefined,
      })),
    [shown, result, dayLabel],
  );
  const picker = (
    <fieldset className="flex gap-1" aria-label={t('simulator.range')} data-testid="simulator-range">
      {RANGES.map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={days === r}
          data-testid={`simulator-range-${r}`}
          onClick={() => setDays(r)}
          className={`rounded-md border px-2 py-1 text-xs ${days === r ? 'border-brand-600 bg-brand-50 font-medium text-brand-800' : 'border-slate-200 text-slate-600 hover:bg-slate-50'}`}
        >
          {t('history.days_n', { n: r })}
        </button>
      ))}
    </fieldset>
  );
  return (
    <Card title={t('simulator.title')} actions={picker}>
      <p className="text-sm text-slate-500">{t('simulator.intro')}</p>
      <form
        noValidate
        onSubmit={form.onSubmit}
        className="grid grid-cols-1 items-start gap-4 sm:grid-cols-5"
        data-testid="simulator-form"
      >
        <div className="sm:col-span-2">
          <SelectField
            label={t('simulator.profile')}
            name="profile_id"
            defaultValue=""
            error={form.errors.profile_id}
            data-testid="simulator-profile"
            options={[
              { value: '', label: t('simulator.profile_same') },
              ...(profiles.data ?? []).map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
        </div>
        <TextField
          label={t('buffer.order_cycle_days')}
          name="order_cycle_days"
          inputMode="decimal"
          hint={t('simulator.kept_hint')}
          error={form.errors.order_cycle_days}
          data-testid="simulator-order-cycle"
        />
        <TextField
          label={t('buffer.dlt_days')}
          name="dlt_days"
          inputMode="decimal"
          hint={t('simulator.kept_hint')}
          error={form.errors.dlt_days}
          data-testid="simulator-dlt"
        />
        <div className="flex justify-end sm:pt-6">
          <button
            type="submit"
            disabled={simulate.busy}
            className={primaryButton}
            data-testid="simulator-run"
          >
            {t('simulator.run')}
          </button>
        </div>
      </form>
      <ProblemAlert error={simulate.error} />
      {result && (
        <div className="flex flex-col gap-3" data-testid="simulator-results">
          <p className="text-xs text-slate-500">
            {t('simulator.window', { from: fullDay(result.from), to: fullDay(result.to) })}
          </p>
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
                <th className="py-1 font-medium">{t('simulator.measure')}</th>
                <th className="py-1 text-right font-medium">
                  {t('simulator.current')}
                  <span className="block font-normal">{result.current.policy.profile_name}</span>
                </th>
                <th className="py-1 text-right font-medium">
                  {t('simulator.proposed')}
                  <span className="block font-normal">{result.proposed?.policy.profile_name ?? '—'}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {MEASURES.map(([key, label, value]) => (
                <tr key={key} className="border-b border-slate-100">
                  <td className="py-1.5">{t(label)}</td>
                  <td className="py-1.5 text-right tabular-nums" data-testid={`simulator-current-${key}`}>
                    {value(result.current.summary, f)}
                  </td>
                  <td className="py-1.5 text-right tabular-nums" data-testid={`simulator-proposed-${key}`}>
                    {result.proposed ? value(result.proposed.summary, f) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!result.proposed && <p className="text-sm text-slate-500">{t('simulator.nothing_proposed')}</p>}
          <div
            role="img"
            aria-label={t(result.proposed ? 'simulator.chart_label' : 'simulator.chart_label_current', {
              n: result.current.summary.days,
            })}
            data-testid="simulator-chart"
          >
            <Chart
              data={rows}
              x="day"
              height={260}
              series={[
                { key: 'red', label: t('buffer.red'), color: '#ef4444', kind: 'area', stack: 'zones' },
                { key: 'yellow', label: t('buffer.yellow'), color: '#f59e0b', kind: 'area', stack: 'zones' },
                { key: 'green', label: t('buffer.green'), color: '#10b981', kind: 'area', stack: 'zones' },
                {
                  key: 'on_hand',
                  label: t(result.proposed ? 'simulator.legend_proposed' : 'simulator.legend_current'),
                  color: '#0f172a',
                },
                ...(result.proposed
                  ? [{ key: 'current', label: t('simulator.legend_current'), color: '#94a3b8' }]
                  : []),
              ]}
            />
          </div>
        </div>
      )}
    </Card>
  );
};
