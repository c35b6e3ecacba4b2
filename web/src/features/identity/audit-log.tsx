import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { DataTable } from '../../components/data-table.tsx';
import { useListQuery, useListSearch, useSearchBox } from '../../components/list-page.tsx';
import { useT } from '../../i18n/i18n.tsx';

export const AuditLogPage = () => {
  const t = useT();
  const list = useListSearch({ action: '' });
  const actionBox = useSearchBox(list.filters.action, (v) => list.setFilter('action', v));
  const limit = 25;
  const log = useListQuery(list, {
    key: keys.audit.list,
    limit,
    fetch: (query) => unwrap(api.GET('/api/v1/audit-log', { params: { query } })),
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
        {...log.table}
        rowKey={(e) => e.id}
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
