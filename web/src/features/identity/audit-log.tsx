import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { DataTable } from '../../components/data-table.tsx';
import { useListSearch, useSearchBox } from '../../components/list-page.tsx';
import { useT } from '../../i18n/i18n.tsx';

export const AuditLogPage = () => {
  const t = useT();
  const list = useListSearch({ action: '' });
  const actionBox = useSearchBox(list.filters.action, (v) => list.setFilter('action', v));
  const limit = 25;
  const log = useQuery({
    queryKey: keys.audit.list({ page: list.page, ...list.query }),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(api.GET('/api/v1/audit-log', { params: { query: { page: list.page, limit, ...list.query } } })),
  });
  return (
    <div className="flex flex-col gap-4" data-testid="audit-log">
      <input
        aria-label={t('audit.filter_action')}
        placeholder={t('audit.filter_action')}
        {...actionBox}
        className="w-80 rounded-lg border border-slate-300 px-3 py-2 text-sm"
      />
      <DataTable
        rows={log.data?.data}
        rowKey={(e) => e.id}
        page={list.page}
        limit={limit}
        total={log.data?.pagination.total ?? 0}
        onPageChange={list.setPage}
        loading={log.isLoading}
        error={log.error}
        columns={[
          { key: 'when', header: t('audit.when'), cell: (e) => new Date(e.created_at).toLocaleString() },
          {
            key: 'action',
            header: t('audit.action'),
            cell: (e) => <code className="text-xs">{e.action}</code>,
          },
          { key: 'who', header: t('audit.who'), cell: (e) => e.user_id?.slice(0, 8) ?? '—' },
          { key: 'ip', header: t('audit.ip'), cell: (e) => e.ip ?? '—' },
        ]}
      />
    </div>
  );
};
