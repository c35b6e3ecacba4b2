import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Buffer } from '../../api/queries.ts';
import { DataTable } from '../../components/data-table.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { BufferBar, PriorityBadge, type Zone } from './buffer-parts.tsx';

/** The board's filters as the API takes them; empty ones are left out. */
export type BoardQuery = { zone?: string; location?: string; search?: string };

const LIMIT = 25;

/** The buffers, red first, each with its bar, net flow and what to order. */
export const BufferBoard = ({
  page,
  query,
  onPageChange,
}: {
  page: number;
  query: BoardQuery;
  onPageChange: (page: number) => void;
}) => {
  const t = useT();
  const f = useFormat();
  const buffers = useQuery({
    queryKey: keys.buffers.list({ page, ...query }),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/buffers', {
          params: { query: { page, limit: LIMIT, ...(query as BoardQuery & { zone?: Zone }) } },
        }),
      ),
  });
  return (
    <DataTable<Buffer>
      rows={buffers.data?.data}
      rowKey={(b) => b.id}
      rowProps={(b) => ({
        className: b.planning_priority === 'red' ? 'bg-red-50/50 hover:bg-red-50' : 'hover:bg-slate-50',
        'data-testid': `buffer-row-${b.sku}-${b.location_code}`,
      })}
      page={page}
      limit={LIMIT}
      total={buffers.data?.pagination.total ?? 0}
      onPageChange={onPageChange}
      loading={buffers.isLoading}
      error={buffers.error}
      onRetry={() => void buffers.refetch()}
      empty={<EmptyState title={t('planning.no_buffers')} body={t('planning.no_buffers_body')} />}
      columns={[
        {
          key: 'sku',
          header: t('products.sku'),
          cell: (b) => (
            <Link
              to="/planning/buffers/$id"
              params={{ id: b.id }}
              className="font-mono text-xs text-brand-700 hover:underline"
              data-testid="buffer-link"
            >
              {b.sku}
            </Link>
          ),
        },
        { key: 'name', header: t('products.name'), cell: (b) => b.product_name },
        {
          key: 'location',
          header: t('buffer.location'),
          cell: (b) => (
            <span title={b.location_name} className="font-mono text-xs">
              {b.location_code}
            </span>
          ),
        },
        { key: 'bar', header: t('planning.buffer'), cell: (b) => <BufferBar buffer={b} /> },
        {
          key: 'nfp',
          header: t('planning.nfp'),
          align: 'right',
          cell: (b) => (
            <span data-testid="buffer-nfp" data-value={b.net_flow_position ?? ''} className="font-medium">
              {f.qty(b.net_flow_position)}
            </span>
          ),
        },
        {
          key: 'nfp_pct',
          header: t('planning.nfp_pct'),
          align: 'right',
          cell: (b) => (
            <span data-testid="buffer-nfp-pct" data-value={b.net_flow_percent ?? ''}>
              {b.net_flow_percent === null ? '—' : `${f.qty(b.net_flow_percent)} %`}
            </span>
          ),
        },
        {
          key: 'priority',
          header: t('planning.priority'),
          cell: (b) => <PriorityBadge priority={b.planning_priority} testId="buffer-priority" />,
        },
        {
          key: 'recommended',
          header: t('planning.recommended'),
          align: 'right',
          cell: (b) => (
            <span data-testid="buffer-recommended" data-value={b.recommended_qty ?? ''}>
              {f.qty(b.recommended_qty)}
            </span>
          ),
        },
      ]}
    />
  );
};
