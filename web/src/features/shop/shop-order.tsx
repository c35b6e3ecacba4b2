import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { linkButton, primaryButton, secondaryButton } from '../../components/page.tsx';
import { ErrorState, LoadingState, ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { OrderStatusBadge, reasonText } from '../orders/saga-timeline.tsx';
import { type PublicOrder, ShopShell, shopApi, useShop } from './shop-data.tsx';

/** Statuses the saga has not settled yet: the page asks again until it has. */
const UNSETTLED: readonly PublicOrder['status'][] = ['PENDING', 'PAYMENT_PENDING'];

/**
 * The sandbox's stand-in for the bank's 3-D Secure page: the buyer approves or declines, the
 * sandbox sends its signed webhook, and the order settles a moment later.
 */
const ChallengePanel = ({ order, onAnswered }: { order: PublicOrder; onAnswered: () => void }) => {
  const t = useT();
  const f = useFormat();
  const [answered, setAnswered] = useState(false);
  const answer = useApiMutation({
    request: ({ paymentId, outcome }: { paymentId: string; outcome: 'approved' | 'declined' }) =>
      unwrap(
        shopApi.POST('/api/v1/payments/sandbox/{tenant_id}/{payment_id}/complete', {
          params: { path: { tenant_id: order.tenant_id, payment_id: paymentId } },
          body: { outcome },
        }),
      ),
    onSuccess: () => {
      setAnswered(true);
      onAnswered();
    },
  });
  const pay = order.payment;
  if (!pay) return null;
  return (
    <section
      className="flex flex-col gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4"
      data-testid="challenge-panel"
    >
      <div>
        <h2 className="font-medium">{t('sales.shop.challenge_title')}</h2>
        <p className="text-sm text-slate-600">
          {t('sales.shop.challenge_body', { amount: f.minor(order.total_minor, order.currency) })}
        </p>
      </div>
      <ProblemAlert error={answer.error} />
      {answered ? (
        <p role="status" className="flex items-center gap-2 text-sm text-slate-600">
          <span className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" />
          {t('sales.shop.challenge_waiting')}
        </p>
      ) : (
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            disabled={answer.busy}
            className={primaryButton}
            data-testid="challenge-approve"
            onClick={() => void answer.run({ paymentId: pay.id, outcome: 'approved' })}
          >
            {t('sales.shop.challenge_approve')}
          </button>
          <button
            type="button"
            disabled={answer.busy}
            className={secondaryButton}
            data-testid="challenge-decline"
            onClick={() => void answer.run({ paymentId: pay.id, outcome: 'declined' })}
          >
            {t('sales.shop.challenge_decline')}
          </button>
        </div>
      )}
    </section>
  );
};

/** How the order stands, in the buyer's words: thanks, why it failed, or what is still needed. */
const Outcome = ({ order, onAnswered }: { order: PublicOrder; onAnswered: () => void }) => {
  const t = useT();
  if (order.status === 'CANCELLED')
    return (
      <div
        role="alert"
        className="rounded-xl border border-red-200 bg-red-50 p-4 text-red-800"
        data-testid="order-failed"
      >
        <p className="font-medium">{t('sales.shop.failed_title')}</p>
        <p className="mt-1 text-sm" data-testid="order-failed-reason">
          {reasonText(order.cancel_reason, t) || t('sales.shop.failed_body')}
        </p>
      </div>
    );
  if (order.status === 'PAYMENT_PENDING') {
    if (order.payment?.provider === 'sandbox')
      return <ChallengePanel order={order} onAnswered={onAnswered} />;
    return (
      <div className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm" data-testid="order-pending">
        <p>{t('sales.shop.pending_body')}</p>
        {order.payment?.redirect_url && (
          <a href={order.payment.redirect_url} className={`${primaryButton} mt-3 inline-block`}>
            {t('sales.shop.continue_payment')}
          </a>
        )}
      </div>
    );
  }
  if (order.status === 'PENDING')
    return (
      <p
        role="status"
        className="flex items-center gap-2 text-sm text-slate-600"
        data-testid="order-processing"
      >
        <span className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" />
        {t('sales.shop.processing')}
      </p>
    );
  return (
    <div
      className="rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-emerald-900"
      data-testid="order-confirmed"
    >
      <p className="text-lg font-semibold">{t('sales.shop.thanks')}</p>
      <p className="mt-1 text-sm">
        {t('sales.shop.thanks_body')}{' '}
        <span className="font-mono font-semibold" data-testid="order-number">
          {order.number}
        </span>
      </p>
      {order.tracking_number && (
        <p className="mt-1 text-sm">{t('sales.detail.tracking', { n: order.tracking_number })}</p>
      )}
    </div>
  );
};

/** A storefront order for whoever holds its link (the token), polled until the payment settles. */
export const ShopOrderPage = ({ slug, id, token }: { slug: string; id: string; token: string }) => {
  const t = useT();
  const f = useFormat();
  const shop = useShop(slug);
  const [fast, setFast] = useState(false);
  const order = useQuery({
    queryKey: keys.shop.order(slug, id, token),
    queryFn: () =>
      unwrap(
        shopApi.GET('/api/v1/shop/{slug}/orders/{id}', {
          params: { path: { slug, id }, query: { token } },
        }),
      ),
    refetchInterval: (q) =>
      q.state.data && UNSETTLED.includes(q.state.data.status) ? (fast ? 1000 : 3000) : false,
  });
  const o = order.data;
  return (
    <ShopShell name={shop.data?.name}>
      <div className="mx-auto flex max-w-2xl flex-col gap-4" data-testid="shop-order-page">
        <Link to="/shop/$slug" params={{ slug }} className={linkButton}>
          ← {t('sales.shop.back')}
        </Link>
        {order.error ? (
          <ErrorState error={order.error} onRetry={() => void order.refetch()} />
        ) : !o ? (
          <LoadingState />
        ) : (
          <>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h1 className="text-2xl font-semibold">{t('sales.order_title', { number: o.number })}</h1>
              <OrderStatusBadge status={o.status} />
            </div>
            <Outcome
              order={o}
              onAnswered={() => {
                setFast(true);
                void order.refetch();
              }}
            />
            <section className="rounded-xl border border-slate-200 bg-white p-4">
              <ul className="flex flex-col divide-y divide-slate-100 text-sm">
                {o.lines.map((l) => (
                  <li key={l.product_id} className="flex justify-between gap-3 py-2">
                    <span>
                      {f.qty(l.quantity)} × {l.title}
                    </span>
                    <span className="tabular-nums">{f.minor(l.line_total_minor, o.currency)}</span>
                  </li>
                ))}
              </ul>
              <div className="mt-2 flex justify-between border-t border-slate-200 pt-2 font-medium">
                <span>{t('sales.total')}</span>
                <span className="tabular-nums">{f.minor(o.total_minor, o.currency)}</span>
              </div>
            </section>
          </>
        )}
      </div>
    </ShopShell>
  );
};
