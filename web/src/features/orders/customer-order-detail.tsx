import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { Dialog } from '../../components/dialog.tsx';
import { TextAreaField, TextField } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import {
  Card,
  Detail,
  dangerLinkButton,
  linkButton,
  PageHeader,
  primaryButton,
  secondaryButton,
} from '../../components/page.tsx';
import { ErrorState, LoadingState, ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { type CustomerOrder, useLiveCustomerOrders } from './customer-orders.tsx';
import { OrderStatusBadge, reasonText, SagaTimeline } from './saga-timeline.tsx';

type Action = 'pick' | 'pack' | 'ship' | 'deliver';
type Status = CustomerOrder['status'];

// The fulfilment rules of the saga (orders/domain/saga.ts): shipping may skip pick and pack.
const FROM: Record<Action, readonly Status[]> = {
  pick: ['CONFIRMED'],
  pack: ['PICKED'],
  ship: ['CONFIRMED', 'PICKED', 'PACKED'],
  deliver: ['SHIPPED'],
};
const CANCELLABLE: readonly Status[] = ['PENDING', 'PAYMENT_PENDING', 'CONFIRMED', 'PICKED', 'PACKED'];
/** Saga steps that a worker is running now: the page polls until they settle. */
const MOVING = ['authorize', 'confirm', 'compensate'];

/** Ship: an optional tracking number (the server makes one up otherwise). */
const ShipDialog = ({ order, onClose }: { order: CustomerOrder; onClose: () => void }) => {
  const t = useT();
  const ship = useApiMutation({
    request: (tracking: string) =>
      unwrap(
        api.POST('/api/v1/customer-orders/{id}/ship', {
          params: { path: { id: order.id } },
          body: tracking ? { tracking_number: tracking } : {},
        }),
      ),
    invalidates: [keys.customerOrders.all],
    success: t('sales.done.ship'),
    onSuccess: onClose,
  });
  return (
    <FormDialog
      title={t('sales.ship_title', { number: order.number })}
      onClose={onClose}
      testId="ship-dialog"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        void ship.run(String(new FormData(e.currentTarget).get('tracking_number') ?? '').trim());
      }}
      submit={{ label: t('sales.action.ship'), testId: 'ship-submit', busy: ship.busy }}
      alert={<ProblemAlert error={ship.error} />}
    >
      <TextField
        label={t('sales.tracking_number')}
        name="tracking_number"
        maxLength={100}
        hint={t('sales.tracking_hint')}
        data-testid="ship-tracking"
      />
    </FormDialog>
  );
};

/** Cancel with a reason; says what happens to the money (void or refund) and the stock. */
const CancelDialog = ({ order, onClose }: { order: CustomerOrder; onClose: () => void }) => {
  const t = useT();
  const f = useFormat();
  const formId = useId();
  const cancel = useApiMutation({
    request: (reason: string) =>
      unwrap(
        api.POST('/api/v1/customer-orders/{id}/cancel', {
          params: { path: { id: order.id } },
          body: reason ? { reason } : {},
        }),
      ),
    invalidates: [keys.customerOrders.all],
    success: t('sales.cancelled'),
    onSuccess: onClose,
  });
  const pay = order.payment;
  const amount = f.minor(order.total_minor, order.currency);
  const money =
    pay?.status === 'CAPTURED'
      ? t('sales.cancel_refund', { amount })
      : pay?.status === 'AUTHORIZED' || pay?.status === 'PENDING'
        ? t('sales.cancel_void', { amount })
        : t('sales.cancel_no_money');
  return (
    <Dialog
      open
      title={t('sales.cancel_title', { number: order.number })}
      onClose={onClose}
      testId="cancel-dialog"
      footer={
        <>
          <button type="button" className={secondaryButton} onClick={onClose}>
            {t('sales.keep_order')}
          </button>
          <button
            type="submit"
            form={formId}
            disabled={cancel.busy}
            data-testid="cancel-submit"
            className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60"
          >
            {t('sales.cancel_order')}
          </button>
        </>
      }
    >
      <form
        id={formId}
        noValidate
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          void cancel.run(String(new FormData(e.currentTarget).get('reason') ?? '').trim());
        }}
      >
        <ProblemAlert error={cancel.error} />
        <p className="text-sm text-slate-600" data-testid="cancel-explain">
          {money} {t('sales.cancel_stock')}
        </p>
        <TextAreaField
          label={t('sales.cancel_reason')}
          name="reason"
          maxLength={200}
          data-testid="cancel-reason"
        />
      </form>
    </Dialog>
  );
};

