import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useEvents } from '../../api/events.ts';
import type { Json } from '../../api/queries.ts';
import { can, session } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { LocationSelect } from '../../components/location-select.tsx';
import { inputClass, PageHeader, StatusFilter, secondaryButton, Toolbar } from '../../components/page.tsx';
import { useDebounced } from '../../components/product-picker.tsx';
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
  const refresh = useCallback(() => void qc.invalidateQueries({ queryKey: ['customer-orders'] }), [qc]);
  return useEvents(['orders.customer.'], refresh, { enabled: can('order:read'), onOpen: refresh });
};

/** Orders customers placed through the API or the storefront, with their payment and fulfilment status. */
export const CustomerOrdersPage = () => {
  const t = useT();
  const f = useFormat();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<CustomerStatus | ''>('');
  const [store, setStore] = useState('');
  const [search, setSearch] = useState('');
  const term = useDebounced(search.trim());
  const limit = 20;
  useLiveCustomerOrders();
  const list = useQuery({
    queryKey: ['customer-orders', 'list', page, status, store, term],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/customer-orders', {
          params: {
            query: {
              page,
              limit,
              ...(status ? { status } : {}),
              ...(store ? { store_id: store } : {}),
              ...(term ? { q: term } : {}),
            },
          },
        }),
      ),
  });
  const slug = session.get()?.tenant.slug;
  return (
    <div className="flex flex-col gap-4" data-testid="customer-orders-page">
      <PageHeader
        title={t('sales.nav')}
        subtitle={t('sales.subtitle')}
        actions={
          slug && (
            <a
              href={`/shop/${encodeURIComponent(slug)}`}
              target="_blank"
              rel="noopener"
              className={secondaryButton}
              data-testid="storefront-link"
            >
              {t('sales.storefront')} ↗
            </a>
          )
        }
      />
      <Toolbar>
        <input
          aria-label={t('sales.search')}
          placeholder={t('sales.search')}
          data-testid="customer-orders-search"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
          className={`${inputClass} w-72 max-w-full`}
        />
        <StatusFilter
          value={status}
          statuses={CUSTOMER_STATUSES}
          label={(s) => t(`sales.status.${s}`)}
          onChange={(s) => {
            setStatus(s);
            setPage(1);
          }}
          testId="customer-orders-status"
        />
        <div className="w-56">
          <LocationSelect
            label={t('sales.store')}
            name="store_id"
            types={['store']}
            emptyLabel={t('sales.all_stores')}
            value={store}
            onChange={(code) => {
              setStore(code.trim());
              setPage(1);
            }}
            testId="customer-orders-store"
          />
        </div>
      </Toolbar>
      <DataTable
        rows={list.data?.data}
        rowKey={(o) => o.id}
        rowProps={(o) => ({ 'data-testid': `customer-order-${o.number}` })}
        page={page}
        limit={limit}
        total={list.data?.pagination.total ?? 0}
        onPageChange={setPage}
        loading={list.isLoading}
        error={list.error}
        onRetry={() => void list.refetch()}
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
    </div>
  );
};
