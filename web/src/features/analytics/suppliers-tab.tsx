import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { can } from '../../api/session.ts';
import { useListSearch } from '../../components/list-page.tsx';
import { Card, Toolbar } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useDay } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { FilterSelect, Tile, useAnalyticsFormat } from './analytics-parts.tsx';

/** The scorecard of one supplier over the last year of receipts. */
const Scorecard = ({ id }: { id: string }) => {
  const t = useT();
  const f = useAnalyticsFormat();
  const day = useDay();
  const q = useQuery({
    queryKey: keys.analytics.supplier(id),
    queryFn: () =>
      unwrap(api.GET('/api/v1/analytics/suppliers/{id}/performance', { params: { path: { id } } })),
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <LoadingState />;
  const p = q.data;
  const lt = p.lead_time;
  const days = (v: number | null) => (v === null ? '—' : t('analytics.n_days', { days: f.fixed(v, 1) }));
  return (
    <Card
      title={t('analytics.scorecard_of', { supplier: p.supplier_name, from: day(p.from), to: day(p.to) })}
    >
      {p.receipts === 0 ? (
        <p className="text-sm text-slate-500" data-testid="scorecard-none">
          {t('analytics.scorecard_none')}
        </p>
      ) : (
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="scorecard">
          <Tile
            label={t('analytics.on_time')}
            value={f.share(p.on_time.value)}
            hint={t('analytics.on_time_hint', {
              on_time: p.on_time.on_time_receipts,
              receipts: p.on_time.receipts,
            })}
            testId="scorecard-on-time"
          />
          <Tile
            label={t('analytics.supplier_fill_rate')}
            value={f.share(p.fill_rate)}
            hint={t('analytics.supplier_fill_rate_hint')}
            testId="scorecard-fill-rate"
          />
          <Tile
            label={t('analytics.lead_time')}
            value={
              lt.mean_days === null
                ? '—'
                : t('analytics.mean_sd', { mean: f.fixed(lt.mean_days, 1), sd: f.fixed(lt.sd_days ?? 0, 1) })
            }
            hint={t('analytics.lead_time_hint', {
              stated: lt.stated_days === null ? '—' : days(lt.stated_days),
              samples: lt.samples,
            })}
            testId="scorecard-lead-time"
          />
          <Tile
            label={t('analytics.days_late')}
            value={f.fixed(p.average_days_late, 1)}
            hint={t('analytics.promised_hint', { promised: days(lt.promised_mean_days) })}
            testId="scorecard-late"
          />
        </div>
      )}
    </Card>
  );
};

/** Pick a supplier, read its scorecard; the choice stays in the address. */
export const SuppliersTab = () => {
  const t = useT();
  const list = useListSearch({ supplier: '' });
  const readable = can('supplier:read');
  const suppliers = useQuery({
    queryKey: keys.suppliers.every,
    enabled: readable,
    queryFn: () => unwrap(api.GET('/api/v1/suppliers', { params: { query: { limit: 100 } } })),
    staleTime: 60_000,
  });
  if (!readable) return <EmptyState title={t('analytics.suppliers_forbidden')} />;
  const rows = suppliers.data?.data ?? [];
  const chosen = list.filters.supplier;
  return (
    <>
      <Toolbar>
        <div className="w-72">
          <FilterSelect
            label={t('analytics.supplier')}
            value={chosen}
            testId="scorecard-supplier"
            onChange={(v) => list.setFilter('supplier', v)}
            options={[
              { value: '', label: t('analytics.pick_supplier') },
              ...rows.map((s) => ({ value: s.id, label: s.name })),
            ]}
          />
        </div>
      </Toolbar>
      {chosen ? (
        <Scorecard id={chosen} />
      ) : (
        <EmptyState title={t('analytics.pick_supplier')} body={t('analytics.pick_supplier_body')} />
      )}
    </>
  );
};
