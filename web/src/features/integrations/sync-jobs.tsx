import { DataTable } from '../../components/data-table.tsx';
import type { Json } from '../../api/queries.ts';
import { EmptyState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { SyncStatusBadge } from './integrations-parts.tsx';

export type SyncState = Json<'/api/v1/sync/status', 'get'>;
export type SyncJob = SyncState['jobs'][number];

/** A connection's last sync jobs with what each read and wrote. */
export const SyncJobs = ({ jobs, loading }: { jobs: SyncJob[] | undefined; loading: boolean }) => {
  const t = useT();
  const f = useFormat();
  return (
    <DataTable<SyncJob>
      rows={jobs}
      loading={loading}
      rowKey={(j) => j.id}
      rowProps={(j) => ({ 'data-testid': `sync-job-${j.status}` })}
      empty={<EmptyState title={t('sync.none')} />}
      columns={[
        { key: 'status', header: t('common.status'), cell: (j) => <SyncStatusBadge status={j.status} /> },
        {
          key: 'types',
          header: t('sync.types'),
          cell: (j) => (
            <span>
              {j.types.map((x) => t(`sync.type.${x}`)).join(', ')}
              <span className="block text-xs text-slate-500">
                {j.incremental ? t('sync.incremental') : t('sync.full')} · {t(`sync.trigger.${j.trigger}`)}
              </span>
            </span>
          ),
        },
        {
          key: 'processed',
          header: t('sync.processed'),
          align: 'right',
          cell: (j) => (
            <span data-testid="sync-processed" data-value={j.processed}>
              {f.qty(j.processed)}
            </span>
          ),
        },
        { key: 'created', header: t('sync.created'), align: 'right', cell: (j) => f.qty(j.created) },
        { key: 'updated', header: t('sync.updated'), align: 'right', cell: (j) => f.qty(j.updated) },
        { key: 'failed', header: t('sync.failed'), align: 'right', cell: (j) => f.qty(j.failed) },
        {
          key: 'error',
          header: t('sync.error'),
          cell: (j) => (j.error ? <span className="text-xs text-red-700">{j.error}</span> : null),
        },
        {
          key: 'started',
          header: t('sync.started'),
          cell: (j) => <span className="whitespace-nowrap">{f.date(j.started_at)}</span>,
        },
        {
          key: 'completed',
          header: t('sync.completed_at'),
          cell: (j) => <span className="whitespace-nowrap">{f.date(j.completed_at)}</span>,
        },
      ]}
    />
  );
};
