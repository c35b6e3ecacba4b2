import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useCallback } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useEvents } from '../../api/events.ts';
import { keys } from '../../api/keys.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { useListQuery, useListSearch } from '../../components/list-page.tsx';
import { linkButton } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { Import } from './imports-api.ts';
import { ErrorFileLinks, ImportStatusBadge, useKindName } from './integrations-parts.tsx';

/** What came of an import so far: written rows once it ran, checked rows before. */
const Counts = ({ x }: { x: Import }) => {
  const t = useT();
  if (x.status === 'running' || x.status === 'completed' || x.status === 'failed')
    return <>{t('imports.counts_value', { created: x.created, updated: x.updated, failed: x.failed })}</>;
  if (x.valid !== null) return <>{t('imports.checked_value', { valid: x.valid, invalid: x.invalid ?? 0 })}</>;
  return <>—</>;
};

/** The tenant's imports, newest first; each opens its wizard where it stands. */
export const ImportHistory = () => {
  const t = useT();
  const f = useFormat();
  const kindName = useKindName();
  const qc = useQueryClient();
  const list = useListSearch({});
  const limit = 20;
  const imports = useListQuery(list, {
    key: keys.imports.list,
    limit,
    fetch: (query) => unwrap(api.GET('/api/v1/imports', { params: { query } })),
  });
  // A job finishing elsewhere (another tab, the one-shot upload) changes its row here.
  const onEvent = useCallback(
    (e: { type: string }) => {
      if (e.type !== 'integrations.import.progress')
        void qc.invalidateQueries({ queryKey: keys.imports.all });
    },
    [qc],
  );
  useEvents(['integrations.import.'], onEvent, { enabled: can('import:read') });
  return (
    <section className="flex flex-col gap-3" aria-labelledby="import-history">
      <h2 id="import-history" className="text-lg font-semibold">
        {t('imports.history')}
      </h2>
      <DataTable<Import>
        {...imports.table}
        rowKey={(x) => x.id}
        rowProps={(x) => ({ 'data-testid': `import-row-${x.id}` })}
        empty={<EmptyState title={t('imports.none')} body={t('imports.none_body')} />}
        columns={[
          {
            key: 'file',
            header: t('imports.file'),
            cell: (x) => (
              <Link
                to="/integrations/imports/$id"
                params={{ id: x.id }}
                className={linkButton}
                data-testid="import-open"
              >
                {x.filename}
              </Link>
            ),
          },
          { key: 'kind', header: t('imports.kind'), cell: (x) => kindName(x.kind) },
          { key: 'who', header: t('imports.who'), cell: (x) => x.created_by?.name ?? '—' },
          {
            key: 'when',
            header: t('imports.when'),
            cell: (x) => <span className="whitespace-nowrap">{f.date(x.created_at)}</span>,
          },
          { key: 'status', header: t('common.status'), cell: (x) => <ImportStatusBadge status={x.status} /> },
          { key: 'counts', header: t('imports.counts'), cell: (x) => <Counts x={x} /> },
          {
            key: 'errors',
            header: t('imports.error_file'),
            cell: (x) => ((x.invalid ?? 0) > 0 || x.failed > 0 ? <ErrorFileLinks id={x.id} compact /> : null),
          },
        ]}
      />
    </section>
  );
};
