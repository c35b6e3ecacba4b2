import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { TextAreaField } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { dangerLinkButton, primaryButton, secondaryButton } from '../../components/page.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useT } from '../../i18n/i18n.tsx';
import { OrderProblem, type SupplyOrder, type SupplyStatus } from './order-parts.tsx';
import { CompleteDialog, StartDialog } from './order-production.tsx';
import { PurchaseOrderDialog } from './order-purchase-dialog.tsx';
import { ReceiveDialog } from './order-receive-dialog.tsx';

type Open = 'edit' | 'receive' | 'start' | 'complete' | 'cancel' | 'reject';

const RECEIVABLE: SupplyStatus[] = ['OPEN', 'IN_TRANSIT', 'PARTIALLY_RECEIVED', 'DELAYED'];
const COMPLETABLE: SupplyStatus[] = ['OPEN', 'IN_PROGRESS', 'PARTIALLY_RECEIVED', 'DELAYED'];

/** What an order's move changes: itself, the lists, the inbox, stock and buffers. */
export const orderMoved = (id: string) => [
  keys.order.one(id),
  keys.orders.all,
  keys.approvals.all,
  keys.inventory.all,
  keys.buffer.all,
  keys.buffers.all,
];

/** A move from the order's buttons: what to send, and the toast it earns. */
type Move = { send: 'approve' | 'ship' | 'receive' | SupplyStatus; done: MessageKey };

/**
 * The moves of one order. A refusal usually means the order moved meanwhile (a job marked it
 * late, someone approved it), so the order refetches either way; the page shows the refusal.
 */
export const useOrderMove = (order: Pick<SupplyOrder, 'id' | 'number'>) => {
  const t = useT();
  return useApiMutation({
    request: ({ send }: Move) => {
      const path = { params: { path: { id: order.id } } };
      if (send === 'approve') return unwrap(api.POST('/api/v1/orders/{id}/approve', path));
      if (send === 'ship') return unwrap(api.POST('/api/v1/orders/{id}/ship', path));
      if (send === 'receive') return unwrap(api.POST('/api/v1/orders/{id}/receive', path));
      return unwrap(api.PUT('/api/v1/orders/{id}/status', { ...path, body: { status: send } }));
    },
    invalidates: orderMoved(order.id),
    invalidateOnError: true,
    success: (_, m) => t(m.done, { number: order.number }),
  });
};

/** Sends an order back to draft with the reason, which lands in its notes. */
export const RejectDialog = ({ order, onClose }: { order: SupplyOrder; onClose: () => void }) => {
  const t = useT();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const reject = useApiMutation({
    request: (text: string) =>
      unwrap(
        api.POST('/api/v1/orders/{id}/reject', {
          params: { path: { id: order.id } },
          body: { reason: text },
        }),
      ),
    invalidates: orderMoved(order.id),
    success: t('supply.rejected', { number: order.number }),
    onSuccess: onClose,
  });
  return (
    <FormDialog
      title={t('supply.reject_title', { number: order.number })}
      onClose={onClose}
      testId="reject-dialog"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) void reject.run(reason.trim());
        else setMissing(true);
      }}
      submit={{ label: t('supply.reject'), testId: 'reject-submit', busy: reject.busy }}
      alert={<OrderProblem error={reject.error} />}
    >
      <TextAreaField
        label={t('supply.reject_reason')}
        data-testid="reject-reason"
        value={reason}
        error={missing ? 'validation.required' : undefined}
        onChange={(e) => {
          setReason(e.target.value);
          setMissing(false);
        }}
      />
    </FormDialog>
  );
};

/**
 * The moves an order allows now, as buttons: submit or release a draft, approve or reject one
 * waiting for approval, mark in transit, receive, start and complete production, ship and
 * receive transfers, cancel. A refusal reaches the page through `onFailure`.
 */
