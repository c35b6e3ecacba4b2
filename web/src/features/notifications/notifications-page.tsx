import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ListPage, ListTabs, useListQuery, useListSearch } from '../../components/list-page.tsx';
import { Card, secondaryButton } from '../../components/page.tsx';
import { EmptyState, ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { NotificationEntry } from './notification-entry.tsx';
import {
  type Notification,
  useLatestNotifications,
  useMarkAllRead,
  useMarkRead,
} from './notifications-api.ts';

const LIMIT = 20;

/** Whether the assistant's reports also arrive by mail; saved as soon as it is ticked. */
const MailPreference = () => {
  const t = useT();
  const prefs = useQuery({
    queryKey: keys.notificationPreferences,
    queryFn: () => unwrap(api.GET('/api/v1/notifications/preferences')),
  });
  const save = useApiMutation<boolean, { email_reports: boolean }>({
    request: (email_reports) =>
      unwrap(api.PUT('/api/v1/notifications/preferences', { body: { email_reports } })),
    invalidates: [keys.notificationPreferences],
    success: (r) => t(r.email_reports ? 'notifications.mail_on' : 'notifications.mail_off'),
  });
  const checked = save.busy && save.variables !== undefined ? save.variables : prefs.data?.email_reports;
  return (
    <Card title={t('notifications.preferences')}>
      <label className="flex items-start gap-3 text-sm">
        <input
          type="checkbox"
          data-testid="notification-mail"
          className="mt-0.5 size-4 accent-brand-600"
          checked={checked ?? false}
          disabled={prefs.data === undefined || save.busy}
          aria-describedby="notification-mail-hint"
          onChange={(e) => void save.run(e.target.checked)}
        />
        <span>
          <span className="block font-medium">{t('notifications.mail')}</span>
          <span id="notification-mail-hint" className="block text-slate-500">
            {t('notifications.mail_hint')}
          </span>
        </span>
      </label>
      <ProblemAlert error={prefs.error ?? save.error} />
    </Card>
  );
};

/** Every notification of the signed-in user, unread or all, with the mail preference. */
export const NotificationsPage = () => {
  const t = useT();
  const f = useFormat();
  const list = useListSearch({ show: '' });
  const q = useListQuery<Notification, { show: string }>(list, {
    key: keys.notifications.list,
    limit: LIMIT,
    fetch: ({ page, limit, show }) =>
      unwrap(
        api.GET('/api/v1/notifications', {
          params: { query: { page, limit, unread: show === 'unread' ? 'true' : undefined } },
        }),
      ),
  });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  // The bell's count, from the query the header already keeps current.
  const unread = useLatestNotifications().data?.unread ?? 0;
  return (
    <ListPage
      title={t('notifications.title')}
      subtitle={t('notifications.subtitle')}
      testId="notifications-page"
      actions={
        <button
          type="button"
          className={secondaryButton}
          disabled={unread === 0 || markAll.busy}
          data-testid="notifications-read-all"
          onClick={() => void markAll.run()}
        >
          {t('notifications.mark_all')}
        </button>
      }
      tabs={
        <ListTabs
          value={list.filters.show === 'unread' ? 'unread' : 'all'}
          onChange={(v) => list.setFilter('show', v === 'unread' ? 'unread' : '')}
          options={[
            { value: 'all', label: t('notifications.filter_all'), testId: 'notifications-tab-all' },
            { value: 'unread', label: t('notifications.filter_unread'), testId: 'notifications-tab-unread' },
          ]}
        />
      }
    >
      <MailPreference />
      <DataTable
        {...q.table}
        rowKey={(n) => n.id}
        rowProps={() => ({ 'data-testid': 'notification-row', className: 'align-top' })}
        empty={
          <EmptyState
            title={t(list.filters.show === 'unread' ? 'notifications.none_unread' : 'notifications.none')}
            body={t('notifications.none_body')}
          />
        }
        columns={[
          {
            key: 'notification',
            header: t('notifications.column'),
            cell: (n) => <NotificationEntry n={n} onOpen={(x) => void markRead.run(x.id)} />,
          },
          {
            key: 'received',
            header: t('notifications.received'),
            align: 'right',
            cell: (n) => <span className="whitespace-nowrap text-slate-500">{f.date(n.created_at)}</span>,
          },
        ]}
      />
    </ListPage>
  );
};
