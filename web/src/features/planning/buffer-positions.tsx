import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Json } from '../../api/queries.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Card } from '../../components/page.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

type Positions = Json<'/api/v1/buffers/{id}/positions', 'get'>;

/** The open supply and holds behind a buffer's net flow, so a planner sees what the numbers add up. */
export const BufferPositions = ({ bufferId, version }: { bufferId: string; version: string | null }) => {
  const t = useT();
  const f = useFormat();
  const q = useQuery({
    // Keyed by the buffer's last calculation: a new answer means supply or holds moved.
    queryKey: keys.bufferPositions(bufferId, version),
    queryFn: () => unwrap(api.GET('/api/v1/buffers/{id}/positions', { params: { path: { id: bufferId } } })),
  });
  return (
    <Card title={t('positions.title')}>
      <div className="flex flex-col gap-4" data-testid="buffer-positions">
        <div>
          <h3 className="mb-2 text-sm font-medium text-slate-700">{t('positions.supply')}</h3>
          <DataTable<Positions['supply'][number]>
            rows={q.data?.supply}
            loading={q.isLoading}
            error={q.error}
            onRetry={() => void q.refetch()}
            rowKey={(r) => r.id}
            rowProps={() => ({ 'data-testid': 'position-supply' })}
            empty={<p className="text-sm text-slate-500">{t('positions.no_supply')}</p>}
            columns={[
              {
                key: 'kind',
                header: t('positions.kind'),
                cell: (r) => t(`positions.kind_${r.kind}` as MessageKey),
              },
              {
                key: 'quantity',
                header: t('positions.quantity'),
                align: 'right',
                cell: (r) => f.qty(r.quantity),
              },
              { key: 'due', header: t('positions.due'), cell: (r) => r.due_date },
              {
                key: 'within',
                header: t('positions.in_net_flow'),
                cell: (r) => (r.within_dlt ? t('positions.yes') : t('positions.later')),
              },
              { key: 'origin', header: t('positions.origin'), cell: (r) => r.origin },
            ]}
          />
        </div>
        <div>
          <h3 className="mb-2 text-sm font-medium text-slate-700">{t('positions.holds')}</h3>
          <DataTable<Positions['holds'][number]>
            rows={q.data?.holds}
            loading={q.isLoading}
            error={q.error}
            rowKey={(r) => r.reservation_id}
            empty={<p className="text-sm text-slate-500">{t('positions.no_holds')}</p>}
            columns={[
              { key: 'customer', header: t('positions.customer'), cell: (r) => r.customer_id ?? '—' },
              {
                key: 'quantity',
                header: t('positions.quantity'),
                align: 'right',
                cell: (r) => f.qty(r.quantity),
              },
              { key: 'expires', header: t('positions.expires'), cell: (r) => f.date(r.expires_at) },
            ]}
          />
        </div>
      </div>
    </Card>
  );
};