/** One customer order: lines, payment, the saga timeline, and its fulfilment actions. */
export const CustomerOrderDetailPage = ({ id }: { id: string }) => {
  const t = useT();
  const f = useFormat();
  const [dialog, setDialog] = useState<'ship' | 'cancel'>();
  useLiveCustomerOrders();
  const step = useApiMutation({
    request: (action: 'pick' | 'pack' | 'deliver') =>
      unwrap(api.POST(`/api/v1/customer-orders/{id}/${action}`, { params: { path: { id } } })),
    invalidates: [keys.customerOrders.all],
    success: (_, action) => t(`sales.done.${action}`),
  });
  const busy = step.busy;
  const order = useQuery({
    queryKey: keys.customerOrders.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/customer-orders/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && MOVING.includes(q.state.data.saga_step) ? 2000 : false),
  });
  if (order.error) return <ErrorState error={order.error} onRetry={() => void order.refetch()} />;
  if (!order.data) return <LoadingState />;
  const o = order.data;
  const writable = can('order:write');
  const actions = (['pick', 'pack', 'ship', 'deliver'] as const).filter((a) => FROM[a].includes(o.status));
  const pay = o.payment;
  return (
    <div className="flex flex-col gap-4" data-testid="customer-order-detail">
      <Link to="/customer-orders" className={linkButton}>
        ← {t('sales.back')}
      </Link>
      <PageHeader
        title={t('sales.order_title', { number: o.number })}
        subtitle={`${o.customer.name} · ${o.customer.email} · ${f.date(o.created_at)}`}
        actions={
          writable && (
            <>
              {actions.map((a, i) => (
                <button
                  key={a}
                  type="button"
                  disabled={busy}
                  data-testid={`order-${a}`}
                  className={i === 0 ? primaryButton : secondaryButton}
                  onClick={() => (a === 'ship' ? setDialog('ship') : void step.run(a))}
                >
                  {t(`sales.action.${a}`)}
                </button>
              ))}
              {CANCELLABLE.includes(o.status) && (
                <button
                  type="button"
                  disabled={busy}
                  data-testid="order-cancel"
                  className={dangerLinkButton}
                  onClick={() => setDialog('cancel')}
                >
                  {t('sales.cancel_order')}
                </button>
              )}
            </>
          )
        }
      />
      <ProblemAlert error={step.error} />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="flex flex-col gap-4 lg:col-span-2">
          <Card>
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
              <Detail label={t('common.status')}>
                <OrderStatusBadge status={o.status} />
              </Detail>
              <Detail label={t('sales.store')}>
                <span className="font-mono text-xs">{o.store_id}</span>
              </Detail>
              <Detail label={t('sales.channel')}>{t(`sales.channel.${o.channel}`)}</Detail>
              <Detail label={t('sales.tracking_number')}>
                <span data-testid="order-tracking">{o.tracking_number ?? '—'}</span>
              </Detail>
              {o.cancel_reason && (
                <div className="col-span-2 sm:col-span-4">
                  <Detail label={t('sales.cancel_reason')}>
                    <span data-testid="order-cancel-reason">{reasonText(o.cancel_reason, t)}</span>
                  </Detail>
                </div>
              )}
            </dl>
          </Card>
          <Card title={t('sales.lines')}>
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="py-2 pr-3 font-medium">{t('common.product')}</th>
                    <th className="py-2 pr-3 text-right font-medium">{t('sales.quantity')}</th>
                    <th className="py-2 pr-3 text-right font-medium">{t('sales.unit_price')}</th>
                    <th className="py-2 text-right font-medium">{t('sales.line_total')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {o.lines.map((l) => (
                    <tr key={l.product_id}>
                      <td className="py-2 pr-3">
                        <span className="font-mono text-xs">{l.sku}</span> · {l.name}
                      </td>
                      <td className="py-2 pr-3 text-right tabular-nums">{f.qty(l.quantity)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">
                        {f.minor(l.unit_price_minor, o.currency)}
                      </td>
                      <td className="py-2 text-right tabular-nums">
                        {f.minor(l.line_total_minor, o.currency)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="border-t border-slate-200 font-medium">
                    <td colSpan={3} className="py-2 pr-3 text-right">
                      {t('sales.total')}
                    </td>
                    <td className="py-2 text-right tabular-nums" data-testid="order-total">
                      {f.minor(o.total_minor, o.currency)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </Card>
          <Card title={t('sales.payment')}>
            {pay ? (
              <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="order-payment">
                <Detail label={t('sales.provider')}>{t(`sales.provider.${pay.provider}`)}</Detail>
                <Detail label={t('common.status')}>
                  <span data-testid="payment-status">{t(`sales.payment_status.${pay.status}`)}</span>
                </Detail>
                <Detail label={t('sales.card')}>{pay.card_last4 ? `•••• ${pay.card_last4}` : '—'}</Detail>
                <Detail label={t('sales.amount')}>{f.minor(pay.amount_minor, pay.currency)}</Detail>
                {pay.failure_reason && (
                  <Detail label={t('sales.failure_reason')}>{reasonText(pay.failure_reason, t)}</Detail>
                )}
              </dl>
            ) : (
              <p className="text-sm text-slate-500">{t('sales.no_payment')}</p>
            )}
          </Card>
        </div>
        <Card title={t('sales.timeline')}>
          <SagaTimeline steps={o.timeline} />
        </Card>
      </div>
      {dialog === 'ship' && <ShipDialog order={o} onClose={() => setDialog(undefined)} />}
      {dialog === 'cancel' && <CancelDialog order={o} onClose={() => setDialog(undefined)} />}
    </div>
  );
};
