import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { type LiveEvent, type StreamState, useEvents } from './events.ts';
import { keys } from './keys.ts';
import { can } from './session.ts';

/** The query roots that show stock; a (re)connection refreshes them all, for missed events. */
const LIVE_ROOTS = [
  keys.availability.all[0],
  keys.inventory.all[0],
  keys.ledger.all[0],
  keys.reservations.all[0],
  keys.transfers.all[0],
  keys.counts.all[0],
  keys.buffers.all[0],
  keys.buffer.all[0],
  keys.suggestions.all[0],
  keys.alerts.all[0],
] as string[];

/** Whether this user sees any screen the stream keeps current. */
export const canFollowLive = () => can('inventory:read') || can('buffer:read') || can('analytics:read');

/** Which cached queries an inventory or planning event makes stale. */
export const staleKeys = (e: LiveEvent): QueryKey[] => {
  const productId = typeof e.payload.product_id === 'string' ? e.payload.product_id : undefined;
  if (e.type === 'inventory.stock.updated' || e.type === 'inventory.stock.low') {
    return [
      productId ? keys.availability.of(productId) : keys.availability.all,
      keys.inventory.all,
      productId ? keys.ledger.of(productId) : keys.ledger.all,
      keys.counts.all,
    ];
  }
  // Reservation events carry no product, and a hold changes availability everywhere it reserves.
  if (e.type.startsWith('inventory.reservation.'))
    return [keys.availability.all, keys.inventory.all, keys.reservations.all];
  if (e.type.startsWith('inventory.transfer.')) return [keys.transfers.all];
  if (e.type.startsWith('inventory.count.')) return [keys.counts.all];
  // A recalculated buffer moves on the board and on its own page; the event names no buffer id.
  // Its open suggestion follows the calculation, so the inbox refreshes too.
  // A calculation may also resolve alerts, which raises no event of its own.
  if (e.type.startsWith('planning.buffer.'))
    return [keys.buffers.all, keys.buffer.all, keys.suggestions.all, keys.alerts.all];
  if (e.type.startsWith('planning.replenishment.')) return [keys.suggestions.all];
  if (e.type.startsWith('planning.alert.')) return [keys.alerts.all];
  // New KPIs (the nightly snapshot) or a finished forecast run: every analytics report may move.
  if (e.type.startsWith('analytics.')) return [keys.analytics.all];
  return [];
};

/**
 * One stream per tab keeps availability, stock lists, ledgers and buffers current: stock,
 * reservation and buffer events invalidate the queries that show them. A burst (a posted count books many lines) is
 * folded into one refetch per query.
 */
export const useLiveInventory = (): StreamState => {
  const qc = useQueryClient();
  const pending = useRef<QueryKey[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onEvent = useCallback(
    (e: LiveEvent) => {
      pending.current.push(...staleKeys(e));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        const stale = pending.current;
        pending.current = [];
        const seen = new Set<string>();
        for (const queryKey of stale) {
          const id = JSON.stringify(queryKey);
          if (seen.has(id)) continue;
          seen.add(id);
          void qc.invalidateQueries({ queryKey });
        }
      }, 50);
    },
    [qc],
  );
  const onOpen = useCallback(
    () =>
      void qc.invalidateQueries({
        predicate: (q) => LIVE_ROOTS.includes(String(q.queryKey[0])),
      }),
    [qc],
  );
  return useEvents(['inventory.', 'planning.', 'analytics.'], onEvent, { enabled: canFollowLive(), onOpen });
};
