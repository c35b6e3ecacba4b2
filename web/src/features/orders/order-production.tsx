import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import type { Json } from '../../api/queries.ts';
import { DataTable } from '../../components/data-table.tsx';
import { TextField } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { positiveDecimal } from '../../components/form-values.ts';
import { Badge, Card } from '../../components/page.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { isOpen, OrderProblem, type SupplyOrder, useFieldMessage } from './order-parts.tsx';

type Shortages = Json<'/api/v1/orders/{id}/shortages', 'get'>;

/** After a start or completion: the order, its components' stock and the lists move. */
const productionMoved = (id: string) => [
  keys.order.one(id),
  keys.orderShortages.one(id),
  keys.orders.all,
  keys.inventory.all,
];

/**
 * The bill of materials copied onto the order, with what its outstanding quantity needs of each
 * component (scrap included), what is free at the order's location, and what is short.
 */
export const ShortagesPanel = ({ order }: { order: SupplyOrder }) => {
  const t = useT();
  const f = useFormat();
  const q = useQuery({
    queryKey: keys.orderShortages.one(order.id),
    queryFn: () => unwrap(api.GET('/api/v1/orders/{id}/shortages', { params: { path: { id: order.id } } })),
    enabled: isOpen(order.status),
  });
  const short = q.data?.short;
  return (
    <Card
      title={t('supply.production.components')}
      actions={
        q.data &&
        (q.data.components.length > 0 || order.components_issued) &&
        (order.components_issued ? (
          <Badge tone="green">{t('supply.production.issued')}</Badge>
        ) : short ? (
          <span data-testid="shortage-flag" data-value="short">
            <Badge tone="red">{t('supply.production.short')}</Badge>
          </span>
        ) : (
          <span data-testid="shortage-flag" data-value="ok">
            <Badge tone="green">{t('supply.production.covered')}</Badge>
          </span>
        ))
      }
    >
      {!isOpen(order.status) ? (
        <p className="text-sm text-slate-500">{t('supply.production.closed')}</p>
      ) : (
        <DataTable<Shortages['components'][number]>
          rows={q.data?.components}
          loading={q.isLoading}
          error={q.error}
          onRetry={() => void q.refetch()}
          rowKey={(c) => c.product_id}
          rowProps={(c) => ({
            'data-testid': `component-${c.sku}`,
            className: Number(c.short) > 0 ? 'bg-red-50/50' : 'hover:bg-slate-50',
          })}
          empty={<p className="text-sm text-slate-500">{t('supply.production.no_snapshot')}</p>}
          columns={[
            {
              key: 'component',
              header: t('supply.production.component'),
              cell: (c) => (
                <span>
                  <span className="font-mono text-xs">{c.sku}</span> · {c.name}
                </span>
              ),
            },
            {
              key: 'per',
              header: t('supply.production.per_unit'),
              align: 'right',
              cell: (c) => f.qty(c.per_unit),
            },
            {
              key: 'scrap',
              header: t('supply.production.scrap'),
              align: 'right',
              cell: (c) => `${f.qty(c.scrap_pct)} %`,
            },
            {
              key: 'required',
              header: t('supply.production.required'),
              align: 'right',
              cell: (c) => f.qty(c.required),
            },
            {
              key: 'available',
              header: t('supply.production.available'),
              align: 'right',
              cell: (c) => f.qty(c.available),
            },
            {
              key: 'short',
              header: t('supply.production.short_by'),
              align: 'right',
              cell: (c) =>
                Number(c.short) > 0 ? (
                  <span className="font-medium text-red-700" data-testid="component-short">
                    {f.qty(c.short)}
                  </span>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
    </Card>
  );
};

/** Start: components issued now (checked) or backflushed when output is reported. */
export const StartDialog = ({ order, onClose }: { order: SupplyOrder; onClose: () => void }) => {
  const t = useT();
  const [issue, setIssue] = useState(true);
  // A refused start may mean the stock moved: the shortages refetch either way.
  const start = useApiMutation({
    request: (issue_components: boolean) =>
      unwrap(
        api.POST('/api/v1/orders/{id}/start', {
          params: { path: { id: order.id } },
          body: { issue_components },
        }),
      ),
    invalidates: productionMoved(order.id),
    invalidateOnError: true,
    success: t('supply.production.started', { number: order.number }),
    onSuccess: onClose,
  });
  return (
    <FormDialog
      title={t('supply.production.start_title', { number: order.number })}
      onClose={onClose}
      testId="start-dialog"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        void start.run(issue);
      }}
      submit={{ label: t('supply.production.start'), testId: 'start-submit', busy: start.busy }}
      alert={<OrderProblem error={start.error} />}
    >
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          className="mt-1"
          data-testid="start-issue"
          checked={issue}
          onChange={(e) => setIssue(e.target.checked)}
        />
        <span>
          {t('supply.production.issue_now')}
          <span className="block text-xs text-slate-500">
            {issue ? t('supply.production.issue_hint') : t('supply.production.backflush_hint')}
          </span>
        </span>
      </label>
    </FormDialog>
  );
};

/** Reports finished output: it goes into stock, and unissued components are backflushed. */
export const CompleteDialog = ({ order, onClose }: { order: SupplyOrder; onClose: () => void }) => {
  const t = useT();
  const message = useFieldMessage();
  const [quantity, setQuantity] = useState(order.lines[0]?.open_quantity ?? '');
  const [error, setError] = useState<string>();
  const complete = useApiMutation({
    request: (q: string, idempotencyKey) =>
      unwrap(
        api.POST('/api/v1/orders/{id}/complete', {
          params: { path: { id: order.id } },
          body: { quantity: q },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      ),
    invalidates: productionMoved(order.id),
    success: t('supply.production.completed', { number: order.number }),
    onSuccess: onClose,
    onFieldErrors: (errors) => setError(errors.find((e) => e.field === 'quantity')?.message),
  });
  const submit = () => {
    const q = positiveDecimal.safeParse(quantity);
    setError(q.success ? undefined : q.error.issues[0]?.message);
    if (q.success) void complete.run(q.data);
  };
  return (
    <FormDialog
      title={t('supply.production.complete_title', { number: order.number })}
      onClose={onClose}
      testId="complete-dialog"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      submit={{ label: t('supply.production.complete'), testId: 'complete-submit', busy: complete.busy }}
      alert={<OrderProblem error={complete.error} />}
    >
      <TextField
        label={t('supply.production.completed_quantity')}
        inputMode="decimal"
        data-testid="complete-quantity"
        value={quantity}
        error={message(error)}
        hint={
          order.components_issued
            ? t('supply.production.complete_hint_issued')
            : t('supply.production.complete_hint_backflush')
        }
        onChange={(e) => setQuantity(e.target.value)}
      />
    </FormDialog>
  );
};
