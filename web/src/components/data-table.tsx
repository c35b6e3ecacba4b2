import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { RowActions } from './page.tsx';
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
  /** Without paging props the table shows every row it is given and only their count. */
  page?: number;
  limit?: number;
  total?: number;
  onPageChange?: (page: number) => void;
  rowProps?: (row: Row) => { className?: string; 'data-testid'?: string };
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty?: ReactNode;
  /** Edit and delete links at the end of each row; false (or absent) for those who may not. */
  actions?: { onEdit: (row: NoInfer<Row>) => void; onDelete: (row: NoInfer<Row>) => void } | false;
};

/** A paginated table that also owns its loading, empty and error states. */
export const DataTable = <Row,>(p: DataTableProps<Row>) => {
  const t = useT();
  if (p.error) return <ErrorState error={p.error} onRetry={p.onRetry} />;
  if (p.loading || !p.rows) return <LoadingState />;
  if (p.rows.length === 0) return <>{p.empty ?? <EmptyState />}</>;
  const page = p.page ?? 1;
  const total = p.total ?? p.rows.length;
  const pages = Math.max(1, Math.ceil(total / (p.limit ?? Math.max(1, total))));
  const onPageChange = p.onPageChange;
  const actions = p.actions;
  const columns: Column<Row>[] = actions
    ? [
        ...p.columns,
        {
          key: 'actions',
          header: '',
          align: 'right',
          cell: (row) => (
            <RowActions onEdit={() => actions.onEdit(row)} onDelete={() => actions.onDelete(row)} />
          ),
        },
      ]
    : p.columns;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((c) => (
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
          {p.rows.map((row) => {
            const { className, ...rest } = p.rowProps?.(row) ?? {};
            return (
              <tr key={p.rowKey(row)} className={className ?? 'hover:bg-slate-50'} {...rest}>
                {columns.map((c) => (
                  <td
                    key={c.key}
                    className={`px-4 py-3 ${c.align === 'right' ? 'text-right tabular-nums' : ''}`}
                  >
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="flex items-center justify-between border-t border-slate-100 px-4 py-3 text-sm text-slate-600">
        <span>{t('table.total', { total })}</span>
        {onPageChange && (
          <div className="flex items-center gap-3">
            <button
              type="button"
              disabled={page <= 1}
              onClick={() => onPageChange(page - 1)}
              className="rounded-md border border-slate-200 px-3 py-1 disabled:opacity-40"
            >
              {t('table.previous')}
            </button>
            <span>{t('table.page', { page, pages })}</span>
            <button
              type="button"
              disabled={page >= pages}
              onClick={() => onPageChange(page + 1)}
              className="rounded-md border border-slate-200 px-3 py-1 disabled:opacity-40"
            >
              {t('table.next')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
};
