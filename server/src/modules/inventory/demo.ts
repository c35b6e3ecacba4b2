import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/platform.ts';
import {
  catalogFacade,
  catalogLocations as locations,
  catalogProducts as products,
} from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { type DemoTenant, demoContext } from '../module.ts';
import { type DemoMovement, simulateHistory } from './demo-history.ts';
import type { ReservationsService } from './reservations.service.ts';
import { stockBalances } from './schema.ts';
import { createStockService } from './stock.service.ts';
import { createTransfersService } from './transfers.service.ts';

/** Units on hand per SKU: the warehouse holds the bulk, each store a share; a few sit low. */
const STOCK: Record<string, { cedis: number; store: number; min: number; max: number }> = {
  'TOR-M6-40': { cedis: 420, store: 60, min: 40, max: 120 },
  'TUE-M6': { cedis: 380, store: 55, min: 40, max: 120 },
  'ARA-M6': { cedis: 300, store: 45, min: 30, max: 90 },
  'TAC-8': { cedis: 260, store: 35, min: 25, max: 80 },
  'TAL-18V': { cedis: 40, store: 6, min: 4, max: 12 },
  'DES-PH2': { cedis: 150, store: 20, min: 10, max: 40 },
  'MAR-500': { cedis: 90, store: 12, min: 6, max: 24 },
  'CIN-5M': { cedis: 120, store: 18, min: 10, max: 36 },
  'PAN-60': { cedis: 500, store: 30, min: 20, max: 60 },
  'KIT-MON': { cedis: 80, store: 10, min: 8, max: 25 },
  'EST-4B': { cedis: 35, store: 4, min: 3, max: 10 },
  'PIN-BL-4L': { cedis: 110, store: 14, min: 8, max: 30 },
  'CAB-2.5': { cedis: 2000, store: 150, min: 100, max: 400 },
  'BOM-LED-9W': { cedis: 600, store: 40, min: 30, max: 100 },
};
export const DEMO_STORES = ['MAD-001', 'MAD-002', 'BCN-001', 'VLC-001'];

/**
 * What a buffered product sells a day at an average store of a hardware chain (boxes of screws
 * by the tens, a drill every few days) and how much the DIY season moves it (bulbs sell all
 * year round). Only stores sell: the warehouse has no demand of its own in the demo.
 */
export const DEMO_DEMAND: Record<string, { base: number; seasonality: number }> = {
  'TOR-M6-40': { base: 16, seasonality: 1 },
  'TUE-M6': { base: 12, seasonality: 1 },
  'ARA-M6': { base: 9, seasonality: 1 },
  'TAC-8': { base: 20, seasonality: 1 },
  'TAL-18V': { base: 0.35, seasonality: 1 },
  'PAN-60': { base: 4, seasonality: 1.2 },
  'KIT-MON': { base: 2, seasonality: 1 },
  'EST-4B': { base: 0.6, seasonality: 1.2 },
  'BOM-LED-9W': { base: 12, seasonality: 0 },
};
/** Each store's trade against an average one. */
export const DEMO_STORE_SIZE: Record<string, number> = {
  'MAD-001': 1.2,
  'MAD-002': 1,
  'BCN-001': 1.1,
  'VLC-001': 0.8,
};
/** Items whose last replenishment the supplier has not delivered: the board's red has a story. */
export const DEMO_LATE = new Set([
  'PAN-60@MAD-001',
  'TAL-18V@MAD-002',
  'KIT-MON@MAD-002',
  'TUE-M6@BCN-001',
  'TOR-M6-40@VLC-001',
  'BOM-LED-9W@VLC-001',
]);

const REASON: Record<DemoMovement['kind'], string> = {
  opening: 'Inventario inicial',
  receipt: 'Recepción de compra',
  shipment: 'Venta',
};
/** Goods come in at the morning's opening, sales are booked at the evening's close (UTC). */
const HOUR: Record<DemoMovement['kind'], string> = {
  opening: 'T07:00:00Z',
  receipt: 'T07:30:00Z',
  shipment: 'T19:30:00Z',
};
/** Movements per statement: each batch travels as one JSON document of a few megabytes. */
const BATCH = 5000;

type Item = { productId: string; locationId: string; sku: string; code: string };
type Row = {
  product_id: string;
  location_id: string;
  kind: 'receipt' | 'shipment';
  quantity: number;
  balance_after: number;
  balance_version: number;
  reason: string;
  created_at: string;
};

/**
 * A year of sales and purchases for every buffered product at every store, written to the
 * ledger as the stock service would have written it (signed quantities, running balance,
 * versions from 1) and the balance set to where the year ends, in one transaction.
 */
