import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { containing } from '../../platform/db/like.ts';
import { storeScopeFilter } from '../../platform/db/store-scope.ts';
import { assertStoreAccess, inStoreScope, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Record as RecordOutcome } from '../../platform/http/idempotency.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { checkoutTerms, insertOrder } from './customer-orders.repo.ts';
import { customerOrderViews } from './customer-orders.view.ts';
import { linePriceProblem, lineTotal, MAX_TOTAL_MINOR, storedMinor } from './domain/money.ts';
import { CANCELLABLE, FULFILMENT, type FulfilmentAction, fulfilmentDecision } from './domain/saga.ts';
import { ordersEvents } from './events.ts';
import { customerEvent, logStep, orderEvent, type Saga, systemContext } from './saga.ts';
import { type CustomerOrderStatus, customerOrders, type PaymentProvider } from './schema.ts';

export type PlaceInput = {
  lines: { product_id: string; quantity: string }[];
  store_id: string;
  customer: { name: string; email: string };
  payment: {
    method: 'card' | 'redirect' | 'wallet';
    card_number?: string | undefined;
    phone?: string | undefined;
    provider?: PaymentProvider | undefined;
  };
};

export type PlaceOptions = {
  idempotencyKey: string;
  channel: 'api' | 'storefront';
  record?: RecordOutcome;
  /** Storefront orders sell only what is listed, at the listing's price. */
  listedOnly?: boolean;
};

