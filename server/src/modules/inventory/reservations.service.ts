import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import type { Record as RecordOutcome } from '../../platform/http/idempotency.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { inventoryEvents } from './events.ts';
import { byItem, lockItem, postMovement } from './ledger.ts';
import { linesOf, load, view } from './reservations.view.ts';
import { type ReservationStatus, reservationLines, reservations, stockBalances } from './schema.ts';

export type ReserveInput = {
  customer_id: string;
  ttl: number;
  lines: { product_id: string; store_id: string; quantity: string }[];
  /** Seed 001's single-line body: errors name `quantity`, not `lines[0].quantity`. */
  flat?: boolean;
};

const productIds = (lines: { productId: string }[]) => [...new Set(lines.map((l) => l.productId))];
const locationIds = (lines: { locationId: string }[]) => [...new Set(lines.map((l) => l.locationId))];

/** Confirming or cancelling moves stock at every line's store: each must be the caller's. */
const assertLinesInScope = (ctx: RequestContext, lines: { locationId: string }[]) => {
  for (const l of lines) assertStoreAccess(ctx, l.locationId);
};

/** All lines or none: one line short of stock rolls the whole reservation back. */
export const reserveIn = async (tx: Tx, emit: Emit, ctx: RequestContext, input: ReserveInput) => {
  const lines = [];
  const seen = new Set<string>();
  const steps: string[] = [];
  for (const [i, l] of input.lines.entries()) {
    const location = await catalogFacade.location(tx, ctx.tenantId, l.store_id);
    assertStoreAccess(ctx, location.id);
    const product = await catalogFacade.product(tx, ctx.tenantId, l.product_id);
    steps.push(product.step);
    // One line per product and location (a code and an id may name the same one): the lines
    // are keyed that way, and a second would hit the key instead of a clear answer.
    const item = `${l.product_id}|${location.id}`;
    if (seen.has(item))
      throw new DomainError('platform.validation', {
        detail: `lines[${i}]: this product is already on another line at ${location.code}`,
        errors: [{ field: `lines[${i}]`, message: `repeats another line's product at ${location.code}` }],
      });
    seen.add(item);
    lines.push({
      productId: l.product_id,
      locationId: location.id,
      code: location.code,
      quantity: l.quantity,
    });
  }
  catalogFacade.assertQuantities(
    input.lines.map((l, i) => ({
      step: steps[i] ?? '1',
      quantity: l.quantity,
      field: input.flat ? 'quantity' : `lines[${i}].quantity`,
    })),
  );
  lines.sort(byItem);
  const [r] = await tx
    .insert(reservations)
    .values({
      tenantId: ctx.tenantId,
      customerId: input.customer_id,
      expiresAt: sql`now() + make_interval(secs => ${input.ttl})`,
      createdBy: ctx.userId,
    })
    .returning();
  if (!r) throw new Error('reservation insert returned nothing');
  for (const l of lines) {
    await lockItem(tx, ctx.tenantId, l);
    const [b] = await tx
      .update(stockBalances)
      .set({
        reserved: sql`${stockBalances.reserved} + ${l.quantity}::numeric`,
        version: sql`${stockBalances.version} + 1`,
      })
      .where(
        and(
          eq(stockBalances.productId, l.productId),
          eq(stockBalances.locationId, l.locationId),
          sql`${stockBalances.onHand} - ${stockBalances.reserved} >= ${l.quantity}::numeric`,
        ),
      )
      .returning({
        available: sql<string>`(${stockBalances.onHand} - ${stockBalances.reserved})::text`,
      });
    if (!b) {
      const [now] = await tx
        .select({ available: sql<string>`(${stockBalances.onHand} - ${stockBalances.reserved})::text` })
        .from(stockBalances)
        .where(and(eq(stockBalances.productId, l.productId), eq(stockBalances.locationId, l.locationId)));
      throw new DomainError('inventory.insufficient_stock', {
        detail: `Only ${now?.available ?? 0} of this product available at ${l.code}.`,
        meta: { product_id: l.productId, store_id: l.code, available: now?.available ?? '0' },
      });
    }
    await tx.insert(reservationLines).values({
      tenantId: ctx.tenantId,
      reservationId: r.id,
      expiresAt: r.expiresAt,
      productId: l.productId,
      locationId: l.locationId,
      quantity: l.quantity,
    });
  }
  emit(
    inventoryEvents.reservationCreated.create({
      tenantId: ctx.tenantId,
      aggregateId: r.id,
      payload: { status: 'PENDING', product_ids: productIds(lines), location_ids: locationIds(lines) },
    }),
  );
  return view(r, lines);
};

