import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ConfirmDialog, DeleteDialog } from '../../components/dialog.tsx';
import { ListPage } from '../../components/list-page.tsx';
import { dangerLinkButton, linkButton } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { BackToIntegrations } from './integrations-parts.tsx';
import { WebhookDialog } from './webhook-dialog.tsx';
import { EventChips, SigningHelp, WebhookState } from './webhook-parts.tsx';
import { WebhookSecretDialog } from './webhook-secret-dialog.tsx';
import type { Webhook } from './webhooks-api.ts';

/** `/integrations/webhooks`: the addresses Flujo posts events to, and how receivers check them. */
export const WebhooksPage = () => {
  const t = useT();
  const f = useFormat();
  const [editing, setEditing] = useState<Webhook | 'new'>();
  const [deleting, setDeleting] = useState<Webhook>();
  const [rotating, setRotating] = useState<Webhook>();
  const [secret, setSecret] = useState<{ value: string; rotated: boolean }>();
  const webhooks = useQuery({
    queryKey: keys.webhooks.all,
    queryFn: () => unwrap(api.GET('/api/v1/webhooks')),
    select: (r) => r.data,
  });
  const remove = useApiMutation({
    request: (w: Webhook) => unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: w.id } } })),
    invalidates: [keys.webhooks.all],
    success: t('webhooks.deleted'),
  });
  const rotate = useApiMutation({
    request: (w: Webhook) =>
      unwrap(api.POST('/api/v1/webhooks/{id}/rotate-secret', { params: { path: { id: w.id } } })),
    invalidates: [keys.webhooks.all],
    onSuccess: (r) => setSecret({ value: r.secret, rotated: true }),
  });
  const writable = can('integration:write');
  return (
    <ListPage
      testId="webhooks-page"
      back={<BackToIntegrations />}
      title={t('webhooks.title')}
      subtitle={t('webhooks.subtitle')}
      create={
        writable && { label: t('webhooks.new'), onClick: () => setEditing('new'), testId: 'webhook-new' }
      }
    >
      <DataTable<Webhook>
        rows={webhooks.data}
        loading={webhooks.isLoading}
        error={webhooks.error}
        onRetry={() => void webhooks.refetch()}
        rowKey={(w) => w.id}
        rowProps={(w) => ({ 'data-testid': `webhook-row-${w.id}` })}
        empty={<EmptyState title={t('webhooks.none')} body={t('webhooks.none_body')} />}
        columns={[
          {
            key: 'url',
            header: t('webhooks.url'),
            cell: (w) => (
              <span className="flex flex-col gap-0.5">
                <Link
                  to="/integrations/webhooks/$id"
                  params={{ id: w.id }}
                  className="break-all font-mono text-xs text-brand-700 hover:underline"
                >
                  {w.url}
                </Link>
                {w.description && <span className="text-xs text-slate-500">{w.description}</span>}
              </span>
            ),
          },
          { key: 'events', header: t('webhooks.events'), cell: (w) => <EventChips events={w.events} /> },
          { key: 'state', header: t('common.status'), cell: (w) => <WebhookState webhook={w} /> },
          {
            key: 'created',
            header: t('webhooks.created'),
            cell: (w) => <span className="whitespace-nowrap">{f.date(w.created_at)}</span>,
          },
          {
            key: 'actions',
            header: '',
            align: 'right',
            cell: (w) => (
              <span className="flex flex-wrap justify-end gap-3">
                <Link to="/integrations/webhooks/$id" params={{ id: w.id }} className={linkButton}>
                  {t('webhooks.log')}
                </Link>
                {writable && (
                  <>
                    <button type="button" className={linkButton} onClick={() => setEditing(w)}>
                      {t('common.edit')}
                    </button>
                    <button type="button" className={linkButton} onClick={() => setRotating(w)}>
                      {t('webhooks.rotate')}
                    </button>
                    <button type="button" className={dangerLinkButton} onClick={() => setDeleting(w)}>
                      {t('common.delete')}
                    </button>
                  </>
                )}
              </span>
            ),
          },
        ]}
      />
      <SigningHelp />
      {editing !== undefined && (
        <WebhookDialog
          {...(editing === 'new' ? {} : { webhook: editing })}
          onClose={() => setEditing(undefined)}
          onCreated={(r) => setSecret({ value: r.secret, rotated: false })}
        />
      )}
      {secret && (
        <WebhookSecretDialog
          secret={secret.value}
          rotated={secret.rotated}
          onClose={() => setSecret(undefined)}
        />
      )}
      <ConfirmDialog
        open={rotating !== undefined}
        title={t('webhooks.rotate_title')}
        body={rotating ? t('webhooks.rotate_body', { url: rotating.url }) : ''}
        confirmLabel={t('webhooks.rotate')}
        onClose={() => setRotating(undefined)}
        onConfirm={async () => {
          if (rotating) await rotate.send(rotating);
        }}
      />
      <DeleteDialog
        row={deleting}
        title={t('webhooks.delete_title')}
        body={(w) => t('webhooks.delete_body', { url: w.url })}
        onClose={() => setDeleting(undefined)}
        remove={remove.send}
      />
    </ListPage>
  );
};
