import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { can } from '../../api/session.ts';
import { ConfirmDialog, Dialog } from '../../components/dialog.tsx';
import { TextAreaField } from '../../components/fields.tsx';
import { dangerLinkButton, primaryButton, secondaryButton } from '../../components/page.tsx';
import { useToast } from '../../components/toast.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useT } from '../../i18n/i18n.tsx';
import { OrderProblem, type SupplyOrder, type SupplyStatus } from './order-parts.tsx';
import { CompleteDialog, StartDialog } from './order-production.tsx';
import { PurchaseOrderDialog } from './order-purchase-dialog.tsx';
import { ReceiveDialog } from './order-receive-dialog.tsx';

type Open = 'edit' | 'receive' | 'start' | 'complete' | 'cancel' | 'reject';

const RECEIVABLE: SupplyStatus[] = ['OPEN', 'IN_TRANSIT', 'PARTIALLY_RECEIVED', 'DELAYED'];
const COMPLETABLE: SupplyStatus[] = ['OPEN', 'IN_PROGRESS', 'PARTIALLY_RECEIVED', 'DELAYED'];

/** Refreshes what an order's move changes: itself, the lists, the inbox, stock and buffers. */
export const useRefreshOrder = (id: string) => {
  const qc = useQueryClient();
  return () =>
    Promise.all(
      [['order', id], ['orders'], ['approvals'], ['inventory'], ['buffer'], ['buffers']].map((queryKey) =>
        qc.invalidateQueries({ queryKey }),
      ),
    );
};

/** Sends an order back to draft with the reason, which lands in its notes. */
export const RejectDialog = ({ order, onClose }: { order: SupplyOrder; onClose: () => void }) => {
  const t = useT();
  const toast = useToast();
  const refresh = useRefreshOrder(order.id);
  const formId = useId();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const reject = async () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    try {
      await unwrap(
        api.POST('/api/v1/orders/{id}/reject', {
          params: { path: { id: order.id } },
          body: { reason: reason.trim() },
        }),
      );
      toast.show(t('supply.rejected', { number: order.number }), 'success');
      await refresh();
      onClose();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <Dialog
      open
      title={t('supply.reject_title', { number: order.number })}
      onClose={onClose}
      testId="reject-dialog"
      footer={
        <>
          <button type="button" className={secondaryButton} onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className={primaryButton} data-testid="reject-submit">
            {t('supply.reject')}
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
          void reject();
        }}
      >
        <OrderProblem error={failure} />
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
      </form>
    </Dialog>
  );
};

/**
 * The moves an order allows now, as buttons: submit or release a draft, approve or reject one
 * waiting for approval, mark in transit, receive, start and complete production, ship and
 * receive transfers, cancel. A refusal reaches the page through `onFailure`.
 */
export const OrderActions = ({
  order,
  onFailure,
}: {
  order: SupplyOrder;
  onFailure: (err: unknown) => void;
}) => {
  const t = useT();
  const toast = useToast();
  const refresh = useRefreshOrder(order.id);
  const [open, setOpen] = useState<Open>();
  const [busy, setBusy] = useState(false);
  const next = new Set(order.next_statuses);
  const write = can('order:write');
  const path = { params: { path: { id: order.id } } };

  const run = async (done: MessageKey, call: () => Promise<unknown>) => {
    setBusy(true);
    onFailure(undefined);
    try {
      await call();
      toast.show(t(done, { number: order.number }), 'success');
    } catch (err) {
      onFailure(err);
    } finally {
      setBusy(false);
      await refresh();
    }
  };
  const move = (status: SupplyStatus, done: MessageKey) =>
    run(done, () => unwrap(api.PUT('/api/v1/orders/{id}/status', { ...path, body: { status } })));

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
        button(
          'order-approve',
          'supply.approve',
          () => void run('supply.approved', () => unwrap(api.POST('/api/v1/orders/{id}/approve', path))),
          true,
        ),
        button('order-reject', 'supply.reject', () => setOpen('reject')),
      ],
    write &&
      order.status === 'DRAFT' &&
      next.has('OPEN') &&
      button(
        'order-submit',
        kind === 'purchase' ? 'supply.submit' : 'supply.release',
        () => void move('OPEN', 'supply.submitted'),
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
      button('order-in-transit', 'supply.mark_in_transit', () => void move('IN_TRANSIT', 'supply.moved')),
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
      button(
        'order-ship',
        'supply.transfer.ship',
        () => void run('supply.transfer.shipped', () => unwrap(api.POST('/api/v1/orders/{id}/ship', path))),
        true,
      ),
    write &&
      kind === 'transfer' &&
      order.shipped_at &&
      RECEIVABLE.includes(order.status) &&
      button(
        'order-receive-transfer',
        'supply.transfer.receive',
        () =>
          void run('supply.transfer.received', () => unwrap(api.POST('/api/v1/orders/{id}/receive', path))),
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
        onConfirm={async () => {
          await unwrap(api.PUT('/api/v1/orders/{id}/status', { ...path, body: { status: 'CANCELLED' } }));
          toast.show(t('supply.cancelled', { number: order.number }), 'success');
          await refresh();
        }}
      />
    </>
  );
};
