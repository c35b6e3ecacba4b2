import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { type Transfer, useProductLookup } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import {
  Badge,
  dangerLinkButton,
  linkButton,
  PageHeader,
  primaryButton,
  StatusFilter,
  Toolbar,
} from '../../components/page.tsx';
import { useProblemText } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { TransferDialog } from './stock-dialogs.tsx';

const STATUSES = ['IN_TRANSIT', 'COMPLETED', 'RECEIVED', 'CANCELLED'] as const;
type Status = (typeof STATUSES)[number];
const tone = { IN_TRANSIT: 'blue', COMPLETED: 'green', RECEIVED: 'green', CANCELLED: 'grey' } as const;

/** Transfers between locations; those in transit are received at the destination or cancelled. */
export const TransfersPage = () => {
  const t = useT();
  const f = useFormat();
  const toast = useToast();
  const qc = useQueryClient();
  const problemText = useProblemText();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | ''>('');
  const [creating, setCreating] = useState(false);
  const limit = 20;
  const list = useQuery({
    queryKey: ['transfers', page, status],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/stock/transfers', {
          params: { query: { page, limit, ...(status ? { status } : {}) } },
        }),
      ),
  });
  const product = useProductLookup((list.data?.data ?? []).map((x) => x.product_id));
  const writable = can('inventory:write');
  const act = async (x: Transfer, action: 'receive' | 'cancel') => {
    try {
      const path = { id: x.id };
      if (action === 'receive')
        await unwrap(api.POST('/api/v1/stock/transfers/{id}/receive', { params: { path } }));
      else await unwrap(api.POST('/api/v1/stock/transfers/{id}/cancel', { params: { path } }));
      toast.show(t(action === 'receive' ? 'transfers.received' : 'transfers.cancelled'), 'success');
    } catch (err) {
      toast.show(problemText(err), 'error');
    }
    await qc.invalidateQueries({ queryKey: ['transfers'] });
    await qc.invalidateQueries({ queryKey: ['inventory'] });
    await qc.invalidateQueries({ queryKey: ['availability', x.product_id] });
  };
  return (
    <div className="flex flex-col gap-4" data-testid="transfers-page">
      <PageHeader
        title={t('nav.transfers')}
        subtitle={t('transfers.subtitle')}
        actions={
          writable && (
            <button type="button" className={primaryButton} onClick={() => setCreating(true)}>
              {t('transfers.new')}
            </button>
          )
        }
      />
      <Toolbar>
        <StatusFilter
          value={status}
          statuses={STATUSES}
          label={(s) => t(`transfer_status.${s}`)}
          onChange={(s) => {
            setStatus(s);
            setPage(1);
          }}
          testId="transfers-status"
        />
      </Toolbar>
      <DataTable
        rows={list.data?.data}
        rowKey={(x) => x.id}
        rowProps={(x) => ({ 'data-testid': `transfer-${x.id}` })}
        page={page}
        limit={limit}
        total={list.data?.pagination.total ?? 0}
        onPageChange={setPage}
        loading={list.isLoading}
        error={list.error}
        onRetry={() => void list.refetch()}
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
                  <button type="button" className={linkButton} onClick={() => void act(x, 'receive')}>
                    {t('transfers.receive')}
                  </button>
                  <button type="button" className={dangerLinkButton} onClick={() => void act(x, 'cancel')}>
                    {t('common.cancel')}
                  </button>
                </span>
              ),
          },
        ]}
      />
      {creating && <TransferDialog onClose={() => setCreating(false)} />}
    </div>
  );
};
