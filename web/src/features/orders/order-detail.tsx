import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Card, Detail, linkButton, PageHeader } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useDay, useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { OrderActions, useOrderMove } from './order-actions.tsx';
import {
  BackToOrders,
  DueDate,
  hasPrices,
  type OrderLine,
  OrderProblem,
  OrderStatusBadge,
  type SupplyOrder,
  useOrderSettings,
  useOrdersLive,
} from './order-parts.tsx';
import { ShortagesPanel } from './order-production.tsx';
import { SupplierPerformance } from './order-supplier.tsx';

type Receipt = NonNullable<SupplyOrder['receipts']>[number];

const Lines = ({ order }: { order: SupplyOrder }) => {
  const t = useT();
  const f = useFormat();
  const priced = order.kind === 'purchase';
  return (
    <Card title={t('supply.lines')}>
      <DataTable<OrderLine>
        rows={order.lines}
        rowKey={(l) => l.id}
        rowProps={(l) => ({ 'data-testid': `line-${l.sku}` })}
        columns={[
          { key: 'no', header: '#', cell: (l) => l.line_no },
          {
            key: 'product',
            header: t('common.product'),
            cell: (l) => (
              <span className="flex flex-col">
                {can('product:read') ? (
                  <Link
                    to="/products/$id"
                    params={{ id: l.product_id }}
                    className="font-mono text-xs text-brand-700 hover:underline"
                  >
                    {l.sku}
                  </Link>
                ) : (
                  <span className="font-mono text-xs">{l.sku}</span>
                )}
                <span>{l.product_name}</span>
              </span>
            ),
          },
          {
            key: 'ordered',
            header: t('supply.line.ordered'),
            align: 'right',
            cell: (l) => f.qty(l.quantity),
          },
          {
            key: 'received',
            header: t('supply.line.received'),
            align: 'right',
            cell: (l) => (
              <span data-testid="line-received" data-value={l.received_quantity}>
                {f.qty(l.received_quantity)}
              </span>
            ),
          },
          {
            key: 'open',
            header: t('supply.line.open'),
            align: 'right',
            cell: (l) => (
              <span data-testid="line-open" data-value={l.open_quantity}>
                {f.qty(l.open_quantity)}
              </span>
            ),
          },
          ...(priced
            ? [
                {
                  key: 'price',
                  header: t('supply.line.unit_price'),
                  align: 'right' as const,
                  cell: (l: OrderLine) => f.minor(l.unit_price_minor, order.currency),
                },
                {
                  key: 'total',
                  header: t('supply.total'),
                  align: 'right' as const,
                  cell: (l: OrderLine) => f.minor(l.line_total_minor, order.currency),
                },
              ]
            : []),
          {
            key: 'buffer',
            header: t('supply.line.buffer'),
            cell: (l) =>
              l.buffer_id && can('buffer:read') ? (
                <Link
                  to="/planning/buffers/$id"
                  params={{ id: l.buffer_id }}
                  className={linkButton}
                  data-testid="line-buffer"
                >
                  {t('supply.line.open_buffer')}
                </Link>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
};

const Receipts = ({ order }: { order: SupplyOrder }) => {
  const t = useT();
  const f = useFormat();
  const sku = new Map(order.lines.map((l) => [l.id, `${l.sku} · ${l.product_name}`]));
  return (
    <Card title={t('supply.receipts')}>
      <DataTable<Receipt>
        rows={order.receipts ?? []}
        rowKey={(r) => r.id}
        rowProps={() => ({ 'data-testid': 'receipt-row' })}
        empty={<p className="text-sm text-slate-500">{t('supply.no_receipts')}</p>}
        columns={[
          { key: 'when', header: t('common.when'), cell: (r) => f.date(r.received_at) },
          { key: 'product', header: t('common.product'), cell: (r) => sku.get(r.line_id) ?? '—' },
          {
            key: 'quantity',
            header: t('supply.line.quantity'),
            align: 'right',
            cell: (r) => f.qty(r.quantity),
          },
        ]}
      />
    </Card>
  );
};

/** One supply order: where it stands, what it may do next, its lines, receipts and components. */
export const OrderDetailPage = ({ id }: { id: string }) => {
  const t = useT();
  const f = useFormat();
  const day = useDay();
  useOrdersLive();
  const settings = useOrderSettings();
  const q = useQuery({
    queryKey: keys.order.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/orders/{id}', { params: { path: { id } } })),
  });
  const move = useOrderMove({ id, number: q.data?.number ?? '' });
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <LoadingState />;
  const o = q.data;
  const route =
    o.kind === 'transfer' ? `${o.source_store_id ?? '—'} → ${o.store_id}` : (o.supplier_name ?? o.store_id);
  return (
    <div className="flex flex-col gap-4" data-testid="order-detail" data-order={o.number}>
      <BackToOrders />
      <PageHeader
        title={o.number}
        subtitle={`${t(`supply.kinds.${o.kind}`)} · ${route}`}
        actions={<OrderActions order={o} move={move} />}
      />
      <OrderProblem error={move.error} />
      {o.status === 'PENDING_APPROVAL' && (
        <div role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t('supply.pending_banner', {
            threshold: settings.data ? f.minor(settings.data.approval_threshold_minor, o.currency) : '—',
          })}
        </div>
      )}
      <Card>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Detail label={t('common.status')}>
            <OrderStatusBadge status={o.status} testId="order-detail-status" />
          </Detail>
          <Detail label={t('supply.kind')}>{t(`supply.kinds.${o.kind}`)}</Detail>
          {o.kind === 'purchase' && <Detail label={t('supply.supplier')}>{o.supplier_name ?? '—'}</Detail>}
          {o.kind === 'transfer' && (
            <Detail label={t('supply.transfer.from')}>
              <span className="font-mono text-xs">{o.source_store_id ?? '—'}</span>
            </Detail>
          )}
          <Detail
            label={o.kind === 'production' ? t('supply.production.location') : t('supply.receiving_location')}
          >
            <span className="font-mono text-xs">{o.store_id}</span>
          </Detail>
          <Detail label={t('supply.order_date')}>{day(o.order_date)}</Detail>
          <Detail label={t('supply.due_date')}>
            <DueDate order={o} />
          </Detail>
          {o.kind === 'purchase' && (
            <Detail label={t('supply.total')}>
              <span data-testid="order-total" data-value={o.total_minor}>
                {hasPrices(o) ? f.minor(o.total_minor, o.currency) : '—'}
              </span>
            </Detail>
          )}
          <Detail label={t('supply.origin')}>{t(`supply.origins.${o.origin}`)}</Detail>
          <Detail label={t('supply.created_at')}>{f.date(o.created_at)}</Detail>
          {o.approved_at && <Detail label={t('supply.approved_at')}>{f.date(o.approved_at)}</Detail>}
          {o.shipped_at && <Detail label={t('supply.shipped_at')}>{f.date(o.shipped_at)}</Detail>}
          {o.closed_at && <Detail label={t('supply.closed_at')}>{f.date(o.closed_at)}</Detail>}
        </dl>
        {o.notes && (
          <div>
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{t('supply.notes')}</p>
            <p className="mt-0.5 whitespace-pre-line text-sm" data-testid="order-notes">
              {o.notes}
            </p>
          </div>
        )}
      </Card>
      <Lines order={o} />
      {o.kind === 'production' && <ShortagesPanel order={o} />}
      <Receipts order={o} />
      {o.kind === 'purchase' && o.supplier_id && (
        <SupplierPerformance supplierId={o.supplier_id} name={o.supplier_name} />
      )}
    </div>
  );
};
