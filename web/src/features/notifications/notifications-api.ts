import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import type { Json } from '../../api/queries.ts';
import { can } from '../../api/session.ts';

export type Notification = Json<'/api/v1/notifications', 'get'>['data'][number];
/** One buffer a report names: where it is, its zone and what the assistant makes of it. */
export type ReportItem = { sku: string; location: string; zone: string; reason: string };

/** How many notifications the bell lists; the page has the rest. */
export const LATEST = 8;
/** The bell asks once a minute; a tab in the background waits until it is looked at again. */
const POLL_MS = 60_000;

/** The bell's list and unread count: one request serves both. */
export const useLatestNotifications = () =>
  useQuery({
    queryKey: keys.notifications.latest,
    queryFn: () => unwrap(api.GET('/api/v1/notifications', { params: { query: { limit: LATEST } } })),
    enabled: can('profile:read'),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });

export const useMarkRead = () =>
  useApiMutation<string>({
    request: (id) => unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    invalidates: [keys.notifications.all],
    toastError: true,
  });

export const useMarkAllRead = () =>
  useApiMutation<void, { marked: number }>({
    request: () => unwrap(api.POST('/api/v1/notifications/read-all')),
    invalidates: [keys.notifications.all],
    toastError: true,
  });

const isItem = (x: unknown): x is ReportItem =>
  typeof x === 'object' &&
  x !== null &&
  ['sku', 'location', 'zone', 'reason'].every((k) => typeof (x as Record<string, unknown>)[k] === 'string');

/** What an assistant report adds to its text: the buffers it names and how many are urgent. */
export const reportOf = (n: Notification): { items: ReportItem[]; urgent: number } => {
  const items = Array.isArray(n.data.items) ? n.data.items.filter(isItem) : [];
  const urgent = typeof n.data.urgent === 'number' ? n.data.urgent : 0;
  return { items, urgent };
};
