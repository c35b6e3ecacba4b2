import { type QueryKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useRef } from 'react';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { type LiveEvent, useEvents } from '../../api/events.ts';
import { keys } from '../../api/keys.ts';
import type { Json } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { Badge, linkButton } from '../../components/page.tsx';
import { useProblemText } from '../../components/states.tsx';
import { en, type MessageKey } from '../../i18n/en.ts';
import { minorDigits, useDay } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

export type SupplyOrder = Json<'/api/v1/orders/{id}', 'get'>;
export type SupplyStatus = SupplyOrder['status'];
export type SupplyKind = SupplyOrder['kind'];
export type OrderLine = SupplyOrder['lines'][number];

export const SUPPLY_KINDS: readonly SupplyKind[] = ['purchase', 'production', 'transfer'];
export const SUPPLY_STATUSES: readonly SupplyStatus[] = [
  'DRAFT',
  'PENDING_APPROVAL',
  'OPEN',
  'IN_PROGRESS',
  'IN_TRANSIT',
  'PARTIALLY_RECEIVED',
  'DELAYED',
  'RECEIVED',
  'CANCELLED',
];

// Waiting for approval and late stand out; closed orders fade.
const TONE = {
  DRAFT: 'grey',
  PENDING_APPROVAL: 'amber',
  OPEN: 'blue',
  IN_PROGRESS: 'blue',
  IN_TRANSIT: 'blue',
  PARTIALLY_RECEIVED: 'blue',
  DELAYED: 'red',
  RECEIVED: 'green',
  CANCELLED: 'grey',
} as const satisfies Record<SupplyStatus, string>;

export const OrderStatusBadge = ({ status, testId }: { status: SupplyStatus; testId?: string }) => {
  const t = useT();
  return (
    <span data-testid={testId} data-value={status}>
      <Badge tone={TONE[status]}>{t(`supply.status.${status}`)}</Badge>
    </span>
  );
};

/** The way back to the orders list from the pages it leads to. */
export const BackToOrders = () => {
  const t = useT();
  return (
    <Link to="/orders" className={linkButton}>
      ← {t('supply.back')}
    </Link>
  );
};

/** What a new order's dialog does once the order exists: the lists refresh, its page opens. */
export const useOrderCreated = (onClose: () => void) => {
  const t = useT();
  const navigate = useNavigate();
  return {
    invalidates: [keys.orders.all],
    success: (saved: { number: string }) => t('supply.created', { number: saved.number }),
    onSuccess: async (saved: { id: string }) => {
      onClose();
      await navigate({ to: '/orders/$id', params: { id: saved.id } });
    },
  };
};

/** Still to come: an order whose due date can pass. */
export const isOpen = (s: SupplyStatus) => s !== 'RECEIVED' && s !== 'CANCELLED';

/** A purchase with at least one priced line has a total worth showing; the rest show a dash. */
export const hasPrices = (o: Pick<SupplyOrder, 'kind' | 'lines'>) =>
  o.kind === 'purchase' && o.lines.some((l) => l.unit_price_minor !== null);

/** Today as the API writes dates (UTC), so "late" means what the DELAYED job means. */
/** Today on the viewer's own calendar (the browser's zone), not UTC's, which runs ahead of the Americas each evening. */
export const todayIso = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** A due date, red when it passed and the order is still open. */
export const DueDate = ({ order }: { order: Pick<SupplyOrder, 'due_date' | 'status'> }) => {
  const day = useDay();
  const late = isOpen(order.status) && order.status !== 'DRAFT' && order.due_date < todayIso();
  return (
    <span
      data-testid="order-due"
      data-late={late || undefined}
      className={late ? 'font-medium text-red-700' : undefined}
    >
      {day(order.due_date)}
    </span>
  );
};

/**
 * Money typed in major units ("1234,50") as integer minor units of the currency; undefined when
 * it is not an amount, or has more decimals than the currency has.
 */
export const toMinorUnits = (text: string, currency: string): number | undefined => {
  const m = /^(\d{1,13})(?:[.,](\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const digits = minorDigits(currency);
  const frac = m[2] ?? '';
  if (frac.length > digits) return undefined;
  return Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
};

/** Minor units back as the text a money field shows (150000, MXN → "1500.00"). */
export const fromMinorUnits = (minor: number | null | undefined, currency: string) => {
  if (minor === null || minor === undefined) return '';
  const digits = minorDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
};

/** The tenant's order rules (currency, threshold…); every order screen reads the currency. */
export const useOrderSettings = () =>
  useQuery({
    queryKey: keys.orderSettings.all,
    queryFn: () => unwrap(api.GET('/api/v1/order-settings')),
    enabled: can('order:read'),
    staleTime: 60_000,
  });

/** The tenant's suppliers for pickers and names; empty for roles without `supplier:read`. */
export const useSuppliers = () =>
  useQuery({
    queryKey: keys.suppliers.every,
    queryFn: () => unwrap(api.GET('/api/v1/suppliers', { params: { query: { limit: 100 } } })),
    enabled: can('supplier:read'),
    staleTime: 60_000,
    select: (r) => r.data,
  });

/** A failed order request in the reader's language: this page's wording first, then the shared one. */
export const useOrderProblem = () => {
  const t = useT();
  const shared = useProblemText();
  return (error: unknown): string => {
    if (error instanceof ApiError && error.problem.code) {
      const key = `supply.problem.${error.problem.code}`;
      if (key in en) return t(key as MessageKey);
    }
    return shared(error);
  };
};

/** Like ProblemAlert, with the order pages' wording and the server's detail underneath. */
export const OrderProblem = ({ error }: { error: unknown }) => {
  const text = useOrderProblem();
  if (!error) return null;
  const p = error instanceof ApiError ? error.problem : undefined;
  const headline = text(error);
  return (
    <div role="alert" data-testid="problem" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
      <p className="font-medium">{headline}</p>
      {p?.detail && p.detail !== headline && <p className="mt-1">{p.detail}</p>}
      {p?.errors && p.errors.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {p.errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              <span className="font-mono text-xs">{e.field}</span>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};

/** A catalog key from a form check ("validation.positive") in words; a server message as it came. */
export const useFieldMessage = () => {
  const t = useT();
  return (m: string | undefined) => (m?.includes('.') && !m.includes(' ') ? t(m as MessageKey) : m);
};

const ORDER_ROOTS: QueryKey[] = [
  keys.orders.all,
  keys.order.all,
  keys.approvals.all,
  keys.orderShortages.all,
];

/**
 * Keeps the order screens current: any supply order event (created, changed, delayed, shortage)
 * refreshes the lists, the open detail and the approval inbox, folded into one refetch per burst.
 * The app's stream follows stock and planning; this one follows orders while an order page is up.
 */
export const useOrdersLive = () => {
  const qc = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const refresh = useCallback(() => {
    for (const queryKey of ORDER_ROOTS) void qc.invalidateQueries({ queryKey });
  }, [qc]);
  const onEvent = useCallback(
    (e: LiveEvent) => {
      if (e.type.startsWith('orders.customer.')) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(refresh, 50);
    },
    [refresh],
  );
  // A reconnection may have missed events: catch up then, not on the first open (the page's
  // queries are fetching already).
  const opened = useRef(false);
  const onOpen = useCallback(() => {
    if (opened.current) refresh();
    opened.current = true;
  }, [refresh]);
  return useEvents(['orders.'], onEvent, { enabled: can('order:read'), onOpen });
};
