import { and, eq, inArray } from 'drizzle-orm';
import type { Platform } from '../../platform/platform.ts';
import { locations, products } from '../catalog/schema.ts';
import { type DemoTenant, demoContext } from '../module.ts';
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
const STORES = ['MAD-001', 'MAD-002', 'BCN-001', 'VLC-001'];

export const seedInventoryDemo = async (p: Platform, demo: DemoTenant, reservations: ReservationsService) => {
  const ctx = demoContext(demo);
  const stock = createStockService(p);
  const rows = await p.uow.forTenant(demo.tenantId, (tx) =>
    tx
      .select({ id: products.id, sku: products.sku })
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
    for (const [j, code] of STORES.entries()) {
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
    await reservations.reserve(ctx, {
      customer_id: 'cliente-0042',
      ttl: 7 * 86_400,
      lines: [{ product_id: drill, store_id: 'MAD-001', quantity: '2' }],
    });
  }
};
