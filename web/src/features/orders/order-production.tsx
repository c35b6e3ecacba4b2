import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client.ts';
import type { Json } from '../../api/queries.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { TextField } from '../../components/fields.tsx';
import { positiveDecimal } from '../../components/form-values.ts';
import { Badge, Card, primaryButton, secondaryButton } from '../../components/page.tsx';
import { useToast } from '../../components/toast.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { isOpen, OrderProblem, type SupplyOrder, useFieldMessage } from './order-parts.tsx';

type Shortages = Json<'/api/v1/orders/{id}/shortages', 'get'>;

/** After a start or completion: the order, its components' stock and the lists move. */
const useRefreshProduction = (id: string) => {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['order', id] }),
      qc.invalidateQueries({ queryKey: ['order-shortages', id] }),
      qc.invalidateQueries({ queryKey: ['orders'] }),
      qc.invalidateQueries({ queryKey: ['inventory'] }),
    ]);
};

/**
 * The bill of materials copied onto the order, with what its outstanding quantity needs of each
 * component (scrap included), what is free at the order's location, and what is short.
 */
export const ShortagesPanel = ({ order }: { order: SupplyOrder }) => {
  const t = useT();
  const f = useFormat();
  const q = useQuery({
    queryKey: ['order-shortages', order.id],
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
  const toast = useToast();
  const refresh = useRefreshProduction(order.id);
  const [issue, setIssue] = useState(true);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await unwrap(
        api.POST('/api/v1/orders/{id}/start', {
          params: { path: { id: order.id } },
          body: { issue_components: issue },
        }),
      );
      toast.show(t('supply.production.started', { number: order.number }), 'success');
      await refresh();
      onClose();
    } catch (err) {
      setFailure(err);
      await refresh();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      title={t('supply.production.start_title', { number: order.number })}
      onClose={onClose}
      testId="start-dialog"
      footer={
        <>
          <button type="button" className={secondaryButton} onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            disabled={busy}
            className={primaryButton}
            data-testid="start-submit"
            onClick={() => void start()}
          >
            {t('supply.production.start')}
          </button>
        </>
      }
    >
      <div className="flex flex-col gap-3">
        <OrderProblem error={failure} />
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
      </div>
    </Dialog>
  );
};

/** Reports finished output: it goes into stock, and unissued components are backflushed. */
export const CompleteDialog = ({ order, onClose }: { order: SupplyOrder; onClose: () => void }) => {
  const t = useT();
  const toast = useToast();
  const message = useFieldMessage();
  const refresh = useRefreshProduction(order.id);
  const [quantity, setQuantity] = useState(order.lines[0]?.open_quantity ?? '');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const complete = async () => {
    const q = positiveDecimal.safeParse(quantity);
    if (!q.success) {
      setError(q.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    setBusy(true);
    setFailure(undefined);
    try {
      await unwrap(
        api.POST('/api/v1/orders/{id}/complete', {
          params: { path: { id: order.id } },
          body: { quantity: q.data },
          headers: { 'Idempotency-Key': key },
        }),
      );
      toast.show(t('supply.production.completed', { number: order.number }), 'success');
      await refresh();
      onClose();
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err.problem.errors?.find((e) => e.field === 'quantity')?.message);
        setKey(crypto.randomUUID());
      }
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      title={t('supply.production.complete_title', { number: order.number })}
      onClose={onClose}
      testId="complete-dialog"
      footer={
        <>
          <button type="button" className={secondaryButton} onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            disabled={busy}
            className={primaryButton}
            data-testid="complete-submit"
            onClick={() => void complete()}
          >
            {t('supply.production.complete')}
          </button>
        </>
      }
    >
      <div className="flex flex-col gap-3">
        <OrderProblem error={failure} />
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
      </div>
    </Dialog>
  );
};
