import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { Chart } from '../../components/chart.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { Card, Detail } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

type Group = 'method' | 'class';
type Accuracy = Awaited<ReturnType<typeof fetchAccuracy>>;
type Row = Accuracy['data'][number];

/** Query keys of this tab, under analytics' root (to join api/keys.ts with the Analytics section). */
const accuracyKey = (group: Group) => ['analytics', 'forecast-accuracy', group] as const;

const fetchAccuracy = (group: Group) =>
  unwrap(
    api.GET('/api/v1/analytics/forecast-accuracy', { params: { query: { group_by: group, limit: 100 } } }),
  );

/** A ratio as a percentage with one decimal; a dash when there was nothing to divide by. */
const usePercent = () => {
  const f = useFormat();
  return (v: number | null) => (v === null ? '—' : `${f.qty(Math.round(v * 1000) / 10)} %`);
};

const useColumns = (group: Group): Column<Row>[] => {
  const t = useT();
  const f = useFormat();
  const pct = usePercent();
  return [
    {
      key: 'key',
      header: t(group === 'method' ? 'accuracy.method' : 'accuracy.class'),
      cell: (r) => <span className="font-mono text-xs">{r.key}</span>,
    },
    { key: 'items', header: t('accuracy.items'), align: 'right', cell: (r) => f.qty(r.items) },
    { key: 'forecast', header: t('accuracy.forecast'), align: 'right', cell: (r) => f.qty(r.forecast) },
    { key: 'actual', header: t('accuracy.actual'), align: 'right', cell: (r) => f.qty(r.actual) },
    { key: 'bias', header: t('accuracy.bias'), align: 'right', cell: (r) => pct(r.bias) },
    { key: 'mae', header: t('accuracy.mae'), align: 'right', cell: (r) => f.qty(r.mae) },
    { key: 'wape', header: t('accuracy.wape'), align: 'right', cell: (r) => pct(r.wape) },
    { key: 'rmsse', header: t('accuracy.rmsse'), align: 'right', cell: (r) => f.qty(r.rmsse) },
  ];
};

const GroupTable = ({ group, title }: { group: Group; title: string }) => {
  const q = useQuery({ queryKey: accuracyKey(group), queryFn: () => fetchAccuracy(group) });
  const columns = useColumns(group);
  return (
    <Card title={title}>
      <DataTable
        columns={columns}
        rows={q.data?.data}
        rowKey={(r) => r.key}
        rowProps={() => ({ 'data-testid': `accuracy-${group}-row` })}
        loading={q.isLoading}
        error={q.error}
        onRetry={() => void q.refetch()}
      />
    </Card>
  );
};

type Measures = Accuracy['overall'];

const Overall = ({ o }: { o: Measures }) => {
  const t = useT();
  const f = useFormat();
  const pct = usePercent();
  return (
    <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5" data-testid="accuracy-overall">
      <Detail label={t('accuracy.items')}>{f.qty(o.items)}</Detail>
      <Detail label={t('accuracy.bias')}>
        <span title={t('accuracy.bias_help')}>{pct(o.bias)}</span>
      </Detail>
      <Detail label={t('accuracy.wape')}>
        <span title={t('accuracy.wape_help')}>{pct(o.wape)}</span>
      </Detail>
      <Detail label={t('accuracy.mae')}>{f.qty(o.mae)}</Detail>
      <Detail label={t('accuracy.rmsse')}>
        <span title={t('accuracy.rmsse_help')}>{f.qty(o.rmsse)}</span>
      </Detail>
    </dl>
  );
};

/**
 * Forecast accuracy after the fact over the last six complete months: the overall figures, a
 * monthly chart of bias and WAPE, and tables by forecasting method and by demand class.
 */
export const AccuracyTab = () => {
  const t = useT();
  const q = useQuery({ queryKey: accuracyKey('method'), queryFn: () => fetchAccuracy('method') });
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <LoadingState />;
  const a = q.data;
  const series = a.series.map((s) => ({
    month: s.month,
    bias: s.bias === null ? null : Math.round(s.bias * 1000) / 10,
    wape: s.wape === null ? null : Math.round(s.wape * 1000) / 10,
  }));
  return (
    <div className="flex flex-col gap-4" data-testid="accuracy-tab">
      <p className="text-sm text-slate-500">
        {t('accuracy.subtitle')} {a.from} – {a.to}
      </p>
      {a.overall.item_months === 0 ? (
        <EmptyState title={t('accuracy.none')} body={t('accuracy.none_body')} />
      ) : (
        <>
          <Card title={t('accuracy.overall')}>
            <Overall o={a.overall} />
          </Card>
          <Card title={t('accuracy.monthly')}>
            <Chart
              data={series}
              x="month"
              series={[
                { key: 'bias', label: `${t('accuracy.bias')} %`, color: '#d97706' },
                { key: 'wape', label: `${t('accuracy.wape')} %`, color: '#2563eb' },
              ]}
            />
          </Card>
          <GroupTable group="method" title={t('accuracy.by_method')} />
          <GroupTable group="class" title={t('accuracy.by_class')} />
        </>
      )}
    </div>
  );
};