/** Stock leaves: a shipment from each line's location consumes the reservation. */
export const confirmIn = async (tx: Tx, emit: Emit, ctx: RequestContext, id: string) => {
  const { r, lines } = await load(tx, ctx, id);
  assertLinesInScope(ctx, lines);
  if (r.status !== 'PENDING')
    throw new DomainError('inventory.reservation_closed', {
      detail: `The reservation is ${r.status}.`,
    });
  if (new Date(r.expiresAt) <= new Date()) throw new DomainError('inventory.reservation_expired');
  const codes = new Map<string, { code: string; allowNegative: boolean }>();
  for (const l of lines) {
    if (!codes.has(l.locationId))
      codes.set(l.locationId, await catalogFacade.location(tx, ctx.tenantId, l.locationId));
  }
  for (const l of lines) {
    await lockItem(tx, ctx.tenantId, l);
    // The hold is let go and the same quantity ships under the same lock: on hand and
    // reserved drop together, and the shipment is an ordinary ledger movement with its event.
    await tx
      .update(stockBalances)
      .set({ reserved: sql`${stockBalances.reserved} - ${l.quantity}::numeric` })
      .where(and(eq(stockBalances.productId, l.productId), eq(stockBalances.locationId, l.locationId)));
    const loc = codes.get(l.locationId);
    await postMovement(
      tx,
      ctx,
      {
        productId: l.productId,
        locationId: l.locationId,
        locationCode: loc?.code ?? '',
        allowNegative: true,
        quantity: `-${l.quantity}`,
        kind: 'shipment',
        reason: 'reservation confirmed',
        reference: { type: 'reservation', id: r.id },
        locked: true,
      },
      emit,
    );
  }
  await tx
    .update(reservationLines)
    .set({ releasedAt: sql`now()` })
    .where(eq(reservationLines.reservationId, id));
  const [done] = await tx
    .update(reservations)
    .set({ status: 'CONFIRMED', closedAt: sql`now()` })
    .where(eq(reservations.id, id))
    .returning();
  emit(
    inventoryEvents.reservationConfirmed.create({
      tenantId: ctx.tenantId,
      aggregateId: id,
      payload: { status: 'CONFIRMED', product_ids: productIds(lines), location_ids: locationIds(lines) },
    }),
  );
  return view(done ?? r, lines);
};

/** The held stock goes back. */
export const cancelIn = async (tx: Tx, emit: Emit, ctx: RequestContext, id: string) => {
  const { r, lines } = await load(tx, ctx, id);
  assertLinesInScope(ctx, lines);
  if (r.status !== 'PENDING')
    throw new DomainError('inventory.reservation_closed', {
      detail: `The reservation is ${r.status}.`,
    });
  for (const l of lines) {
    await lockItem(tx, ctx.tenantId, l);
    const released = await tx
      .update(reservationLines)
      .set({ releasedAt: sql`now()` })
      .where(
        and(
          eq(reservationLines.reservationId, id),
          eq(reservationLines.productId, l.productId),
          eq(reservationLines.locationId, l.locationId),
          isNull(reservationLines.releasedAt),
        ),
      )
      .returning({ q: reservationLines.quantity });
    if (released[0]) {
      await tx
        .update(stockBalances)
        .set({
          reserved: sql`${stockBalances.reserved} - ${released[0].q}::numeric`,
          version: sql`${stockBalances.version} + 1`,
        })
        .where(and(eq(stockBalances.productId, l.productId), eq(stockBalances.locationId, l.locationId)));
    }
  }
  const [done] = await tx
    .update(reservations)
    .set({ status: 'CANCELLED', closedAt: sql`now()` })
    .where(eq(reservations.id, id))
    .returning();
  emit(
    inventoryEvents.reservationCancelled.create({
      tenantId: ctx.tenantId,
      aggregateId: id,
      payload: { status: 'CANCELLED', product_ids: productIds(lines), location_ids: locationIds(lines) },
    }),
  );
  return view(done ?? r, lines);
};

/**
 * Keeps a pending reservation holding for `seconds` from now (a paid order holds its stock until
 * it ships). Returns false when the reservation no longer holds anything.
 */
export const extendIn = async (tx: Tx, tenantId: string, id: string, seconds: number) => {
  const [r] = await tx
    .update(reservations)
    .set({ expiresAt: sql`now() + make_interval(secs => ${seconds})` })
    .where(
      and(
        eq(reservations.id, id),
        eq(reservations.tenantId, tenantId),
        eq(reservations.status, 'PENDING'),
        sql`${reservations.expiresAt} > now()`,
      ),
    )
    .returning({ expiresAt: reservations.expiresAt });
  if (!r) return false;
  await tx
    .update(reservationLines)
    .set({ expiresAt: r.expiresAt })
    .where(and(eq(reservationLines.reservationId, id), isNull(reservationLines.releasedAt)));
  return true;
};

