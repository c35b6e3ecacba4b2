import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { type Transfer, useProductLookup } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ListPage, useListQuery, useListSearch } from '../../components/list-page.tsx';
import { Badge, dangerLinkButton, linkButton, StatusFilter } from '../../components/page.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { staleStock, TransferDialog } from './stock-dialogs.tsx';

const STATUSES = ['IN_TRANSIT', 'COMPLETED', 'RECEIVED', 'CANCELLED'] as const;
type Status = (typeof STATUSES)[number];
const tone = { IN_TRANSIT: 'blue', COMPLETED: 'green', RECEIVED: 'green', CANCELLED: 'grey' } as const;

/** Transfers between locations; those in transit are received at the destination or cancelled. */
export const TransfersPage = () => {
  const t = useT();
  const f = useFormat();
  const qc = useQueryClient();
  const filter = useListSearch({ status: '' as Status | '' });
  const [creating, setCreating] = useState(false);
  const limit = 20;
  const list = useListQuery(filter, {
    key: keys.transfers.list,
    limit,
    fetch: (query) => unwrap(api.GET('/api/v1/stock/transfers', { params: { query } })),
  });
  const product = useProductLookup((list.data?.data ?? []).map((x) => x.product_id));
  const writable = can('inventory:write');
  const act = useApiMutation({
    request: ({ x, action }: { x: Transfer; action: 'receive' | 'cancel' }) => {
      const path = { id: x.id };
      return action === 'receive'
        ? unwrap(api.POST('/api/v1/stock/transfers/{id}/receive', { params: { path } }))
        : unwrap(api.POST('/api/v1/stock/transfers/{id}/cancel', { params: { path } }));
    },
    invalidates: (_, { x }) => staleStock(x.product_id),
    success: (_, { action }) => t(action === 'receive' ? 'transfers.received' : 'transfers.cancelled'),
    toastError: true,
    // A refused action still refreshes: someone may have received or cancelled it meanwhile.
    onError: () => void qc.invalidateQueries({ queryKey: keys.transfers.all }),
  });
  return (
    <ListPage
      testId="transfers-page"
      title={t('nav.transfers')}
      subtitle={t('transfers.subtitle')}
      create={writable && { label: t('transfers.new'), onClick: () => setCreating(true) }}
      toolbar={
        <StatusFilter
          value={filter.filters.status}
          statuses={STATUSES}
          label={(s) => t(`transfer_status.${s}`)}
          onChange={(s) => filter.setFilter('status', s)}
          testId="transfers-status"
        />
      }
    >
      <DataTable
        {...list.table}
        rowKey={(x) => x.id}
        rowProps={(x) => ({ 'data-testid': `transfer-${x.id}` })}
        columns={[
          { key: 'when', header: t('common.when'), cell: (x) => f.date(x.created_at) },
          { key: 'product', header: t('common.product'), cell: (x) => product(x.product_id) },
          {
            key: 'route',
            header: t('transfers.route'),
            cell: (x) => (
              <span className="font-mono text-xs">
                {x.from_store_id} → {x.via_store_id ? `${x.via_store_id} → ` : ''}
                {x.to_store_id}
              </span>
            ),
          },
          { key: 'quantity', header: t('stock.quantity'), align: 'right', cell: (x) => f.qty(x.quantity) },
          {
            key: 'status',
            header: t('common.status'),
            cell: (x) => <Badge tone={tone[x.status]}>{t(`transfer_status.${x.status}`)}</Badge>,
          },
          { key: 'reason', header: t('stock.reason'), cell: (x) => x.reason ?? '—' },
          {
            key: 'actions',
            header: '',
            align: 'right',
            cell: (x) =>
              writable &&
              x.status === 'IN_TRANSIT' && (
                <span className="flex justify-end gap-3">
                  <button
                    type="button"
                    className={linkButton}
                    onClick={() => void act.run({ x, action: 'receive' })}
                  >
                    {t('transfers.receive')}
                  </button>
                  <button
                    type="button"
                    className={dangerLinkButton}
                    onClick={() => void act.run({ x, action: 'cancel' })}
                  >
                    {t('common.cancel')}
                  </button>
                </span>
              ),
          },
        ]}
      />
      {creating && <TransferDialog onClose={() => setCreating(false)} />}
    </ListPage>
  );
};
