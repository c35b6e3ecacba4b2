import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Popover } from 'react-aria-components';
import { linkButton } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { NotificationEntry } from './notification-entry.tsx';
import { useLatestNotifications, useMarkAllRead, useMarkRead } from './notifications-api.ts';

/** The badge's text: beyond nine the exact number stops helping. */
export const badgeText = (unread: number) => (unread > 9 ? '9+' : String(unread));

const BellIcon = () => (
  <svg aria-hidden viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8">
    <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);

/**
 * The header's bell: the unread count, and a panel with the latest notifications. Escape or a
 * click outside closes the panel and focus goes back to the bell.
 */
export const NotificationBell = () => {
  const t = useT();
  const [open, setOpen] = useState(false);
  const latest = useLatestNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const unread = latest.data?.unread ?? 0;
  const rows = latest.data?.data;
  return (
    <DialogTrigger
      isOpen={open}
      onOpenChange={(o) => {
        setOpen(o);
        // What arrived since the last poll shows as the panel opens.
        if (o) void latest.refetch();
      }}
    >
      <Button
        aria-label={unread > 0 ? t('notifications.bell_unread', { n: unread }) : t('notifications.title')}
        data-testid="notification-bell"
        data-unread={unread}
        className="relative flex size-9 items-center justify-center rounded-full text-slate-600 outline-none hover:bg-slate-100 data-[focus-visible]:ring-2 data-[focus-visible]:ring-brand-500"
      >
        <BellIcon />
        {unread > 0 && (
          <span
            aria-hidden
            data-testid="notification-badge"
            className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] font-semibold leading-none text-white"
          >
            {badgeText(unread)}
          </span>
        )}
      </Button>
      <Popover
        placement="bottom end"
        className="w-96 max-w-[calc(100vw-2rem)] rounded-xl border border-slate-200 bg-white shadow-lg"
      >
        <Dialog data-testid="notification-panel" className="flex max-h-[70vh] flex-col outline-none">
          <div className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
            <Heading slot="title" className="font-semibold">
              {t('notifications.title')}
            </Heading>
            {unread > 0 && (
              <button
                type="button"
                className={linkButton}
                disabled={markAll.busy}
                data-testid="notification-read-all"
                onClick={() => void markAll.run()}
              >
                {t('notifications.mark_all')}
              </button>
            )}
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto p-2">
            {latest.error ? (
              <ErrorState error={latest.error} onRetry={() => void latest.refetch()} />
            ) : !rows ? (
              <LoadingState />
            ) : rows.length === 0 ? (
              <p className="px-3 py-8 text-center text-sm text-slate-500" data-testid="notification-empty">
                {t('notifications.none')}
              </p>
            ) : (
              <ul className="flex flex-col divide-y divide-slate-100">
                {rows.map((n) => (
                  <li key={n.id}>
                    <NotificationEntry n={n} onOpen={(x) => void markRead.run(x.id)} />
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="border-t border-slate-100 px-4 py-3 text-center">
            <Link
              to="/notifications"
              className={linkButton}
              data-testid="notification-all"
              onClick={() => setOpen(false)}
            >
              {t('notifications.all')}
            </Link>
          </div>
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
};
