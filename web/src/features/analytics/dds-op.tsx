import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { Chart } from '../../components/chart.tsx';
import { type Column, DataTable } from '../../components/data-table.tsx';
import { Card, inputClass } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

const WEEKS = [4, 8, 13, 26] as const;

/** Query keys of this tab, under analytics' root (to join api/keys.ts with the Analytics section). */
const ddsopKey = (weeks: number) => ['analytics', 'projections', 'ddsop', weeks] as const;

const fetchDdsop = (weeks: number) =>
  unwrap(api.GET('/api/v1/analytics/projections/ddsop', { params: { query: { weeks } } }));

type Ddsop = Awaited<ReturnType<typeof fetchDdsop>>;
type SupplierLoad = Ddsop['suppliers'][number];
type ItemLoad = Ddsop['manufactured'][number];

/** Weekly load columns: a name, the first weeks, and the total over every week. */
const useLoadColumns = <Row extends { weekly: number[]; total: number }>(
  weeks: string[],
  name: Column<Row>,
): Column<Row>[] => {
  const t = useT();
  const f = useFormat();
  return [
    name,
    ...weeks.map((w, i) => ({
      key: `w${i}`,
      header: w.slice(5),
      align: 'right' as const,
      cell: (r: Row) => f.qty(r.weekly[i] ?? 0),
    })),
    { key: 'total', header: t('ddsop.total'), align: 'right', cell: (r) => f.qty(r.total) },
  ];
};

/**
 * DDS&OP: buffers re-sized week by week from forecasts and planned adjustments. A chart of the
 * average on-hand target at cost per week and the weekly load it puts on each supplier and on
 * each manufactured item.
 */
export const DdsOpTab = () => {
  const t = useT();
  const f = useFormat();
  const [weeks, setWeeks] = useState<number>(13);
  const q = useQuery({ queryKey: ddsopKey(weeks), queryFn: () => fetchDdsop(weeks) });
  const starts = q.data?.totals.map((w) => w.week) ?? [];
  const supplierColumns = useLoadColumns<SupplierLoad>(starts, {
    key: 'supplier',
    header: t('ddsop.supplier'),
    cell: (r) => r.name ?? <span className="text-slate-500">{t('ddsop.no_supplier')}</span>,
  });
  const itemColumns = useLoadColumns<ItemLoad>(starts, {
    key: 'item',
    header: t('ddsop.item'),
    cell: (r) => (
      <span>
        <span className="font-mono text-xs">{r.sku}</span> · {r.name}
      </span>
    ),
  });
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <LoadingState />;
  const d = q.data;
  const chart = d.totals.map((w) => ({
    week: w.week.slice(5),
    value: w.target_value,
    units: w.target_units,
  }));
  return (
    <div className="flex flex-col gap-4" data-testid="ddsop-tab">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <p className="max-w-3xl text-sm text-slate-500">{t('ddsop.subtitle')}</p>
        <label className="flex items-center gap-2 text-sm">
          {t('ddsop.weeks')}
          <select
            className={inputClass}
            value={weeks}
            data-testid="ddsop-weeks"
            onChange={(e) => setWeeks(Number(e.target.value))}
          >
            {WEEKS.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
      </div>
      {(d.totals[0]?.buffers ?? 0) === 0 ? (
        <EmptyState title={t('ddsop.none')} body={t('ddsop.none_body')} />
      ) : (
        <>
          <Card title={t('ddsop.chart')}>
            <Chart
              data={chart}
              x="week"
              series={[{ key: 'value', label: t('ddsop.target_value'), color: '#0f766e', kind: 'area' }]}
            />
            <p className="text-xs text-slate-500">
              {t('ddsop.target_units')}: {d.totals.map((w) => f.qty(w.target_units)).join(' · ')}
            </p>
            <p className="text-xs text-slate-500">{t('ddsop.space_note')}</p>
          </Card>
          <Card title={t('ddsop.suppliers')}>
            <DataTable
              columns={supplierColumns}
              rows={d.suppliers}
              rowKey={(r) => r.supplier_id ?? 'none'}
              rowProps={() => ({ 'data-testid': 'ddsop-supplier-row' })}
            />
          </Card>
          {d.manufactured.length > 0 && (
            <Card title={t('ddsop.manufactured')}>
              <DataTable
                columns={itemColumns}
                rows={d.manufactured}
                rowKey={(r) => r.product_id}
                rowProps={() => ({ 'data-testid': 'ddsop-item-row' })}
              />
            </Card>
          )}
        </>
      )}
    </div>
  );
};
