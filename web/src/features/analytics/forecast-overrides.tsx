import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { TextField, useZodForm } from '../../components/fields.tsx';
import { decimal } from '../../components/form-values.ts';
import { Badge, Card, primaryButton } from '../../components/page.tsx';
import { EmptyState, ProblemAlert } from '../../components/states.tsx';
import { useDay, useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { Forecast } from '../planning/forecast-parts.tsx';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.required' });
const RangeForm = z
  .object({ start_date: day, end_date: day, quantity: decimal.transform(Number) })
  .refine((v) => v.end_date >= v.start_date, { path: ['end_date'], message: 'forecasts.end_before_start' });

/**
 * The planner's own forecast ranges of one item (manual or imported; the engine's weeks are
 * planning's copy of the forecast, not the planner's). Under planning's forecasts root, so a
 * change made on the forecasts page shows here too.
 */
export const usePlannerRanges = (productId: string, location: string) => {
  const params = { product_id: productId, location, limit: 100 };
  return useQuery({
    queryKey: keys.forecasts.list(params),
    enabled: can('buffer:read'),
    queryFn: () => unwrap(api.GET('/api/v1/demand-forecasts', { params: { query: params } })),
    select: (r) => r.data.filter((x) => x.source !== 'analytics'),
  });
};

/** The planner's own forecast ranges of one item (manual or imported), and a form to add one. */
export const PlannerOverrides = ({ productId, location }: { productId: string; location: string }) => {
  const t = useT();
  const f = useFormat();
  const dayOf = useDay();
  const ranges = usePlannerRanges(productId, location);
  const formEl = useRef<HTMLFormElement>(null);
  const form = useZodForm(RangeForm, async (v) => {
    if (await save.run(v)) formEl.current?.reset();
  });
  const save = useApiMutation({
    request: (v: z.infer<typeof RangeForm>) =>
      unwrap(
        api.POST('/api/v1/demand-forecasts', { body: { ...v, product_id: productId, store_id: location } }),
      ),
    // The engine's weeks it covers give way, and the buffers reading forecast demand recompute.
    invalidates: [keys.forecasts.all, keys.buffers.all, keys.analytics.forecast(productId, location)],
    success: t('forecasts.saved'),
    form,
  });
  return (
    <Card title={t('analytics.overrides')}>
      <p className="text-sm text-slate-600">{t('analytics.overrides_hint')}</p>
      <DataTable<Forecast>
        rows={ranges.data}
        loading={ranges.isLoading}
        error={ranges.error}
        onRetry={() => void ranges.refetch()}
        rowKey={(x) => x.id}
        rowProps={() => ({ 'data-testid': 'override-row' })}
        empty={<EmptyState title={t('analytics.overrides_none')} />}
        columns={[
          {
            key: 'dates',
            header: t('forecasts.dates'),
            cell: (x) => (
              <span
                className="whitespace-nowrap"
                data-testid="override-dates"
                data-value={`${x.start_date}/${x.end_date}`}
              >
                {dayOf(x.start_date)} – {dayOf(x.end_date)}
              </span>
            ),
          },
          {
            key: 'quantity',
            header: t('forecasts.quantity'),
            align: 'right',
            cell: (x) => (
              <span data-testid="override-quantity" data-value={x.quantity}>
                {f.qty(x.quantity)}
              </span>
            ),
          },
          {
            key: 'daily',
            header: t('forecasts.daily'),
            align: 'right',
            cell: (x) => f.qty(x.daily_quantity),
          },
          {
            key: 'source',
            header: t('forecasts.source'),
            cell: (x) => (
              <Badge tone={x.source === 'manual' ? 'blue' : 'grey'}>
                {t(`forecasts.source_${x.source}`)}
              </Badge>
            ),
          },
        ]}
      />
      {can('buffer:write') && (
        <form
          ref={formEl}
          onSubmit={form.onSubmit}
          noValidate
          className="flex flex-col gap-3"
          data-testid="override-form"
        >
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-4 sm:items-start">
            <TextField
              label={t('forecasts.start_date')}
              name="start_date"
              type="date"
              error={form.errors.start_date}
              data-testid="override-start"
            />
            <TextField
              label={t('forecasts.end_date')}
              name="end_date"
              type="date"
              error={form.errors.end_date}
              data-testid="override-end"
            />
            <TextField
              label={t('forecasts.quantity')}
              hint={t('forecasts.quantity_hint')}
              name="quantity"
              inputMode="decimal"
              error={form.errors.quantity}
              data-testid="override-quantity-input"
            />
            <div className="sm:pt-6">
              <button type="submit" className={primaryButton} disabled={save.busy} data-testid="override-add">
                {t('analytics.override_add')}
              </button>
            </div>
          </div>
          <ProblemAlert error={save.error} />
        </form>
      )}
    </Card>
  );
};
