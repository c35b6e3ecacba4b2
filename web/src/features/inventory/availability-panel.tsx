import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

/** The availability of one product; stock and reservation events refresh it (api/live.ts). */
export const useAvailability = (productId: string | undefined) =>
  useQuery({
    queryKey: keys.availability.of(productId),
    enabled: Boolean(productId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/products/{id}/availability', { params: { path: { id: productId ?? '' } } })),
  });

/** Total available and, per location, what is available and what customers hold. */
export const AvailabilityPanel = ({ productId }: { productId: string }) => {
  const t = useT();
  const f = useFormat();
  const a = useAvailability(productId);
  if (a.error) return <ErrorState error={a.error} onRetry={() => void a.refetch()} />;
  if (!a.data) return <LoadingState />;
  return (
    <div className="flex flex-col gap-3" data-testid="availability" data-product={a.data.product_id}>
      <div className="flex flex-wrap items-baseline gap-3">
        <span className="text-sm text-slate-500">{t('availability.total')}</span>
        <span
          className="text-3xl font-semibold tabular-nums"
          data-testid="availability-total"
          data-value={a.data.total_available}
        >
          {f.qty(a.data.total_available)}
        </span>
        <span className="text-sm text-slate-500">{a.data.product_name}</span>
      </div>
      <DataTable
        rows={a.data.stores}
        rowKey={(s) => s.store_id}
        rowProps={(s) => ({ 'data-testid': `availability-row-${s.store_id}` })}
        empty={<p className="text-sm text-slate-500">{t('availability.no_stock')}</p>}
        columns={[
          {
            key: 'store',
            header: t('stock.location'),
            cell: (s) => (
              <span>
                <span className="font-mono text-xs">{s.store_id}</span> · {s.store_name}
              </span>
            ),
          },
          {
            key: 'available',
            header: t('stock.available'),
            align: 'right',
            cell: (s) => (
              <span data-testid={`availability-available-${s.store_id}`} data-value={s.available}>
                {f.qty(s.available)}
              </span>
            ),
          },
          {
            key: 'reserved',
            header: t('stock.reserved'),
            align: 'right',
            cell: (s) => (
              <span data-testid={`availability-reserved-${s.store_id}`} data-value={s.reserved}>
                {f.qty(s.reserved)}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
};
