import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Json } from '../../api/queries.ts';
import { DataTable } from '../../components/data-table.tsx';
import { useListQuery, useListSearch } from '../../components/list-page.tsx';
import { Badge, StatusFilter, Toolbar } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { LOG_LIMIT, QUERY_STATUSES, type QueryStatus, SqlText, useMs, useWord } from './log-parts.tsx';

type Row = Json<'/api/v1/ai/queries', 'get'>['data'][number];

const STATUS_TONE = { ok: 'green', refused: 'amber', failed: 'red' } as const;

/** Every natural-language query: the question, the SQL it became, and whether the guards let it run. */
export const QueryLog = () => {
  const t = useT();
  const f = useFormat();
  const ms = useMs();
  const word = useWord();
  const list = useListSearch({ status: '' });
  const q = useListQuery<Row, { status: string }>(list, {
    key: (p) => keys.aiLogs.page('queries', p),
    limit: LOG_LIMIT,
    fetch: ({ page, limit, status }) =>
      unwrap(
        api.GET('/api/v1/ai/queries', {
          params: { query: { page, limit, status: QUERY_STATUSES.find((s) => s === status) } },
        }),
      ),
  });
  return (
    <div className="flex flex-col gap-4">
      <Toolbar>
        <StatusFilter
          value={(QUERY_STATUSES.find((s) => s === list.filters.status) ?? '') as QueryStatus | ''}
          statuses={QUERY_STATUSES}
          label={(s) => t(`assistant_admin.status.${s}`)}
          onChange={(s) => list.setFilter('status', s)}
          testId="query-status-filter"
        />
      </Toolbar>
      <DataTable
        {...q.table}
        rowKey={(r) => r.id}
        rowProps={() => ({ 'data-testid': 'query-row', className: 'align-top hover:bg-slate-50' })}
        empty={<EmptyState title={t('assistant_admin.queries_none')} />}
        columns={[
          {
            key: 'when',
            header: t('common.when'),
            cell: (r) => <span className="whitespace-nowrap">{f.date(r.created_at)}</span>,
          },
          {
            key: 'question',
            header: t('assistant_admin.question'),
            cell: (r) => (
              <span className="flex flex-col gap-0.5">
                <span>{r.natural}</span>
                <span className="text-xs text-slate-500">{word('source', r.source)}</span>
              </span>
            ),
          },
          {
            key: 'status',
            header: t('common.status'),
            cell: (r) => {
              const s = QUERY_STATUSES.find((x) => x === r.status);
              return (
                <span
                  className="flex flex-col items-start gap-1"
                  data-testid="query-status"
                  data-value={r.status}
                >
                  <Badge tone={s ? STATUS_TONE[s] : 'grey'}>
                    {s ? t(`assistant_admin.status.${s}`) : r.status}
                  </Badge>
                  {r.rule && <span className="font-mono text-xs text-slate-500">{r.rule}</span>}
                </span>
              );
            },
          },
          { key: 'sql', header: t('assistant_admin.sql'), cell: (r) => <SqlText sql={r.sql} /> },
          {
            key: 'rows',
            header: t('assistant_admin.rows'),
            align: 'right',
            cell: (r) => f.qty(r.row_count),
          },
          {
            key: 'ms',
            header: t('assistant_admin.duration'),
            align: 'right',
            cell: (r) => <span className="whitespace-nowrap">{ms(r.execution_ms)}</span>,
          },
        ]}
      />
    </div>
  );
};
