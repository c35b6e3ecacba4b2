import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { Card, Detail, linkButton } from '../../components/page.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10} %`);

/** How the order's supplier has delivered over the last year: on time, lateness, fill rate. */
export const SupplierPerformance = ({ supplierId, name }: { supplierId: string; name: string | null }) => {
  const t = useT();
  const f = useFormat();
  const q = useQuery({
    queryKey: keys.supplierPerformance(supplierId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/suppliers/{id}/performance', { params: { path: { id: supplierId } } })),
    staleTime: 60_000,
  });
  const p = q.data;
  return (
    <Card
      title={t('supply.performance.title', { supplier: name ?? '' })}
      actions={
        <Link to="/suppliers" className={linkButton}>
          {t('supply.performance.suppliers')}
        </Link>
      }
    >
      {q.error ? (
        <p className="text-sm text-slate-500">{t('supply.performance.unavailable')}</p>
      ) : !p ? (
        <p className="text-sm text-slate-500">{t('state.loading')}</p>
      ) : p.receipts === 0 ? (
        <p className="text-sm text-slate-500">{t('supply.performance.none')}</p>
      ) : (
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="supplier-performance">
          <Detail label={t('supply.performance.receipts')}>{f.qty(p.receipts)}</Detail>
          <Detail label={t('supply.performance.on_time')}>{pct(p.on_time_rate)}</Detail>
          <Detail label={t('supply.performance.days_late')}>
            {p.average_days_late === null ? '—' : f.qty(p.average_days_late)}
          </Detail>
          <Detail label={t('supply.performance.fill_rate')}>{pct(p.fill_rate)}</Detail>
        </dl>
      )}
    </Card>
  );
};
