import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useCallback } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useEvents } from '../../api/events.ts';
import { keys } from '../../api/keys.ts';
import type { Json } from '../../api/queries.ts';
import { can, session } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SearchFilter } from '../../components/list-filters.tsx';
import { ExportMenu } from '../../components/export-menu.tsx';
import { ListPage, pagedRows, useListSearch } from '../../components/list-page.tsx';
import { LocationSelect } from '../../components/location-select.tsx';
import { StatusFilter, secondaryButton } from '../../components/page.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { CUSTOMER_STATUSES, type CustomerStatus, OrderStatusBadge } from './saga-timeline.tsx';

export type CustomerOrder = Json<'/api/v1/customer-orders/{id}', 'get'>;

/**
 * Keeps customer order screens current: any `orders.customer.*` event (placed, paid, shipped,
 * cancelled, from this tab, another one or the storefront) refetches them; so does a reconnection.
 */
export const useLiveCustomerOrders = () => {
  const qc = useQueryClient();
  const refresh = useCallback(() => void qc.invalidateQueries({ queryKey: keys.customerOrders.all }), [qc]);
  return useEvents(['orders.customer.'], refresh, { enabled: can('order:read'), onOpen: refresh });
};

/** Orders customers placed through the API or the storefront, with their payment and fulfilment status. */
export const CustomerOrdersPage = () => {
  const t = useT();
  const f = useFormat();
  const list = useListSearch({ status: '' as CustomerStatus | '', store: '', q: '' });
  const { page } = list;
  const status = CUSTOMER_STATUSES.find((s) => s === list.filters.status) ?? '';
  const { store, q } = list.query;
  const limit = 20;
  const filters = { ...(status ? { status } : {}), store_id: store, q };
  useLiveCustomerOrders();
  const orders = useQuery({
    queryKey: keys.customerOrders.list({ page, status, store, q }),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/customer-orders', {
          params: { query: { page, limit, ...filters } },
        }),
      ),
  });
  const slug = session.get()?.tenant.slug;
  return (
    <ListPage
      testId="customer-orders-page"
      title={t('sales.nav')}
      subtitle={t('sales.subtitle')}
      actions={
        <>
          <ExportMenu path="/api/v1/customer-orders/export" query={filters} testId="customer-orders-export" />
          {slug && (
            <a
              href={`/shop/${encodeURIComponent(slug)}`}
              target="_blank"
              rel="noopener"
              className={secondaryButton}
              data-testid="storefront-link"
            >
              {t('sales.storefront')} ↗
            </a>
          )}
        </>
      }
      toolbar={
        <>
          <SearchFilter
            list={list}
            filter="q"
            label={t('sales.search')}
            placeholder={t('sales.search')}
            testId="customer-orders-search"
            className="w-72 max-w-full"
          />
          <StatusFilter
            value={status}
            statuses={CUSTOMER_STATUSES}
            label={(s) => t(`sales.status.${s}`)}
            onChange={(s) => list.setFilter('status', s)}
            testId="customer-orders-status"
          />
          <div className="w-56">
            <LocationSelect
              label={t('sales.store')}
              name="store_id"
              types={['store']}
              emptyLabel={t('sales.all_stores')}
              value={list.filters.store}
              onChange={(code) => list.setFilter('store', code.trim())}
              testId="customer-orders-store"
            />
          </div>
        </>
      }
    >
      <DataTable
        {...pagedRows(list, orders, limit)}
        rowKey={(o) => o.id}
        rowProps={(o) => ({ 'data-testid': `customer-order-${o.number}` })}
        columns={[
          {
            key: 'number',
            header: t('sales.number'),
            cell: (o) => (
              <Link
                to="/customer-orders/$id"
                params={{ id: o.id }}
                className="font-mono text-xs font-medium text-brand-700 hover:underline"
                data-testid="customer-order-link"
              >
                {o.number}
              </Link>
            ),
          },
          { key: 'when', header: t('common.when'), cell: (o) => f.date(o.created_at) },
          {
            key: 'customer',
            header: t('sales.customer'),
            cell: (o) => (
              <span className="flex flex-col">
                <span>{o.customer.name}</span>
                <span className="text-xs text-slate-500">{o.customer.email}</span>
              </span>
            ),
          },
          {
            key: 'store',
            header: t('sales.store'),
            cell: (o) => <span className="font-mono text-xs">{o.store_id}</span>,
          },
          { key: 'status', header: t('common.status'), cell: (o) => <OrderStatusBadge status={o.status} /> },
          {
            key: 'total',
            header: t('sales.total'),
            align: 'right',
            cell: (o) => f.minor(o.total_minor, o.currency),
          },
          { key: 'channel', header: t('sales.channel'), cell: (o) => t(`sales.channel.${o.channel}`) },
        ]}
      />
    </ListPage>
  );
};
