import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { can } from '../../api/session.ts';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ImportStatusBadge, SyncStatusBadge, useKindName } from '../integrations/integrations-parts.tsx';
import { CockpitCard, cardLink, QueryBody, Quiet } from './cockpit-parts.tsx';

const FIRST = 5;

const Row = ({ children, testId }: { children: React.ReactNode; testId: string }) => (
  <li data-testid={testId} className="flex items-center justify-between gap-3 py-1.5 text-sm">
    {children}
  </li>
);

const Imports = () => {
  const t = useT();
  const f = useFormat();
  const kindName = useKindName();
  const imports = useQuery({
    queryKey: keys.imports.list({ limit: FIRST }),
    queryFn: () => unwrap(api.GET('/api/v1/imports', { params: { query: { limit: FIRST } } })),
  });
  return (
    <div className="flex flex-col gap-1">
      <h3 className="text-sm font-medium text-slate-600">{t('home.activity.imports')}</h3>
      <QueryBody query={imports}>
        {(r) =>
          r.data.length === 0 ? (
            <Quiet testId="home-imports-empty">{t('imports.none')}</Quiet>
          ) : (
            <ul className="divide-y divide-slate-100">
              {r.data.map((x) => (
                <Row key={x.id} testId="home-import">
                  <span className="min-w-0 truncate">
                    <Link to="/integrations/imports/$id" params={{ id: x.id }} className={cardLink}>
                      {x.filename}
                    </Link>
                    <span className="text-slate-500">
                      {' '}
                      · {kindName(x.kind)} · {f.date(x.created_at)}
                    </span>
                  </span>
                  <ImportStatusBadge status={x.status} />
                </Row>
              ))}
            </ul>
          )
        }
      </QueryBody>
    </div>
  );
};

const Syncs = () => {
  const t = useT();
  const f = useFormat();
  const status = useQuery({
    queryKey: keys.syncStatus.all,
    queryFn: () => unwrap(api.GET('/api/v1/sync/status')),
  });
  return (
    <div className="flex flex-col gap-1">
      <h3 className="text-sm font-medium text-slate-600">{t('home.activity.syncs')}</h3>
      <QueryBody query={status}>
        {(r) =>
          r.jobs.length === 0 ? (
            <Quiet testId="home-syncs-empty">{t('sync.none')}</Quiet>
          ) : (
            <ul className="divide-y divide-slate-100">
              {r.jobs.slice(0, FIRST).map((j) => (
                <Row key={j.id} testId="home-sync">
                  <span className="min-w-0 truncate">
                    {r.connections.find((c) => c.id === j.connection_id)?.name ?? '—'}
                    <span className="text-slate-500">
                      {' '}
                      · {j.types.map((x) => t(`sync.type.${x}`)).join(', ')} ·{' '}
                      {f.date(j.completed_at ?? j.started_at ?? j.created_at)}
                    </span>
                  </span>
                  <SyncStatusBadge status={j.status} />
                </Row>
              ))}
            </ul>
          )
        }
      </QueryBody>
    </div>
  );
};

/** The last spreadsheet imports and ERP syncs with how each ended; each half for those who may read it. */
export const ActivityCard = () => {
  const t = useT();
  const imports = can('import:read');
  const syncs = can('integration:read');
  if (!imports && !syncs) return null;
  return (
    <CockpitCard
      id="home-activity"
      title={t('home.activity.title')}
      link={
        <Link to="/integrations" className={cardLink}>
          {t('home.activity.open')}
        </Link>
      }
    >
      {imports && <Imports />}
      {syncs && <Syncs />}
    </CockpitCard>
  );
};
