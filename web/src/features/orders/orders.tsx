import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useLocations } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SearchFilter } from '../../components/list-filters.tsx';
import { ExportMenu } from '../../components/export-menu.tsx';
import { ListPage, ListTabs, pagedRows, useListSearch } from '../../components/list-page.tsx';
import { inputClass, primaryButton, StatusFilter, secondaryButton } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import {
  DueDate,
  hasPrices,
  OrderStatusBadge,
  SUPPLY_KINDS,
  SUPPLY_STATUSES,
  type SupplyKind,
  type SupplyOrder,
  type SupplyStatus,
  useOrdersLive,
  useSuppliers,
} from './order-parts.tsx';
import { ProductionOrderDialog } from './order-production-dialog.tsx';
import { PurchaseOrderDialog } from './order-purchase-dialog.tsx';
import { TransferOrderDialog } from './order-transfer-dialog.tsx';

type Creating = 'purchase' | 'production' | 'transfer';

/** Who the order is from: the supplier, the source location, or the product being made. */
const Party = ({ o }: { o: SupplyOrder }) => {
  if (o.kind === 'purchase') return <>{o.supplier_name ?? '—'}</>;
  if (o.kind === 'transfer')
    return (
      <span className="font-mono text-xs">
        {o.source_store_id ?? '—'} → {o.store_id}
      </span>
    );
  const made = o.lines[0];
  return made ? (
    <span>
      <span className="font-mono text-xs">{made.sku}</span> · {made.product_name}
    </span>
  ) : (
    <>—</>
  );
};

/** How many orders wait for approval, for the inbox link; nothing for roles that cannot approve. */
const useApprovalCount = () =>
  useQuery({
    queryKey: keys.approvals.count,
    queryFn: () => unwrap(api.GET('/api/v1/approvals', { params: { query: { limit: 1 } } })),
    enabled: can('order:approve'),
    select: (r) => r.pagination.total,
  });

