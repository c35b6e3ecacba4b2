import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Json } from '../../api/queries.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SearchFilter } from '../../components/list-filters.tsx';
import { useListQuery, useListSearch } from '../../components/list-page.tsx';
import { Toolbar } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { LOG_LIMIT, OutcomeBadge, useMs } from './log-parts.tsx';

type Row = Json<'/api/v1/ai/tool-invocations', 'get'>['data'][number];

/** Every tool the assistant called on someone's behalf, how it ended and how long it took. */
export const ToolLog = () => {
  const t = useT();
  const f = useFormat();
  const ms = useMs();
  const list = useListSearch({ tool: '' });
  const q = useListQuery<Row, { tool: string }>(list, {
    key: (p) => keys.aiLogs.page('tools', p),
    limit: LOG_LIMIT,
    fetch: ({ page, limit, tool }) =>
      unwrap(api.GET('/api/v1/ai/tool-invocations', { params: { query: { page, limit, tool } } })),
  });
  return (
    <div className="flex flex-col gap-4">
      <Toolbar>
        <SearchFilter
          list={list}
          filter="tool"
          label={t('assistant_admin.tool')}
          placeholder={t('assistant_admin.tool_placeholder')}
          testId="tool-filter"
        />
      </Toolbar>
      <DataTable
        {...q.table}
        rowKey={(r) => r.id}
        rowProps={() => ({ 'data-testid': 'tool-row', className: 'align-top hover:bg-slate-50' })}
        empty={<EmptyState title={t('assistant_admin.tools_none')} />}
        columns={[
          {
            key: 'when',
            header: t('common.when'),
            cell: (r) => <span className="whitespace-nowrap">{f.date(r.created_at)}</span>,
          },
          {
            key: 'tool',
            header: t('assistant_admin.tool'),
            cell: (r) => <span className="font-mono text-xs">{r.tool}</span>,
          },
          {
            key: 'outcome',
            header: t('assistant_admin.outcome'),
            cell: (r) => <OutcomeBadge outcome={r.outcome} />,
          },
          {
            key: 'summary',
            header: t('assistant_admin.summary'),
            cell: (r) => <span className="whitespace-pre-line text-slate-700">{r.summary}</span>,
          },
          {
            key: 'duration',
            header: t('assistant_admin.duration'),
            align: 'right',
            cell: (r) => <span className="whitespace-nowrap">{ms(r.duration_ms)}</span>,
          },
        ]}
      />
    </div>
  );
};