export const createCustomerOrdersService = (
  p: Platform,
  saga: Saga,
  providers: { default: PaymentProvider; configured: PaymentProvider[] },
) => {
  const load = async (tenantId: string, id: string) => {
    const [o] = await p.uow.forTenant(tenantId, (tx) =>
      tx
        .select()
        .from(customerOrders)
        .where(and(eq(customerOrders.id, id), eq(customerOrders.tenantId, tenantId))),
    );
    if (!o) throw new DomainError('orders.customer_order_not_found');
    return o;
  };

  const get = (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const [o] = await tx
        .select()
        .from(customerOrders)
        .where(and(eq(customerOrders.id, id), eq(customerOrders.tenantId, ctx.tenantId)));
      // A store-scoped user does not learn that another store's order exists.
      if (!o || !inStoreScope(ctx, o.locationId)) throw new DomainError('orders.customer_order_not_found');
      const [view] = await customerOrderViews(tx, [o], { timeline: true });
      if (!view) throw new DomainError('orders.customer_order_not_found');
      return view;
    });

  /**
   * Step 1 of the saga in one transaction: the order, its lines, its payment record and the
   * reservation of every line (all or nothing: one short line is a 409 and nothing is written).
   * The order is created already claimed by this worker (its lease taken, one attempt counted),
   * so the saga carries on from the rows written here without a transaction of its own to claim
   * it. The order number is taken last, by the order's own statement: the tenant's counter row
   * stays locked until the commit, and every other checkout of the tenant waits on it meanwhile.
   */
  const create = (ctx: RequestContext, input: PlaceInput, opts: PlaceOptions) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      // Location, products, unit steps and list prices of every line in one statement.
      const found = await catalogFacade.lineItems(
        tx,
        ctx.tenantId,
        input.lines.map((l) => ({ productId: l.product_id, location: input.store_id })),
      );
      const location = found[0]?.location;
      if (!location) throw catalogFacade.locationMissing();
      assertStoreAccess(ctx, location.id);
      const provider = input.payment.provider ?? providers.default;
      if (!providers.configured.includes(provider))
        throw new DomainError('orders.provider_not_configured', {
          errors: [{ field: 'payment.provider', message: `${provider} is not configured` }],
        });
      if (provider === 'sandbox' && input.payment.method === 'card' && !input.payment.card_number)
        throw new DomainError('platform.validation', {
          errors: [{ field: 'payment.card_number', message: 'is required for card payments' }],
        });
      const products = input.lines.map((_, i) => {
        const product = found[i]?.product;
        if (!product)
          throw new DomainError('platform.validation', {
            errors: [{ field: `lines[${i}].product_id`, message: 'is not a product here' }],
          });
        return product;
      });
      catalogFacade.assertQuantities(
        input.lines.map((l, i) => ({
          step: products[i]?.step ?? '1',
          quantity: l.quantity,
          field: `lines[${i}].quantity`,
        })),
      );
      const ids = input.lines.map((l) => l.product_id);
      const settings = await checkoutTerms(tx, ctx.tenantId, location.id, ids);
      const listed = settings.listed;
      const priced = input.lines.map((l, i) => {
        const listing = listed.find((x) => x.productId === l.product_id);
        if (listing && listing.currency !== settings.currency)
          throw new DomainError('orders.no_price', {
            errors: [
              {
                field: `lines[${i}].product_id`,
                message: `is listed in ${listing.currency}, not ${settings.currency}`,
              },
            ],
          });
        const list = opts.listedOnly ? null : (products[i]?.price ?? null);
        const unit = listing
          ? listing.priceMinor
          : list !== null
            ? storedMinor(list, settings.currency)
            : null;
        if (unit === null)
          throw new DomainError('orders.no_price', {
            errors: [
              {
                field: `lines[${i}].product_id`,
                message: opts.listedOnly ? 'is not offered at this store' : 'has no price',
              },
            ],
          });
        const problem = linePriceProblem(l.quantity, unit, { sale: true });
        if (problem)
          throw new DomainError('orders.invalid_order', {
            detail: `lines[${i}].quantity: ${problem}`,
            errors: [{ field: `lines[${i}].quantity`, message: problem }],
          });
        return { ...l, unit, listingId: listing?.id ?? null };
      });
      const total = priced.reduce((s, l) => s + lineTotal(l.quantity, l.unit), 0);
      if (total > MAX_TOTAL_MINOR)
        throw new DomainError('orders.invalid_order', {
          detail: `lines: the order comes to more than ${MAX_TOTAL_MINOR} minor units`,
          errors: [{ field: 'lines', message: `come to more than ${MAX_TOTAL_MINOR} minor units` }],
        });
      const id = randomUUID();
      const createdBy = ctx.kind === 'user' ? ctx.userId : null;
      const reservation = await inventoryFacade.reserve(tx, emit, systemContext(ctx.tenantId, createdBy), {
        // The order's id: its number is only taken with the order's own statement.
        customer_id: `order:${id}`,
        ttl: settings.checkoutHoldMinutes * 60,
        lines: priced.map((l) => ({ product_id: l.product_id, store_id: location.id, quantity: l.quantity })),
      });
      const card = input.payment.card_number?.replace(/[\s-]/g, '');
      const { order, payment } = await insertOrder(tx, {
        id,
        tenantId: ctx.tenantId,
        prefix: 'SO',
        idempotencyKey: opts.idempotencyKey,
        channel: opts.channel,
        locationId: location.id,
        customerName: input.customer.name,
        customerEmail: input.customer.email,
        currency: settings.currency,
        totalMinor: total,
        reservationId: reservation.reservation_id,
        createdBy,
        lines: priced.map((l) => ({
          productId: l.product_id,
          listingId: l.listingId,
          quantity: l.quantity,
          unitPriceMinor: l.unit,
        })),
        payment: {
          provider,
          method: input.payment.method,
          cardLast4: card ? card.slice(-4) : null,
          cardToken: card ? p.sealer.seal(card) : null,
          payerPhone: input.payment.phone ?? null,
        },
      });
      emit(ordersEvents.customerCreated.create(orderEvent(order, ids)));
      await opts.record?.(tx, { status: 201, body: { id: order.id, number: order.number } });
      return { o: order, pay: payment, productIds: ids };
    });

  const fulfil = async (ctx: RequestContext, id: string, action: FulfilmentAction, tracking?: string) => {
    await p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const [o] = await tx
        .select()
        .from(customerOrders)
        .where(and(eq(customerOrders.id, id), eq(customerOrders.tenantId, ctx.tenantId)))
        .for('update');
      // Another store's order is not a Seller's to see, let alone fulfil.
      if (!o || !inStoreScope(ctx, o.locationId)) throw new DomainError('orders.customer_order_not_found');
      const decision = fulfilmentDecision(action, o.status);
      if (decision === 'already') return;
      if (decision === 'refuse')
        throw new DomainError('orders.customer_order_closed', {
          detail: `A ${o.status} order cannot be ${action === 'ship' ? 'shipped' : `${action}ed`}; it must be ${FULFILMENT[action].from.join(' or ')}.`,
        });
      const to: CustomerOrderStatus = FULFILMENT[action].to;
      const set: Partial<typeof customerOrders.$inferInsert> = { status: to };
      if (action === 'ship') {
        // The shipment consumes the reservation: on hand and reserved drop together in the ledger.
        if (o.reservationId)
          await inventoryFacade.confirmReservation(
            tx,
            emit,
            systemContext(ctx.tenantId, ctx.userId),
            o.reservationId,
          );
        set.trackingNumber =
          tracking ?? `FLJ-${o.number.replace(/\D/g, '')}-${Date.now().toString(36).toUpperCase()}`;
      }
      if (action === 'deliver') set.sagaStep = 'done';
      const [moved] = await tx
        .update(customerOrders)
        .set({ ...set, updatedAt: sql`now()` })
        .where(eq(customerOrders.id, id))
        .returning();
      if (!moved) return;
      await logStep(tx, o, action, 'done', action === 'ship' ? { tracking_number: set.trackingNumber } : {});
      if (action === 'ship') emit(ordersEvents.customerShipped.create(await customerEvent(tx, moved)));
      if (action === 'deliver') emit(ordersEvents.customerDelivered.create(await customerEvent(tx, moved)));
    });
    return get(ctx, id);
  };

  return {
    get,
    /** Places an order and runs its saga as far as it goes now (to CONFIRMED, PAYMENT_PENDING or CANCELLED). */
    place: async (ctx: RequestContext, input: PlaceInput, opts: PlaceOptions) => {
      const claimed = await create(ctx, input, opts);
      saga.checkpoint('reserve', claimed.o.id);
      const done = await saga.advance(ctx.tenantId, claimed.o.id, claimed);
      // The saga's last transaction read the order as it left it; otherwise it is read now.
      return done?.view ?? get(ctx, claimed.o.id);
    },

    list: (
      ctx: RequestContext,
      q: PageQuery & {
        status?: CustomerOrderStatus | undefined;
        store_id?: string | undefined;
        q?: string | undefined;
      },
    ) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const location = q.store_id ? await catalogFacade.location(tx, ctx.tenantId, q.store_id) : null;
        if (location) assertStoreAccess(ctx, location.id);
        const rows = await tx
          .select({ o: customerOrders, total: sql<number>`count(*) over ()::int` })
          .from(customerOrders)
          .where(
            and(
              eq(customerOrders.tenantId, ctx.tenantId),
              q.status ? eq(customerOrders.status, q.status) : undefined,
              location ? eq(customerOrders.locationId, location.id) : undefined,
              storeScopeFilter(ctx, customerOrders.locationId),
              q.q
                ? sql`(${customerOrders.number} ilike ${containing(q.q)} or ${customerOrders.customerEmail} ilike ${containing(q.q)} or ${customerOrders.customerName} ilike ${containing(q.q)})`
                : undefined,
            ),
          )
          .orderBy(desc(customerOrders.createdAt), desc(customerOrders.id))
          .limit(q.limit)
          .offset(offsetOf(q));
        const views = await customerOrderViews(
          tx,
          rows.map((r) => r.o),
          { timeline: false },
        );
        return pageOf(views, rows[0]?.total ?? 0, q);
      }),

    /** Cancels before shipping: the saga voids or refunds the payment and releases the stock. */
    cancel: async (ctx: RequestContext, id: string, reason = 'cancelled') => {
      const o = await load(ctx.tenantId, id);
      if (!inStoreScope(ctx, o.locationId)) throw new DomainError('orders.customer_order_not_found');
      if (o.status === 'CANCELLED') return get(ctx, id);
      if (!CANCELLABLE.includes(o.status))
        throw new DomainError('orders.customer_order_closed', {
          detail: `A ${o.status} order can no longer be cancelled.`,
        });
      const moved = await p.uow.forTenant(ctx.tenantId, async (tx) => {
        const m = await saga.requestCancel(tx, o, reason);
        if (m) await logStep(tx, o, 'cancel_requested', 'done', { reason, by: ctx.userId });
        return m;
      });
      if (!moved)
        throw new DomainError('orders.customer_order_closed', {
          detail: 'The order changed while cancelling; reload it and try again.',
        });
      await saga.advance(ctx.tenantId, id);
      return get(ctx, id);
    },

    fulfil,
  };
};

export type CustomerOrdersService = ReturnType<typeof createCustomerOrdersService>;