/** Purchase, production and transfer orders: by kind, status, store, supplier and number. */
export const OrdersPage = () => {
  const t = useT();
  const f = useFormat();
  useOrdersLive();
  const list = useListSearch({
    kind: '' as SupplyKind | '',
    status: '' as SupplyStatus | '',
    store: '',
    supplier: '',
    q: '',
  });
  const { page } = list;
  const kind = SUPPLY_KINDS.find((k) => k === list.filters.kind) ?? '';
  const status = SUPPLY_STATUSES.find((s) => s === list.filters.status) ?? '';
  const { store, supplier, q } = list.query;
  const [creating, setCreating] = useState<Creating>();
  const suppliers = useSuppliers();
  const locations = useLocations();
  const approvals = useApprovalCount();
  const limit = 20;
  const filters = {
    ...(kind ? { kind } : {}),
    ...(status ? { status } : {}),
    store_id: store,
    supplier_id: supplier,
    q,
  };
  const orders = useQuery({
    queryKey: keys.orders.list({ kind, status, store, supplier, q, page }),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orders', {
          params: {
            query: { page, limit, ...filters },
          },
        }),
      ),
  });
  const writable = can('order:write');
  return (
    <ListPage
      testId="orders-page"
      title={t('supply.title')}
      subtitle={t('supply.subtitle')}
      actions={
        <>
          <ExportMenu path="/api/v1/orders/export" query={filters} testId="orders-export" />
          {can('order:approve') && (
            <Link to="/orders/approvals" className={secondaryButton} data-testid="orders-approvals">
              {t('supply.approvals.link', { count: approvals.data ?? 0 })}
            </Link>
          )}
          <Link to="/orders/reorder-policies" className={secondaryButton} data-testid="orders-policies">
            {t('supply.policies.title')}
          </Link>
          <Link to="/orders/settings" className={secondaryButton} data-testid="orders-settings">
            {t('supply.settings.title')}
          </Link>
          {writable && (
            <>
              <button
                type="button"
                className={primaryButton}
                data-testid="orders-new-purchase"
                onClick={() => setCreating('purchase')}
              >
                {t('supply.purchase.new')}
              </button>
              <button
                type="button"
                className={secondaryButton}
                data-testid="orders-new-production"
                onClick={() => setCreating('production')}
              >
                {t('supply.production.new')}
              </button>
              <button
                type="button"
                className={secondaryButton}
                data-testid="orders-new-transfer"
                onClick={() => setCreating('transfer')}
              >
                {t('supply.transfer.new')}
              </button>
            </>
          )}
        </>
      }
      tabs={
        <ListTabs<SupplyKind | ''>
          testId="orders-kind"
          value={kind}
          onChange={(k) => list.setFilter('kind', k)}
          options={(['', ...SUPPLY_KINDS] as const).map((k) => ({
            value: k,
            label: k ? t(`supply.kinds.${k}`) : t('supply.kinds.all'),
            testId: `orders-kind-${k || 'all'}`,
          }))}
        />
      }
      toolbar={
        <>
          <SearchFilter
            list={list}
            filter="q"
            label={t('supply.search')}
            placeholder={t('supply.search')}
            testId="orders-search"
            className="w-56"
          />
          <StatusFilter
            value={status}
            statuses={SUPPLY_STATUSES}
            label={(s) => t(`supply.status.${s}`)}
            onChange={(s) => list.setFilter('status', s)}
            testId="orders-status"
          />
          {can('location:read') && (
            <select
              aria-label={t('supply.store')}
              data-testid="orders-store"
              value={list.filters.store}
              onChange={(e) => list.setFilter('store', e.target.value)}
              className={inputClass}
            >
              <option value="">{t('supply.all_stores')}</option>
              {(locations.data ?? [])
                .filter((l) => l.type !== 'in_transit')
                .map((l) => (
                  <option key={l.id} value={l.code}>
                    {l.code} · {l.name}
                  </option>
                ))}
            </select>
          )}
          {can('supplier:read') && kind !== 'production' && kind !== 'transfer' && (
            <select
              aria-label={t('supply.supplier')}
              data-testid="orders-supplier"
              value={list.filters.supplier}
              onChange={(e) => list.setFilter('supplier', e.target.value)}
              className={inputClass}
            >
              <option value="">{t('supply.all_suppliers')}</option>
              {(suppliers.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </>
      }
    >
      <DataTable<SupplyOrder>
        {...pagedRows(list, orders, limit)}
        rowKey={(o) => o.id}
        rowProps={(o) => ({
          'data-testid': `order-row-${o.number}`,
          className:
            o.status === 'DELAYED'
              ? 'bg-red-50/50 hover:bg-red-50'
              : o.status === 'PENDING_APPROVAL'
                ? 'bg-amber-50/50 hover:bg-amber-50'
                : 'hover:bg-slate-50',
        })}
        empty={<EmptyState title={t('supply.none')} body={t('supply.none_body')} />}
        columns={[
          {
            key: 'number',
            header: t('supply.number'),
            cell: (o) => (
              <Link
                to="/orders/$id"
                params={{ id: o.id }}
                className="whitespace-nowrap font-mono text-xs text-brand-700 hover:underline"
                data-testid="order-link"
              >
                {o.number}
              </Link>
            ),
          },
          { key: 'kind', header: t('supply.kind'), cell: (o) => t(`supply.kinds.${o.kind}`) },
          { key: 'party', header: t('supply.from'), cell: (o) => <Party o={o} /> },
          {
            key: 'store',
            header: t('supply.store'),
            cell: (o) => (
              <span className="whitespace-nowrap font-mono text-xs" data-testid="order-store">
                {o.store_id}
              </span>
            ),
          },
          {
            key: 'status',
            header: t('common.status'),
            cell: (o) => <OrderStatusBadge status={o.status} testId="order-status" />,
          },
          { key: 'due', header: t('supply.due_date'), cell: (o) => <DueDate order={o} /> },
          {
            key: 'total',
            header: t('supply.total'),
            align: 'right',
            cell: (o) => (hasPrices(o) ? f.minor(o.total_minor, o.currency) : '—'),
          },
          { key: 'lines', header: t('supply.lines'), align: 'right', cell: (o) => o.lines.length },
        ]}
      />
      {creating === 'purchase' && <PurchaseOrderDialog onClose={() => setCreating(undefined)} />}
      {creating === 'production' && <ProductionOrderDialog onClose={() => setCreating(undefined)} />}
      {creating === 'transfer' && <TransferOrderDialog onClose={() => setCreating(undefined)} />}
    </ListPage>
  );
};