const seedHistory = async (p: Platform, demo: DemoTenant, items: Item[]) => {
  await p.uow.forTenant(demo.tenantId, async (tx) => {
    const today = await tenantCalendar.today(tx, demo.tenantId);
    const graph = await catalogFacade.planningGraph(tx, demo.tenantId);
    // The preferred supplier's lead time, or for an assembled item its own (it has no supplier).
    const lead = new Map(graph.products.map((x) => [x.id, x.leadTimeDays]));
    const terms = await tx
      .select({ id: products.id, multiple: products.orderMultiple, moq: products.minOrderQty })
      .from(products)
      .where(eq(products.tenantId, demo.tenantId));
    const term = new Map(terms.map((t) => [t.id, t]));
    const ledger: Row[] = [];
    const balances: (typeof stockBalances.$inferInsert)[] = [];
    for (const it of items) {
      const demand = DEMO_DEMAND[it.sku];
      if (!demand) continue;
      const key = `${it.sku}@${it.code}`;
      const h = simulateHistory(
        {
          base: demand.base * (DEMO_STORE_SIZE[it.code] ?? 1),
          leadTimeDays: lead.get(it.productId) ?? 7,
          orderMultiple: Number(term.get(it.productId)?.multiple ?? 1),
          minOrderQty: Number(term.get(it.productId)?.moq ?? 0),
          seasonality: demand.seasonality,
        },
        { seed: key, today, late: DEMO_LATE.has(key) },
      );
      for (const [i, m] of h.movements.entries())
        ledger.push({
          product_id: it.productId,
          location_id: it.locationId,
          kind: m.kind === 'shipment' ? 'shipment' : 'receipt',
          quantity: m.kind === 'shipment' ? -m.quantity : m.quantity,
          balance_after: m.balance,
          balance_version: i + 1,
          reason: REASON[m.kind],
          created_at: `${m.day}${HOUR[m.kind]}`,
        });
      balances.push({
        tenantId: demo.tenantId,
        productId: it.productId,
        locationId: it.locationId,
        onHand: String(h.onHand),
        version: h.movements.length,
        // The store's own reorder point and order-up-to level, so the low-stock filter agrees.
        minQty: String(h.reorderPoint),
        maxQty: String(h.orderUpTo),
      });
    }
    for (let i = 0; i < ledger.length; i += BATCH)
      await tx.execute(sql`
        insert into stock_movements (tenant_id, user_id, product_id, location_id, kind, quantity,
          balance_after, balance_version, reason, created_at)
        select ${demo.tenantId}::uuid, ${demo.adminUserId}::uuid, x.*
        from jsonb_to_recordset(${JSON.stringify(ledger.slice(i, i + BATCH))}::jsonb) as x(
          product_id uuid, location_id uuid, kind text, quantity numeric, balance_after numeric,
          balance_version int, reason text, created_at timestamptz)`);
    if (balances.length) await tx.insert(stockBalances).values(balances);
  });
};

export const seedInventoryDemo = async (p: Platform, demo: DemoTenant, reservations: ReservationsService) => {
  const ctx = demoContext(demo);
  const stock = createStockService(p);
  const rows = await p.uow.forTenant(demo.tenantId, (tx) =>
    tx
      .select({ id: products.id, sku: products.sku, buffered: products.buffered })
      .from(products)
      .where(and(eq(products.tenantId, demo.tenantId), inArray(products.sku, Object.keys(STOCK)))),
  );
  const locs = await p.uow.forTenant(demo.tenantId, (tx) =>
    tx
      .select({ id: locations.id, code: locations.code })
      .from(locations)
      .where(eq(locations.tenantId, demo.tenantId)),
  );
  const locId = new Map(locs.map((l) => [l.code, l.id]));
  const simulated = (r: { sku: string; buffered: boolean }) => r.buffered && r.sku in DEMO_DEMAND;
  await seedHistory(
    p,
    demo,
    rows
      .filter(simulated)
      .flatMap((r) =>
        DEMO_STORES.map((code) => ({ productId: r.id, locationId: locId.get(code) ?? '', sku: r.sku, code })),
      ),
  );
  for (const [i, r] of rows.sort((a, b) => a.sku.localeCompare(b.sku)).entries()) {
    const s = STOCK[r.sku];
    if (!s) continue;
    await stock.move(ctx, {
      kind: 'receipt',
      product_id: r.id,
      store_id: 'CEDIS-MAD',
      quantity: String(s.cedis),
      reason: 'Inventario inicial',
    });
    if (simulated(r)) continue;
    for (const [j, code] of DEMO_STORES.entries()) {
      // Every fourth product-store pair sits under its minimum, so the low-stock filter has work.
      const low = (i + j) % 4 === 0;
      const qty = low ? Math.max(1, Math.floor(s.min / 2)) : s.store + j * 3;
      await stock.move(ctx, {
        kind: 'receipt',
        product_id: r.id,
        store_id: code,
        quantity: String(qty),
        reason: 'Inventario inicial',
      });
      await p.uow.forTenant(demo.tenantId, (tx) =>
        tx
          .update(stockBalances)
          .set({ minQty: String(s.min), maxQty: String(s.max) })
          .where(and(eq(stockBalances.productId, r.id), eq(stockBalances.locationId, locId.get(code) ?? ''))),
      );
    }
  }
  const bySku = new Map(rows.map((r) => [r.sku, r.id]));
  const drill = bySku.get('TAL-18V');
  const led = bySku.get('BOM-LED-9W');
  if (drill && led) {
    // A replenishment on its way to Barcelona, and a customer's hold in Madrid.
    await createTransfersService(p).create(ctx, {
      product_id: led,
      from_store_id: 'CEDIS-MAD',
      to_store_id: 'BCN-001',
      via_store_id: 'TRANSITO',
      quantity: '60',
      reason: 'Reposición semanal',
    });
    // In Madrid Centro, unless its year ended with fewer than two drills on the shelf.
    const free = await p.uow.forTenant(demo.tenantId, (tx) =>
      tx
        .select({ locationId: stockBalances.locationId, onHand: stockBalances.onHand })
        .from(stockBalances)
        .where(and(eq(stockBalances.tenantId, demo.tenantId), eq(stockBalances.productId, drill))),
    );
    const onHand = (code: string) => Number(free.find((f) => f.locationId === locId.get(code))?.onHand ?? 0);
    const store = DEMO_STORES.find((code) => onHand(code) >= 2);
    if (store)
      await reservations.reserve(ctx, {
        customer_id: 'cliente-0042',
        ttl: 7 * 86_400,
        lines: [{ product_id: drill, store_id: store, quantity: '2' }],
      });
  }
};
