import { and, eq, getTableColumns, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import type { Platform } from '../../platform/platform.ts';
import { inventoryFacade } from '../inventory/index.ts';
import {
  ACTIVE_STEPS,
  afterAuthorize,
  MAX_ATTEMPTS,
  moneyCompensation,
  type SagaStep,
} from './domain/saga.ts';
import { ordersEvents } from './events.ts';
import type { PaymentGateway } from './payments/gateway.ts';
import { LEASE_SECONDS } from './customer-orders.repo.ts';
import { type CustomerOrderView, customerOrderViews } from './customer-orders.view.ts';
import {
  customerEvent,
  dueSagas,
  type Gateways,
  logStep,
  type LoggedStep,
  orderEvent,
  paymentOf,
  reread,
  returnUrlOf,
  SagaCrash,
  type SagaHooks,
  shopOrderToken,
  systemContext,
} from './saga.support.ts';
import { customerOrders, payments, sagaLog } from './schema.ts';

const orderColumns = Object.entries(getTableColumns(customerOrders));
/** An order row as the database sends it (by column name), as the query builder would map it. */
const orderOf = (raw: Record<string, unknown>) =>
  Object.fromEntries(
    orderColumns.map(([key, c]) => {
      const v = raw[c.name];
      return [key, v === null || v === undefined ? null : c.mapFromDriverValue(v)];
    }),
  ) as typeof customerOrders.$inferSelect;

/** A paid order keeps its stock reserved this long for fulfilment. */
const FULFILMENT_HOLD_SECONDS = 30 * 86_400;

/**
 * Runs customer order sagas. One worker at a time holds an order's lease while it runs its
 * active steps; every step ends in a transaction that moves `saga_step` only if it is still the
 * step that was run (compare and set), so a cancellation or webhook arriving meanwhile wins
 * cleanly. Gateway calls happen between transactions, never while holding a lock.
 */
type Order = typeof customerOrders.$inferSelect;
type Payment = typeof payments.$inferSelect;

export const createSaga = (p: Platform, gateways: Gateways, hooks: SagaHooks = {}) => {
  const after = (step: string, orderId: string) => hooks.afterStep?.(step, orderId);
  /**
   * Where a worker is with an order. `held`: this worker already kept the stock for fulfilment
   * (in the transaction that recorded the approval). `productIds`: the order's products, when
   * the worker knows them without reading its lines.
   */
  type State = {
    o: Order;
    pay: Payment;
    held?: boolean;
    productIds?: readonly string[];
    /** The order as the API shows it, read in the transaction that ended the saga's run. */
    view?: CustomerOrderView;
  };
  const viewOf = async (tx: Tx, o: Order) => (await customerOrderViews(tx, [o], { timeline: true }))[0];
  const eventOf = async (tx: Tx, s: State, o: Order) =>
    s.productIds ? orderEvent(o, s.productIds) : customerEvent(tx, o);

  /** Takes the order's lease (and counts an attempt) if its saga has an active step and nobody runs it. */
  const claim = (tenantId: string, id: string) =>
    p.uow.forTenant(tenantId, async (tx): Promise<State | null> => {
      const [o] = await tx
        .update(customerOrders)
        .set({
          leaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
          sagaAttempts: sql`${customerOrders.sagaAttempts} + 1`,
        })
        .where(
          and(
            eq(customerOrders.id, id),
            inArray(customerOrders.sagaStep, [...ACTIVE_STEPS]),
            or(isNull(customerOrders.leaseUntil), lt(customerOrders.leaseUntil, sql`now()`)),
          ),
        )
        .returning();
      return o ? { o, pay: await paymentOf(tx, id) } : null;
    });

  const release = (tenantId: string, id: string) =>
    p.uow.forTenant(tenantId, (tx) =>
      tx.update(customerOrders).set({ leaseUntil: null }).where(eq(customerOrders.id, id)),
    );

  /**
   * Moves the saga on from `from` only if it is still there (compare and set). Leaving the active
   * steps also lets go of the lease. When someone else moved it (a cancellation), the order as it
   * now stands comes back, so the worker carries on from there.
   */
  const move = async (tx: Tx, o: Order, from: SagaStep, set: Partial<typeof customerOrders.$inferInsert>) => {
    const active = set.sagaStep === undefined || ACTIVE_STEPS.includes(set.sagaStep as SagaStep);
    const [row] = await tx
      .update(customerOrders)
      .set({ ...set, ...(active ? {} : { leaseUntil: null }), updatedAt: sql`now()` })
      .where(and(eq(customerOrders.id, o.id), eq(customerOrders.sagaStep, from)))
      .returning();
    return row ?? null;
  };
  /**
   * `move`, with the payment's new state and the steps to log written by the same statement: the
   * payment is updated whether or not the order moved (as when written apart, before the move),
   * the steps only if it moved.
   */
  const moveWith = async (
    tx: Tx,
    o: Order,
    from: SagaStep,
    set: Partial<typeof customerOrders.$inferInsert>,
    also: { payment: { id: string; set: Partial<typeof payments.$inferInsert> }; log?: LoggedStep[] },
  ) => {
    const active = set.sagaStep === undefined || ACTIVE_STEPS.includes(set.sagaStep as SagaStep);
    const paid = tx
      .update(payments)
      .set({ ...also.payment.set, updatedAt: sql`now()` })
      .where(eq(payments.id, also.payment.id));
    const moved = tx
      .update(customerOrders)
      .set({ ...set, ...(active ? {} : { leaseUntil: null }), updatedAt: sql`now()` })
      .where(and(eq(customerOrders.id, o.id), eq(customerOrders.sagaStep, from)))
      .returning();
    const log = also.log ?? [];
    const { rows } = await tx.execute<Record<string, unknown>>(sql`
      with paid as (${paid.getSQL()} returning 1),
      moved as (${moved.getSQL()}),
      logged as (
        insert into ${sagaLog} (tenant_id, order_id, step, outcome, detail, at)
        select m.tenant_id, m.id, x.step, x.outcome, x.detail,
          clock_timestamp() + (x.n - 1)::int * interval '1 microsecond'
        from moved m,
          unnest(${sql.param(log.map((l) => l.step))}::text[], ${sql.param(log.map((l) => l.outcome))}::text[],
                 ${sql.param(log.map((l) => JSON.stringify(l.detail ?? {})))}::jsonb[]) with ordinality x(step, outcome, detail, n)
        on conflict do nothing
        returning 1)
      select moved.*, (select count(*) from paid) as paid, (select count(*) from logged) as logged from moved`);
    const row = rows[0];
    return row ? orderOf(row) : null;
  };
  const gatewayOf = (pay: Payment) => {
    const g = gateways.get(pay.provider);
    if (!g) throw new Error(`payment provider ${pay.provider} is not configured`);
    return g;
  };

  const authorize = async (s: State): Promise<State | null> => {
    const { o, pay } = s;
    const base = p.config.PUBLIC_URL ?? `http://localhost:${p.config.PORT}`;
    let result: Awaited<ReturnType<PaymentGateway['authorize']>> | null = null;
    try {
      result = await gatewayOf(pay).authorize({
        tenantId: o.tenantId,
        paymentId: pay.id,
        reference: o.number,
        amountMinor: pay.amountMinor,
        currency: pay.currency,
        method: pay.method,
        cardNumber: pay.cardToken ? p.sealer.open(pay.cardToken) : undefined,
        phone: pay.payerPhone ?? undefined,
        buyer: { name: o.customerName, email: o.customerEmail },
        idempotencyKey: `${pay.id}:authorize`,
        notificationUrl: `${base}/api/v1/payments/webhooks/${pay.provider}/${o.tenantId}`,
        returnUrl: await returnUrlOf(p, o, base),
      });
    } catch (err) {
      p.log.warn({ err, order: o.number }, 'payment authorisation failed; the saga retries');
    }
    const outcome = result?.status ?? 'error';
    const next = afterAuthorize(outcome, o.sagaAttempts);
    const state = await p.uow.forTenant(o.tenantId, async (tx): Promise<State | null> => {
      const paySet: Partial<Payment> = result
        ? {
            status: next.payment ?? pay.status,
            externalId: result.externalId,
            cardLast4: result.cardLast4 ?? pay.cardLast4,
            redirectUrl: result.status === 'pending' ? (result.redirectUrl ?? null) : null,
            failureReason: result.status === 'declined' ? result.reason : null,
            // The provider has answered: the card is no longer needed.
            cardToken: null,
          }
        : next.payment
          ? { status: next.payment, failureReason: 'gateway_unavailable', cardToken: null }
          : {};
      if (next.step === 'authorize') {
        await tx
          .update(payments)
          .set({ ...paySet, updatedAt: sql`now()` })
          .where(eq(payments.id, pay.id));
        return null;
      }
      const paid: Payment = { ...pay, ...paySet };
      const authorized: LoggedStep = {
        step: 'authorize',
        outcome: outcome === 'approved' || outcome === 'pending' ? 'done' : 'failed',
        detail: { outcome, ...(result?.status === 'declined' ? { reason: result.reason } : {}) },
      };
      // Approved: the stock is kept for fulfilment in this same transaction (the confirm step's
      // first part), so the approval and the hold commit together or not at all; a reservation
      // that lapsed meanwhile sends the saga to compensate, as the confirm step would.
      if (next.step === 'confirm') {
        const held = o.reservationId
          ? await inventoryFacade.extendReservation(tx, o.tenantId, o.reservationId, FULFILMENT_HOLD_SECONDS)
          : false;
        const moved = await moveWith(
          tx,
          o,
          'authorize',
          held
            ? { sagaStep: 'confirm', sagaAttempts: 0 }
            : { sagaStep: 'compensate', sagaAttempts: 0, cancelReason: 'reservation_expired' },
          {
            payment: { id: pay.id, set: paySet },
            log: [
              authorized,
              held
                ? { step: 'hold', outcome: 'done', detail: { reservation_id: o.reservationId } }
                : { step: 'hold', outcome: 'failed', detail: { reason: 'reservation_expired' } },
            ],
          },
        );
        if (!moved) return { o: await reread(tx, o.id), pay: paid };
        return held ? { ...s, o: moved, pay: paid, held: true } : { o: moved, pay: paid };
      }
      const moved = await moveWith(
        tx,
        o,
        'authorize',
        {
          sagaStep: next.step,
          sagaAttempts: 0,
          ...(next.status ? { status: next.status } : {}),
          ...(next.reason ? { cancelReason: next.reason } : {}),
        },
        { payment: { id: pay.id, set: paySet }, log: [authorized] },
      );
      if (!moved) return { o: await reread(tx, o.id), pay: paid };
      if (next.step === 'await_payment' && (await applyEarlyWebhook(tx, moved, pay.id)))
        return { o: await reread(tx, o.id), pay: await paymentOf(tx, o.id) };
      return { ...s, o: moved, pay: paid };
    });
    after('authorize', o.id);
    if (state?.held) after('hold', o.id);
    return state;
  };

  /** A webhook that beat our own record of the pending authorisation is applied now. */
  const applyEarlyWebhook = async (tx: Tx, o: Order, paymentId: string) => {
    const { rows } = await tx.execute<{ status: string }>(sql`
      select payload->>'status' as status from payment_webhook_events
      where tenant_id = ${o.tenantId} and payment_id = ${paymentId} and payload->>'status' in ('approved', 'declined')
      order by received_at desc limit 1`);
    const status = rows[0]?.status;
    return status ? settlePending(tx, o, paymentId, status as 'approved' | 'declined') : false;
  };

  /** The answer to a pending payment: confirm, or compensate. */
  const settlePending = async (
    tx: Tx,
    o: Order,
    paymentId: string,
    status: 'approved' | 'declined',
    reason?: string,
  ) => {
    const next = afterAuthorize(status, 0);
    const moved = await move(tx, o, 'await_payment', {
      sagaStep: next.step,
      ...(next.reason ? { cancelReason: next.reason } : {}),
    });
    if (!moved) return false;
    await tx
      .update(payments)
      .set({ status: next.payment ?? 'PENDING', failureReason: reason ?? null, updatedAt: sql`now()` })
      .where(eq(payments.id, paymentId));
    await logStep(tx, o, 'payment_answer', status === 'approved' ? 'done' : 'failed', { outcome: status });
    return true;
  };

  /**
   * The confirm step's first part: the stock stays held for fulfilment. A reservation that lapsed
   * means compensating: the state to carry on from comes back; null when the stock is held.
   */
  const hold = async (tx: Tx, { o, pay }: State): Promise<State | null> => {
    const ok = o.reservationId
      ? await inventoryFacade.extendReservation(tx, o.tenantId, o.reservationId, FULFILMENT_HOLD_SECONDS)
      : false;
    if (ok) {
      await logStep(tx, o, 'hold', 'done', { reservation_id: o.reservationId });
      return null;
    }
    const moved = await move(tx, o, 'confirm', {
      sagaStep: 'compensate',
      cancelReason: 'reservation_expired',
    });
    await logStep(tx, o, 'hold', 'failed', { reason: 'reservation_expired' });
    return { o: moved ?? (await reread(tx, o.id)), pay };
  };

  const confirm = async (s: State): Promise<State | null> => {
    const { o, pay } = s;
    // 1. The stock stays held for fulfilment (already, when this worker recorded the approval).
    if (!s.held) {
      const lapsed = await p.uow.forTenant(o.tenantId, (tx) => hold(tx, s));
      if (lapsed) return lapsed;
      after('hold', o.id);
    }
    // 2. Capture, outside any transaction.
    let captured: { ok: boolean; reason?: string } | null = null;
    if (pay.status === 'CAPTURED') captured = { ok: true };
    else {
      try {
        captured = await gatewayOf(pay).capture({
          tenantId: o.tenantId,
          externalId: pay.externalId ?? '',
          amountMinor: pay.amountMinor,
          currency: pay.currency,
          idempotencyKey: `${pay.id}:capture`,
        });
      } catch (err) {
        p.log.warn({ err, order: o.number }, 'payment capture failed; the saga retries');
      }
    }
    after('capture', o.id);
    // 3. Confirm (or give up after repeated failures).
    const state = await p.uow.forTenant(o.tenantId, async (tx, emit): Promise<State | null> => {
      if (!captured?.ok) {
        if (captured || o.sagaAttempts >= MAX_ATTEMPTS) {
          const moved = await move(tx, o, 'confirm', {
            sagaStep: 'compensate',
            cancelReason: 'capture_failed',
          });
          await logStep(tx, o, 'capture', 'failed', { reason: captured?.reason ?? 'gateway_unavailable' });
          return { o: moved ?? (await reread(tx, o.id)), pay };
        }
        return null;
      }
      const paid: Payment = { ...pay, status: 'CAPTURED' };
      const moved = await moveWith(
        tx,
        o,
        'confirm',
        { sagaStep: 'wait_fulfilment', status: 'CONFIRMED', sagaAttempts: 0 },
        {
          payment: { id: pay.id, set: { status: 'CAPTURED' } },
          log: [
            {
              step: 'capture',
              outcome: 'done',
              detail: { amount_minor: pay.amountMinor, currency: pay.currency },
            },
            { step: 'confirm', outcome: 'done' },
          ],
        },
      );
      // Cancelled while we captured: the compensation refunds (the payment now says CAPTURED).
      if (!moved) return { o: await reread(tx, o.id), pay: paid };
      const event = await eventOf(tx, s, moved);
      emit(ordersEvents.customerPaid.create(event));
      emit(ordersEvents.customerConfirmed.create(event));
      return { ...s, o: moved, pay: paid, view: await viewOf(tx, moved) };
    });
    after('confirm', o.id);
    return state;
  };

  const compensate = async ({ o, pay }: State): Promise<State | null> => {
    const action = moneyCompensation(pay.status);
    let outcome: { ok: boolean; reason?: string } | null = { ok: true };
    if (action !== 'none' && pay.externalId) {
      try {
        const g = gatewayOf(pay);
        const req = {
          tenantId: o.tenantId,
          externalId: pay.externalId,
          amountMinor: pay.amountMinor,
          currency: pay.currency,
          idempotencyKey: `${pay.id}:${action}`,
        };
        outcome = action === 'refund' ? await g.refund(req) : await g.void(req);
      } catch (err) {
        p.log.warn({ err, order: o.number }, `payment ${action} failed; the saga retries`);
        outcome = null;
      }
    }
    if (!outcome) return null;
    after(action === 'none' ? 'money' : action, o.id);
    const state = await p.uow.forTenant(o.tenantId, async (tx, emit): Promise<State | null> => {
      let paid = pay;
      if (action !== 'none') {
        const [row] = await tx
          .update(payments)
          .set({
            status: outcome.ok ? (action === 'refund' ? 'REFUNDED' : 'VOIDED') : pay.status,
            updatedAt: sql`now()`,
          })
          .where(eq(payments.id, pay.id))
          .returning();
        paid = row ?? pay;
        await logStep(tx, o, action, outcome.ok ? 'compensated' : 'failed', {
          amount_minor: pay.amountMinor,
        });
      }
      if (o.reservationId) {
        const status = await inventoryFacade.reservationStatus(tx, o.tenantId, o.reservationId);
        if (status === 'PENDING')
          await inventoryFacade.cancelReservation(
            tx,
            emit,
            systemContext(o.tenantId, o.createdBy),
            o.reservationId,
          );
        await logStep(tx, o, 'release', 'compensated', { reservation_id: o.reservationId, was: status });
      }
      const moved = await move(tx, o, 'compensate', {
        sagaStep: 'done',
        status: 'CANCELLED',
        sagaAttempts: 0,
      });
      if (!moved) return { o: await reread(tx, o.id), pay: paid };
      await logStep(tx, o, 'cancel', 'compensated', { reason: moved.cancelReason });
      emit(ordersEvents.customerCancelled.create(await customerEvent(tx, moved)));
      return { o: moved, pay: paid, view: await viewOf(tx, moved) };
    });
    after('compensate', o.id);
    return state;
  };

  /** Runs the order's active steps; `claimed`: the order as its creator wrote it, lease taken. */
  const advance = async (tenantId: string, orderId: string, claimed?: State) => {
    let state = claimed ?? (await claim(tenantId, orderId));
    if (!state) return;
    let crashed = false;
    let holding = true;
    try {
      for (let i = 0; state && i < 10; i++) {
        const step = state.o.sagaStep as SagaStep;
        if (!ACTIVE_STEPS.includes(step)) {
          holding = false;
          break;
        }
        const next: State | null =
          step === 'authorize'
            ? await authorize(state)
            : step === 'confirm'
              ? await confirm(state)
              : await compensate(state);
        // A step that did not move on (a gateway that did not answer) is retried by the resume job.
        if (!next || next.o.sagaStep === step) break;
        state = next;
      }
    } catch (err) {
      if (err instanceof SagaCrash) crashed = true;
      else throw err;
    } finally {
      // A crashed worker leaves its lease to run out, as a dead process would.
      if (!crashed && holding) await release(tenantId, orderId);
    }
    if (crashed) throw new SagaCrash('crashed');
    return state;
  };

  return {
    advance,
    /** A point where a test may stop the process (after the order's first transaction). */
    checkpoint: after,
    settlePending,
    /** Cancels an order whose saga is at `from`; the compensation runs next. */
    requestCancel: async (tx: Tx, o: Order, reason: string) =>
      move(tx, o, o.sagaStep as SagaStep, { sagaStep: 'compensate', cancelReason: reason }),
    /**
     * The resume job: sagas whose worker died (lease run out), that nobody picked up after they
     * were created, or whose step failed to reach a gateway; and payments that never answered.
     */
    resumeDue: async () => {
      const { stale, timedOut } = await dueSagas(p);
      for (const { o } of timedOut) {
        await p.uow.forTenant(o.tenantId, async (tx) => {
          const moved = await move(tx, o, 'await_payment', {
            sagaStep: 'compensate',
            cancelReason: 'payment_timeout',
          });
          if (moved) await logStep(tx, o, 'payment_answer', 'failed', { outcome: 'timeout' });
        });
        stale.push({ id: o.id, tenantId: o.tenantId });
      }
      let n = 0;
      for (const s of stale) {
        try {
          await advance(s.tenantId, s.id);
          n++;
        } catch (err) {
          p.log.error({ err, order: s.id }, 'saga resume failed');
        }
      }
      return n;
    },
  };
};

export type Saga = ReturnType<typeof createSaga>;
export type { Emit };
export {
  customerEvent,
  type Gateways,
  logStep,
  orderEvent,
  SagaCrash,
  type SagaHooks,
  shopOrderToken,
  systemContext,
};