/** A reservation's status as stored (PENDING past its expiry reads EXPIRED), or null. */
export const statusIn = async (tx: Tx, tenantId: string, id: string) => {
  const [r] = await tx
    .select({ status: reservations.status, live: sql<boolean>`${reservations.expiresAt} > now()` })
    .from(reservations)
    .where(and(eq(reservations.id, id), eq(reservations.tenantId, tenantId)));
  if (!r) return null;
  return r.status === 'PENDING' && !r.live ? ('EXPIRED' as const) : r.status;
};

export const createReservationsService = (p: Platform) => {
  return {
    reserve: (ctx: RequestContext, input: ReserveInput, record?: RecordOutcome) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const out = await reserveIn(tx, emit, ctx, input);
        await record?.(tx, { status: 201, body: out });
        return out;
      }),

    /**
     * Reservations, newest first. PENDING means still holding stock: a pending reservation past
     * its expiry is listed as EXPIRED even before the job marks it.
     */
    list: (
      ctx: RequestContext,
      q: PageQuery & { status?: ReservationStatus | undefined; customer_id?: string | undefined },
    ) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const status =
          q.status === 'PENDING'
            ? and(eq(reservations.status, 'PENDING'), sql`${reservations.expiresAt} > now()`)
            : q.status === 'EXPIRED'
              ? sql`(${reservations.status} = 'EXPIRED' or (${reservations.status} = 'PENDING' and ${reservations.expiresAt} <= now()))`
              : q.status
                ? eq(reservations.status, q.status)
                : undefined;
        const rows = await tx
          .select({ r: reservations, total: sql<number>`count(*) over ()::int` })
          .from(reservations)
          .where(
            and(
              eq(reservations.tenantId, ctx.tenantId),
              status,
              q.customer_id ? eq(reservations.customerId, q.customer_id) : undefined,
              // A Seller lists the holds at their stores only (and so only those customers).
              ctx.storeIds === null
                ? undefined
                : sql`exists (select 1 from ${reservationLines} l where l.reservation_id = ${reservations.id} and l.location_id = any(${sql.param(ctx.storeIds)}::uuid[]))`,
            ),
          )
          .orderBy(desc(reservations.createdAt), desc(reservations.id))
          .limit(q.limit)
          .offset(offsetOf(q));
        const ids = rows.map((x) => x.r.id);
        const lines = ids.length ? await linesOf(tx, ids) : [];
        return pageOf(
          rows.map((x) => view(x.r, lines.filter((l) => l.reservationId === x.r.id).sort(byItem))),
          rows[0]?.total ?? 0,
          q,
        );
      }),

    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const { r, lines } = await load(tx, ctx, id);
        return view(r, lines);
      }),

    confirm: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, (tx, emit) => confirmIn(tx, emit, ctx, id)),

    cancel: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, (tx, emit) => cancelIn(tx, emit, ctx, id)),

    /** The job: releases what expired reservations still hold and marks them EXPIRED. */
    expireDue: async (budgetMs = 50_000) => {
      const started = Date.now();
      let closed = 0;
      for (;;) {
        const due = await p.database.db
          .select({ id: reservations.id, tenantId: reservations.tenantId })
          .from(reservations)
          .where(and(eq(reservations.status, 'PENDING'), sql`${reservations.expiresAt} <= now()`))
          .orderBy(asc(reservations.expiresAt))
          .limit(500);
        for (const d of due) {
          await p.uow.forTenant(d.tenantId, async (tx, emit) => {
            const lines = (
              await tx.select().from(reservationLines).where(eq(reservationLines.reservationId, d.id))
            ).sort(byItem);
            for (const l of lines) await lockItem(tx, d.tenantId, l);
            const [done] = await tx
              .update(reservations)
              .set({ status: 'EXPIRED', closedAt: sql`now()` })
              .where(and(eq(reservations.id, d.id), eq(reservations.status, 'PENDING')))
              .returning({ id: reservations.id });
            if (done)
              emit(
                inventoryEvents.reservationExpired.create({
                  tenantId: d.tenantId,
                  aggregateId: d.id,
                  payload: {
                    status: 'EXPIRED',
                    product_ids: productIds(lines),
                    location_ids: locationIds(lines),
                  },
                }),
              );
          });
        }
        closed += due.length;
        // Batches until none is due or the minute's budget is spent: the next run picks up the rest.
        if (due.length < 500 || Date.now() - started > budgetMs) return closed;
      }
    },
  };
};

export type ReservationsService = ReturnType<typeof createReservationsService>;
