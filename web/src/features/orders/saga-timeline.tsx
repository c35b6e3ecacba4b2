import { Badge } from '../../components/page.tsx';
import { isMessageKey, useFormat } from '../../i18n/format.ts';
import { type Translate, useT } from '../../i18n/i18n.tsx';

export const CUSTOMER_STATUSES = [
  'PENDING',
  'PAYMENT_PENDING',
  'CONFIRMED',
  'PICKED',
  'PACKED',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

const statusTone = {
  PENDING: 'grey',
  PAYMENT_PENDING: 'amber',
  CONFIRMED: 'blue',
  PICKED: 'blue',
  PACKED: 'blue',
  SHIPPED: 'green',
  DELIVERED: 'green',
  CANCELLED: 'red',
} as const satisfies Record<CustomerStatus, string>;

/** A customer order's status as a coloured badge. */
export const OrderStatusBadge = ({ status }: { status: CustomerStatus }) => {
  const t = useT();
  return (
    <span data-testid="order-status" data-value={status}>
      <Badge tone={statusTone[status]}>{t(`sales.status.${status}`)}</Badge>
    </span>
  );
};

/**
 * A cancel or failure reason in words: the saga's codes (payment_declined, card_declined…) have
 * a label; a reason someone typed is shown as typed.
 */
export const reasonText = (reason: string | null | undefined, t: Translate) => {
  if (!reason) return '';
  const key = `sales.reason.${reason}`;
  return isMessageKey(key) ? t(key) : reason;
};

type Step = {
  step: string;
  outcome: 'done' | 'failed' | 'compensated';
  detail: Record<string, unknown>;
  at: string;
};

const mark = {
  done: { icon: '✓', className: 'bg-emerald-100 text-emerald-700' },
  failed: { icon: '✗', className: 'bg-red-100 text-red-700' },
  compensated: { icon: '↺', className: 'bg-amber-100 text-amber-800' },
} as const;

/** What a step's detail adds for a person: a tracking number, a reason, the payment's answer. */
const stepNote = (s: Step, t: Translate) => {
  const d = s.detail;
  if (typeof d.tracking_number === 'string') return t('sales.detail.tracking', { n: d.tracking_number });
  if (typeof d.reason === 'string') return reasonText(d.reason, t);
  if (typeof d.outcome === 'string') {
    const key = `sales.answer.${d.outcome}`;
    return isMessageKey(key) ? t(key) : d.outcome;
  }
  return '';
};

/** The saga's steps in order: what happened to the order, and what was undone when it failed. */
export const SagaTimeline = ({ steps }: { steps: Step[] }) => {
  const t = useT();
  const f = useFormat();
  if (steps.length === 0) return <p className="text-sm text-slate-500">{t('sales.timeline_empty')}</p>;
  return (
    <ol className="flex flex-col" data-testid="saga-timeline">
      {steps.map((s, i) => {
        const key = `sales.step.${s.step}`;
        const note = stepNote(s, t);
        return (
          <li
            key={`${s.step}:${s.at}`}
            className="relative flex gap-3 pb-4 last:pb-0"
            data-testid={`saga-step-${s.step}`}
            data-outcome={s.outcome}
          >
            {i < steps.length - 1 && (
              <span aria-hidden className="absolute top-7 bottom-0 left-3 w-px bg-slate-200" />
            )}
            <span
              role="img"
              aria-label={t(`sales.outcome.${s.outcome}`)}
              className={`relative flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${mark[s.outcome].className}`}
            >
              {mark[s.outcome].icon}
            </span>
            <div className="flex min-w-0 flex-1 items-baseline justify-between gap-3">
              <div className="min-w-0">
                <p className="text-sm font-medium">{isMessageKey(key) ? t(key) : s.step}</p>
                {note && <p className="text-xs text-slate-500">{note}</p>}
              </div>
              <time
                dateTime={s.at}
                className="shrink-0 whitespace-nowrap text-xs text-slate-500 tabular-nums"
              >
                {f.date(s.at)}
              </time>
            </div>
          </li>
        );
      })}
    </ol>
  );
};
