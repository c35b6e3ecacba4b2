import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { assertStoreAccess, type RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import type { Record as RecordOutcome } from '../../platform/http/idempotency.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import { isUuid } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade, decimalOut } from '../catalog/index.ts';
import { inventoryEvents } from './events.ts';
import { byItem, lockItem, lockItems, postMovement, releaseLockedHolds, trim } from './ledger.ts';
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

type Held = {
  location_id: string | null;
  code: string | null;
  product_id: string | null;
  step: string | null;
  available: string | null;
  id: string | null;
  status: ReservationStatus | null;
  expires_at: string | null;
  created_by: string | null;
  created_at: string | null;
};

/**
 * A one-line reservation in one statement: it finds the location (code or id) and product,
 * locks the balance row, releases the item's expired holds, takes the hold if the stock is
 * there, and writes the reservation and its line only then. The checks follow in the order a
 * multi-line reservation makes them (location, store scope, product, quantity step, stock); a
 * failed one throws, and the transaction rolls back whatever the statement did. With no balance
 * row, nothing is locked and nothing is held: the item has no stock.
 */
const reserveOne = async (
  tx: Tx,
  emit: Emit,
  ctx: RequestContext,
  input: ReserveInput,
  line: ReserveInput['lines'][number],
) => {
  const byId = isUuid(line.store_id);
  const productId = isUuid(line.product_id) ? line.product_id : null;
  const { rows } = await tx.execute<Held>(sql`
    with item as (
      select l.id as location_id, l.code, p.id as product_id, p.uom_step::text as step
      from (select 1) one
      left join catalog_locations l on l.tenant_id = ${ctx.tenantId}
        and ${byId ? sql`l.id = ${line.store_id}::uuid` : sql`l.code = ${line.store_id}`}
      left join catalog_products p on p.tenant_id = ${ctx.tenantId} and p.id = ${productId}::uuid),
    locked as (
      select b.product_id, b.location_id, b.on_hand, b.reserved
      from stock_balances b join item i on b.product_id = i.product_id and b.location_id = i.location_id
      for update of b),
    ${releaseLockedHolds},
    held as (
      update stock_balances b
      set reserved = b.reserved - f.q + ${line.quantity}::numeric, version = b.version + 1
      from locked k, freed f
      where b.product_id = k.product_id and b.location_id = k.location_id
        and b.on_hand - b.reserved + f.q >= ${line.quantity}::numeric
      returning 1),
    r as (
      insert into reservations (tenant_id, customer_id, expires_at, created_by)
      select ${ctx.tenantId}, ${input.customer_id}, now() + make_interval(secs => ${input.ttl}), ${ctx.userId}
      where exists (select 1 from held)
      returning id, status, expires_at, created_by, created_at),
    written as (
      insert into reservation_lines (tenant_id, reservation_id, product_id, location_id, quantity, expires_at)
      select ${ctx.tenantId}, r.id, i.product_id, i.location_id, ${line.quantity}::numeric, r.expires_at
      from r, item i
      returning 1)
    select i.location_id, i.code, i.product_id, i.step,
      (k.on_hand - k.reserved + f.q)::text as available,
      r.id, r.status, r.expires_at::text as expires_at, r.created_by, r.created_at::text as created_at,
      (select count(*) from written) as written
    from item i left join locked k on true left join freed f on true left join r on true`);
  const h = rows[0];
  if (!h?.location_id || !h.code) throw catalogFacade.locationMissing();
  assertStoreAccess(ctx, h.location_id);
  if (!h.product_id) throw catalogFacade.productMissing();
  catalogFacade.assertQuantities([
    {
      step: decimalOut(h.step) ?? '1',
      quantity: line.quantity,
      field: input.flat ? 'quantity' : 'lines[0].quantity',
    },
  ]);
  const lines = [
    { productId: h.product_id, locationId: h.location_id, code: h.code, quantity: line.quantity },
  ];
  if (!h.id || !h.status || !h.expires_at || !h.created_at) {
    const available = trim(h.available ?? '0');
    throw new DomainError('inventory.insufficient_stock', {
      detail: `Only ${available} of this product available at ${h.code}.`,
      meta: { product_id: h.product_id, store_id: h.code, available },
    });
  }
  emit(
    inventoryEvents.reservationCreated.create({
      tenantId: ctx.tenantId,
      aggregateId: h.id,
      payload: { status: 'PENDING', product_ids: [h.product_id], location_ids: [h.location_id] },
    }),
  );
  return view(
    {
      id: h.id,
      tenantId: ctx.tenantId,
      customerId: input.customer_id,
      status: h.status,
      expiresAt: h.expires_at,
      createdBy: h.created_by,
      createdAt: h.created_at,
      closedAt: null,
    },
    lines,
  );
};

/**
 * All lines or none: one line short of stock rolls the whole reservation back. The catalog is
 * read in one statement for every line, the items are locked in `byItem` order (their expired
 * holds released), then one statement holds every line, writes the reservation and its lines
 * only if every hold took, and answers the reservation.
 */
export const reserveIn = async (tx: Tx, emit: Emit, ctx: RequestContext, input: ReserveInput) => {
  const [first] = input.lines;
  if (input.lines.length === 1 && first) return reserveOne(tx, emit, ctx, input, first);
  const found = await catalogFacade.lineItems(
    tx,
    ctx.tenantId,
    input.lines.map((l) => ({ productId: l.product_id, location: l.store_id })),
  );
  const lines = [];
  const seen = new Set<string>();
  const steps: string[] = [];
  for (const [i, l] of input.lines.entries()) {
    const location = found[i]?.location;
    if (!location) throw catalogFacade.locationMissing();
    assertStoreAccess(ctx, location.id);
    const product = found[i]?.product;
    if (!product) throw catalogFacade.productMissing();
    steps.push(product.step);
    // One line per product and location (a code and an id may name the same one): the lines
    // are keyed that way, and a second would hit the key instead of a clear answer.
    const item = `${product.id}|${location.id}`;
    if (seen.has(item))
      throw new DomainError('platform.validation', {
        detail: `lines[${i}]: this product is already on another line at ${location.code}`,
        errors: [{ field: `lines[${i}]`, message: `repeats another line's product at ${location.code}` }],
      });
    seen.add(item);
    lines.push({
      productId: product.id,
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
  const [only] = lines;
  if (lines.length === 1 && only) await lockItem(tx, ctx.tenantId, only);
  else await lockItems(tx, ctx.tenantId, lines);
  const products = sql.param(lines.map((l) => l.productId));
  const locations = sql.param(lines.map((l) => l.locationId));
  const quantities = sql.param(lines.map((l) => l.quantity));
  // The rows are locked by this transaction: each hold either takes now or the stock is short.
  const { rows } = await tx.execute<{
    id: string;
    status: ReservationStatus;
    customer_id: string;
    expires_at: string;
    created_by: string | null;
    created_at: string;
  }>(sql`
    with want as (
      select u.p, u.l, u.q from unnest(${products}::uuid[], ${locations}::uuid[], ${quantities}::numeric[]) u(p, l, q)),
    held as (
      update stock_balances b set reserved = b.reserved + w.q, version = b.version + 1
      from want w
      where b.product_id = w.p and b.location_id = w.l and b.on_hand - b.reserved >= w.q
      returning b.product_id),
    r as (
      insert into reservations (tenant_id, customer_id, expires_at, created_by)
      select ${ctx.tenantId}, ${input.customer_id}, now() + make_interval(secs => ${input.ttl}), ${ctx.userId}
      where (select count(*) from held) = ${lines.length}
      returning id, status, customer_id, expires_at, created_by, created_at),
    written as (
      insert into reservation_lines (tenant_id, reservation_id, product_id, location_id, quantity, expires_at)
      select ${ctx.tenantId}, r.id, w.p, w.l, w.q, r.expires_at from r, want w
      returning 1)
    select r.id, r.status, r.customer_id, r.expires_at::text as expires_at, r.created_by,
      r.created_at::text as created_at, (select count(*) from written) as written
    from r`);
  const r = rows[0];
  if (!r) {
    // Some line was short: name the first in lock order (the holds taken roll back with the error).
    const { rows: now } = await tx.execute<{ p: string; l: string; available: string }>(sql`
      select b.product_id as p, b.location_id as l, (b.on_hand - b.reserved)::text as available
      from stock_balances b
      where (b.product_id, b.location_id) in (
        select * from unnest(${products}::uuid[], ${locations}::uuid[]))`);
    const short =
      lines.find((l) => {
        const b = now.find((x) => x.p === l.productId && x.l === l.locationId);
        return Number(b?.available ?? 0) < Number(l.quantity);
      }) ?? only;
    const available = trim(
      now.find((x) => x.p === short?.productId && x.l === short?.locationId)?.available ?? '0',
    );
    throw new DomainError('inventory.insufficient_stock', {
      detail: `Only ${available} of this product available at ${short?.code ?? ''}.`,
      meta: { product_id: short?.productId ?? '', store_id: short?.code ?? '', available },
    });
  }
  emit(
    inventoryEvents.reservationCreated.create({
      tenantId: ctx.tenantId,
      aggregateId: r.id,
      payload: { status: 'PENDING', product_ids: productIds(lines), location_ids: locationIds(lines) },
    }),
  );
  return view(
    {
      id: r.id,
      tenantId: ctx.tenantId,
      customerId: r.customer_id,
      status: r.status,
      expiresAt: r.expires_at,
      createdBy: r.created_by,
      createdAt: r.created_at,
      closedAt: null,
    },
    lines,
  );
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
  // One statement: the reservation and its open lines get the same new expiry.
  const { rows } = await tx.execute<{ extended: number }>(sql`
    with r as (
      update ${reservations} set expires_at = now() + make_interval(secs => ${seconds})
      where id = ${id} and tenant_id = ${tenantId} and status = 'PENDING' and expires_at > now()
      returning id, expires_at),
    l as (
      update ${reservationLines} set expires_at = r.expires_at from r
      where ${reservationLines}.reservation_id = r.id and ${reservationLines}.released_at is null
      returning 1)
    select (select count(*) from r)::int as extended, (select count(*) from l)::int as lines`);
  return (rows[0]?.extended ?? 0) > 0;
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
