import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { dangerLinkButton, linkButton, primaryButton, secondaryButton } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { Connection } from './connection-dialog.tsx';
import { SyncJobs } from './sync-jobs.tsx';

const KINDS = ['products', 'customers', 'stock', 'sales'] as const;
type SyncKind = 'full' | (typeof KINDS)[number];

const startSync = (connection_id: string, kind: SyncKind) => {
  if (kind === 'full') return unwrap(api.POST('/api/v1/sync/full', { body: { connection_id } }));
  if (kind === 'products')
    return unwrap(api.POST('/api/v1/sync/products', { body: { connection_id, incremental: true } }));
  return unwrap(
    api.POST('/api/v1/sync/{type}', {
      params: { path: { type: kind } },
      body: { connection_id, incremental: true },
    }),
  );
};

/** The outcome of the last test: the one just run here, else the one the server remembers. */
const TestResult = ({ c, fresh }: { c: Connection; fresh?: { ok: boolean; message: string } }) => {
  const t = useT();
  const f = useFormat();
  const last =
    fresh ?? (c.last_test ? { ok: c.last_test.ok, message: c.last_test.message ?? '' } : undefined);
  if (!last) return <p className="text-sm text-slate-500">{t('connections.never_tested')}</p>;
  return (
    <div
      role="status"
      data-testid="connection-test-result"
      data-ok={last.ok}
      className={`rounded-lg px-3 py-2 text-sm ${last.ok ? 'bg-emerald-50 text-emerald-900' : 'bg-red-50 text-red-800'}`}
    >
      <p className="font-medium">
        {last.ok ? t('connections.test_ok') : t('connections.test_failed')}
        {!fresh && c.last_test && (
          <span className="font-normal text-slate-500">
            {' '}
            · {t('connections.last_test', { when: f.date(c.last_test.at) })}
          </span>
        )}
      </p>
      {last.message && <p className="mt-0.5">{last.message}</p>}
    </div>
  );
};

/** One connection: where it points, its schedule, test and sync actions, and its last jobs. */
export const ConnectionCard = ({
  connection: c,
  onEdit,
  onDelete,
}: {
  connection: Connection;
  onEdit: (c: Connection) => void;
  onDelete: (c: Connection) => void;
}) => {
  const t = useT();
  const f = useFormat();
  const [fresh, setFresh] = useState<{ ok: boolean; message: string }>();
  const status = useQuery({
    queryKey: keys.syncStatus.of(c.id),
    queryFn: () => unwrap(api.GET('/api/v1/sync/status', { params: { query: { connection_id: c.id } } })),
    // While a job waits or runs its counts move; once all have settled there is nothing to poll.
    refetchInterval: (q) =>
      q.state.data?.jobs.some((j) => j.status === 'pending' || j.status === 'running') ? 1000 : false,
  });
  const test = useApiMutation({
    request: () =>
      unwrap(api.POST('/api/v1/integrations/connections/{id}/test', { params: { path: { id: c.id } } })),
    invalidates: [keys.connections.all],
    onSuccess: (r) => setFresh({ ok: r.ok, message: r.message }),
  });
  const sync = useApiMutation({
    request: (kind: SyncKind) => startSync(c.id, kind),
    invalidates: [keys.syncStatus.of(c.id)],
    success: (r) => (r.queued ? t('connections.sync_started') : t('connections.sync_already')),
    toastError: true,
  });
  const state = status.data?.connections.find((x) => x.id === c.id);
  const running = status.data?.jobs.some((j) => j.status === 'pending' || j.status === 'running') ?? false;
  const schedule = !c.schedule
    ? t('connections.on_demand')
    : !c.enabled
      ? t('connections.disabled')
      : state?.next_run
        ? t('connections.next_run', { when: f.date(state.next_run) })
        : c.schedule;
  return (
    <section
      className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-4"
      aria-labelledby={`connection-${c.id}`}
      data-testid={`connection-${c.name}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id={`connection-${c.id}`} className="text-lg font-semibold">
            {c.name}
          </h2>
          <p className="font-mono text-xs text-slate-500">
            {c.kind === 'rest'
              ? String((c.rest as { base_url?: string } | null)?.base_url ?? '')
              : `${c.user}@${c.host}:${c.port} ${c.database}`}
          </p>
          <p className="text-sm text-slate-600">
            {schedule}
            {c.timezone ? ` · ${c.timezone}` : ''}
          </p>
          {state && (
            <p className="text-xs text-slate-500">
              {KINDS.map((k) =>
                t('connections.last_sync', { type: t(`sync.type.${k}`), when: f.date(state.last_sync[k]) }),
              ).join(' · ')}
            </p>
          )}
        </div>
        {can('integration:write') && (
          <span className="flex gap-3">
            <button type="button" className={linkButton} onClick={() => onEdit(c)}>
              {t('common.edit')}
            </button>
            <button type="button" className={dangerLinkButton} onClick={() => onDelete(c)}>
              {t('common.delete')}
            </button>
          </span>
        )}
      </div>
      <TestResult c={c} fresh={fresh} />
      <ProblemAlert error={test.error} />
      <div className="flex flex-wrap gap-2">
        {can('integration:write') && (
          <button
            type="button"
            className={secondaryButton}
            disabled={test.busy}
            data-testid="connection-test"
            onClick={() => {
              setFresh(undefined);
              void test.run();
            }}
          >
            {test.busy ? t('connections.testing') : t('connections.test')}
          </button>
        )}
        {can('sync:trigger') && (
          <>
            <button
              type="button"
              className={primaryButton}
              disabled={sync.busy || running}
              data-testid="sync-now"
              onClick={() => void sync.run('full')}
            >
              {t('connections.sync_now')}
            </button>
            <MenuTrigger>
              <Button className={secondaryButton} isDisabled={sync.busy || running} data-testid="sync-kind">
                {t('connections.sync_kind')} <span aria-hidden="true">▾</span>
              </Button>
              <Popover
                placement="bottom start"
                className="rounded-xl border border-slate-200 bg-white p-1 shadow-lg"
              >
                <Menu
                  aria-label={t('connections.sync_kind')}
                  className="min-w-44 outline-none"
                  onAction={(key) => void sync.run(key as SyncKind)}
                >
                  {KINDS.map((k) => (
                    <MenuItem
                      key={k}
                      id={k}
                      data-testid={`sync-kind-${k}`}
                      className="cursor-pointer rounded-lg px-3 py-2 text-sm outline-none data-[focused]:bg-slate-100"
                    >
                      {t(`sync.type.${k}`)}
                    </MenuItem>
                  ))}
                </Menu>
              </Popover>
            </MenuTrigger>
          </>
        )}
      </div>
      <div className="flex flex-col gap-2">
        <h3 className="font-medium">{t('sync.jobs')}</h3>
        <SyncJobs jobs={status.data?.jobs} loading={status.isLoading} />
      </div>
    </section>
  );
};