export const OrderActions = ({
  order,
  move,
}: {
  order: SupplyOrder;
  move: ReturnType<typeof useOrderMove>;
}) => {
  const t = useT();
  const [open, setOpen] = useState<Open>();
  const cancel = useApiMutation({
    request: () =>
      unwrap(
        api.PUT('/api/v1/orders/{id}/status', {
          params: { path: { id: order.id } },
          body: { status: 'CANCELLED' },
        }),
      ),
    invalidates: orderMoved(order.id),
    success: t('supply.cancelled', { number: order.number }),
  });
  const busy = move.busy;
  const next = new Set(order.next_statuses);
  const write = can('order:write');
  const run = (send: Move['send'], done: MessageKey) => void move.run({ send, done });

  const button = (testId: string, label: MessageKey, onClick: () => void, primary = false) => (
    <button
      key={testId}
      type="button"
      disabled={busy}
      data-testid={testId}
      className={primary ? primaryButton : secondaryButton}
      onClick={onClick}
    >
      {t(label)}
    </button>
  );

  const kind = order.kind;
  const buttons = [
    order.status === 'PENDING_APPROVAL' &&
      can('order:approve') && [
        button('order-approve', 'supply.approve', () => run('approve', 'supply.approved'), true),
        button('order-reject', 'supply.reject', () => setOpen('reject')),
      ],
    write &&
      order.status === 'DRAFT' &&
      next.has('OPEN') &&
      button(
        'order-submit',
        kind === 'purchase' ? 'supply.submit' : 'supply.release',
        () => run('OPEN', 'supply.submitted'),
        true,
      ),
    write &&
      kind === 'purchase' &&
      order.status === 'DRAFT' &&
      button('order-edit', 'common.edit', () => setOpen('edit')),
    write &&
      kind === 'purchase' &&
      RECEIVABLE.includes(order.status) &&
      button('order-receive', 'supply.receive.action', () => setOpen('receive'), true),
    write &&
      kind === 'purchase' &&
      next.has('IN_TRANSIT') &&
      button('order-in-transit', 'supply.mark_in_transit', () => run('IN_TRANSIT', 'supply.moved')),
    write &&
      kind === 'production' &&
      next.has('IN_PROGRESS') &&
      button('order-start', 'supply.production.start', () => setOpen('start'), true),
    write &&
      kind === 'production' &&
      COMPLETABLE.includes(order.status) &&
      button('order-complete', 'supply.production.complete', () => setOpen('complete')),
    write &&
      kind === 'transfer' &&
      !order.shipped_at &&
      (order.status === 'OPEN' || order.status === 'DELAYED') &&
      button('order-ship', 'supply.transfer.ship', () => run('ship', 'supply.transfer.shipped'), true),
    write &&
      kind === 'transfer' &&
      order.shipped_at &&
      RECEIVABLE.includes(order.status) &&
      button(
        'order-receive-transfer',
        'supply.transfer.receive',
        () => run('receive', 'supply.transfer.received'),
        true,
      ),
  ]
    .flat()
    .filter(Boolean);
  // Issued components have left stock and a shipped transfer is on the road: neither can be undone here.
  const cancellable =
    write &&
    next.has('CANCELLED') &&
    !(kind === 'production' && order.components_issued) &&
    !(kind === 'transfer' && order.shipped_at);

  return (
    <>
      {buttons}
      {cancellable && (
        <button
          type="button"
          disabled={busy}
          className={dangerLinkButton}
          data-testid="order-cancel"
          onClick={() => setOpen('cancel')}
        >
          {t('supply.cancel_order')}
        </button>
      )}
      {open === 'edit' && <PurchaseOrderDialog order={order} onClose={() => setOpen(undefined)} />}
      {open === 'receive' && <ReceiveDialog order={order} onClose={() => setOpen(undefined)} />}
      {open === 'start' && <StartDialog order={order} onClose={() => setOpen(undefined)} />}
      {open === 'complete' && <CompleteDialog order={order} onClose={() => setOpen(undefined)} />}
      {open === 'reject' && <RejectDialog order={order} onClose={() => setOpen(undefined)} />}
      <ConfirmDialog
        open={open === 'cancel'}
        title={t('supply.cancel_title', { number: order.number })}
        body={t(order.status === 'PARTIALLY_RECEIVED' ? 'supply.cancel_body_partial' : 'supply.cancel_body')}
        confirmLabel={t('supply.cancel_order')}
        onClose={() => setOpen(undefined)}
        onConfirm={() => cancel.send()}
      />
    </>
  );
};
