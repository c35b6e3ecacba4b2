import { useId, useState } from 'react';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { PriorityBadge } from '../planning/buffer-parts.tsx';
import { type Notification, type ReportItem, reportOf } from './notifications-api.ts';
import { useRelativeTime } from './relative-time.ts';

const ZONES = ['red', 'yellow', 'green'] as const;
const isZone = (z: string): z is (typeof ZONES)[number] => (ZONES as readonly string[]).includes(z);

/** The buffers a report names, at a glance: its text says why each one is there. */
const Items = ({ items }: { items: ReportItem[] }) => {
  const t = useT();
  return (
    <ul
      aria-label={t('notifications.items')}
      className="flex flex-wrap gap-2"
      data-testid="notification-items"
    >
      {items.map((i) => (
        <li
          key={`${i.sku}@${i.location}`}
          className="flex items-center gap-1.5 rounded-lg border border-slate-200 px-2 py-1 text-xs"
          data-testid="notification-item"
        >
          {isZone(i.zone) && <PriorityBadge priority={i.zone} />}
          <span className="font-mono">{i.sku}</span>
          <span className="text-slate-500">{i.location}</span>
        </li>
      ))}
    </ul>
  );
};

/**
 * One notification: title, how long ago and whether it is unread; a click opens its text (line
 * breaks kept) and the buffers it names, and tells `onOpen` so it can be marked read.
 */
export const NotificationEntry = ({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) => {
  const t = useT();
  const f = useFormat();
  const ago = useRelativeTime();
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const unread = n.read_at === null;
  const { items, urgent } = reportOf(n);
  return (
    <div data-testid="notification" data-id={n.id} data-kind={n.kind} data-unread={unread}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={open ? bodyId : undefined}
        data-testid="notification-toggle"
        onClick={() => {
          setOpen((o) => !o);
          if (unread) onOpen(n);
        }}
        className="flex w-full items-start gap-3 rounded-lg px-2 py-2 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        <span
          aria-hidden
          className={`mt-1.5 size-2 shrink-0 rounded-full ${unread ? 'bg-brand-600' : 'bg-transparent'}`}
        />
        <span className="min-w-0 flex-1">
          <span className={`block text-sm ${unread ? 'font-semibold' : 'font-medium text-slate-700'}`}>
            {n.title}
            {unread && <span className="sr-only"> ({t('notifications.unread_mark')})</span>}
          </span>
          <span className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
            <time dateTime={n.created_at} title={f.date(n.created_at)}>
              {ago(n.created_at)}
            </time>
            {urgent > 0 && (
              <span className="font-medium text-red-700" data-testid="notification-urgent">
                {t('notifications.urgent', { n: urgent })}
              </span>
            )}
          </span>
        </span>
        <span aria-hidden className="text-slate-400">
          {open ? '▴' : '▾'}
        </span>
      </button>
      {open && (
        <div id={bodyId} className="flex flex-col gap-3 px-7 pb-3" data-testid="notification-body">
          {items.length > 0 && <Items items={items} />}
          <p className="whitespace-pre-line text-sm text-slate-700">{n.body}</p>
        </div>
      )}
    </div>
  );
};
