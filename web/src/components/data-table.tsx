import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { EmptyState, ErrorState, LoadingState } from './states.tsx';

export type Column<Row> = {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  align?: 'left' | 'right';
};

export type DataTableProps<Row> = {
  columns: Column<Row>[];
  rows: Row[] | undefined;
  rowKey: (row: Row) => string;
  page: number;
  limit: number;
  total: number;
  onPageChange: (page: number) => void;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty?: ReactNode;
};

/** A paginated table that also owns its loading, empty and error states. */
export const DataTable = <Row,>(p: DataTableProps<Row>) => {
  const t = useT();
  if (p.error) return <ErrorState error={p.error} onRetry={p.onRetry} />;
  if (p.loading || !p.rows) return <LoadingState />;
  if (p.rows.length === 0) return <>{p.empty ?? <EmptyState />}</>;
  const pages = Math.max(1, Math.ceil(p.total / p.limit));
  return (
    <div className="overflow-hidden rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {p.columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={`px-4 py-3 font-medium ${c.align === 'right' ? 'text-right' : ''}`}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {p.rows.map((row) => (
            <tr key={p.rowKey(row)} className="hover:bg-slate-50">
              {p.columns.map((c) => (
                <td
                  key={c.key}
                  className={`px-4 py-3 ${c.align === 'right' ? 'text-right tabular-nums' : ''}`}
                >
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex items-center justify-between border-t border-slate-100 px-4 py-3 text-sm text-slate-600">
        <span>{t('table.total', { total: p.total })}</span>
        <div className="flex items-center gap-3">
          <button
            type="button"
            disabled={p.page <= 1}
            onClick={() => p.onPageChange(p.page - 1)}
            className="rounded-md border border-slate-200 px-3 py-1 disabled:opacity-40"
          >
            {t('table.previous')}
          </button>
          <span>{t('table.page', { page: p.page, pages })}</span>
          <button
            type="button"
            disabled={p.page >= pages}
            onClick={() => p.onPageChange(p.page + 1)}
            className="rounded-md border border-slate-200 px-3 py-1 disabled:opacity-40"
          >
            {t('table.next')}
          </button>
        </div>
      </div>
    </div>
  );
};
