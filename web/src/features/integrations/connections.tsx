import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useEvents } from '../../api/events.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { DeleteDialog } from '../../components/dialog.tsx';
import { ListPage } from '../../components/list-page.tsx';
import { secondaryButton } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { ConnectionCard } from './connection-card.tsx';
import { type Connection, ConnectionDialog } from './connection-dialog.tsx';
import { BackToIntegrations } from './integrations-parts.tsx';
import { RestConnectionDialog } from './rest-connection-dialog.tsx';

/** `/integrations/connections`: the tenant's ERP connections, each with its actions and sync history. */
export const ConnectionsPage = () => {
  const t = useT();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Connection | 'new' | 'new-rest'>();
  const [deleting, setDeleting] = useState<Connection>();
  const connections = useQuery({
    queryKey: keys.connections.all,
    queryFn: () => unwrap(api.GET('/api/v1/integrations/connections')),
    select: (r) => r.data,
  });
  const remove = useApiMutation({
    request: (c: Connection) =>
      unwrap(api.DELETE('/api/v1/integrations/connections/{id}', { params: { path: { id: c.id } } })),
    invalidates: [keys.connections.all, keys.syncStatus.all],
    success: t('connections.deleted'),
  });
  // A job's progress and end arrive on the stream; polling (in each card) covers a closed stream.
  const onEvent = useCallback(() => void qc.invalidateQueries({ queryKey: keys.syncStatus.all }), [qc]);
  useEvents(['integrations.sync.'], onEvent, { enabled: can('import:read') });
  const writable = can('integration:write');
  return (
    <ListPage
      testId="connections-page"
      back={<BackToIntegrations />}
      title={t('connections.title')}
      subtitle={t('connections.subtitle')}
      actions={
        writable && (
          <button
            type="button"
            className={secondaryButton}
            onClick={() => setEditing('new-rest')}
            data-testid="connection-new-rest"
          >
            {t('connections.rest.new')}
          </button>
        )
      }
      create={
        writable && {
          label: t('connections.new'),
          onClick: () => setEditing('new'),
          testId: 'connection-new',
        }
      }
    >
      {connections.error ? (
        <ErrorState error={connections.error} onRetry={() => void connections.refetch()} />
      ) : !connections.data ? (
        <LoadingState />
      ) : connections.data.length === 0 ? (
        <EmptyState title={t('connections.none')} body={t('connections.none_body')} />
      ) : (
        connections.data.map((c) => (
          <ConnectionCard key={c.id} connection={c} onEdit={setEditing} onDelete={setDeleting} />
        ))
      )}
      {editing === 'new-rest' || (typeof editing === 'object' && editing.kind === 'rest') ? (
        <RestConnectionDialog
          {...(typeof editing === 'object' ? { connection: editing } : {})}
          onClose={() => setEditing(undefined)}
        />
      ) : (
        editing !== undefined && (
          <ConnectionDialog
            {...(editing === 'new' ? {} : { connection: editing })}
            onClose={() => setEditing(undefined)}
          />
        )
      )}
      <DeleteDialog
        row={deleting}
        title={t('connections.delete_title')}
        body={(c) => t('connections.delete_body', { name: c.name })}
        onClose={() => setDeleting(undefined)}
        remove={remove.send}
      />
    </ListPage>
  );
};
