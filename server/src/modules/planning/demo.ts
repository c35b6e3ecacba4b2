import { and, eq } from 'drizzle-orm';
import type { Platform } from '../../platform/platform.ts';
import { products } from '../catalog/schema.ts';
import { type DemoTenant, demoContext } from '../module.ts';
import type { BuffersService } from './buffers.service.ts';

const LOCATIONS = ['CEDIS-MAD', 'MAD-001', 'MAD-002', 'BCN-001', 'VLC-001'];
/**
 * Days of cover as a multiple of the buffer's DLT, cycling. With the standard medium profile
 * the top of red is 0.75 × DLT × ADU and the top of yellow 1.75 × DLT × ADU, so 0.5 sits in
 * red, 1.2 in yellow and 2.5 in green.
 */
const COVER = [2.5, 1.2, 2.5, 0.5, 2.5, 1.2, 2.5];

/**
 * Buffers for the demo's buffered products at the warehouse and every store, with a fixed ADU
 * chosen so the board opens with a mix of red, yellow and green (a year of history comes with
 * the demand-history work).
 */
export const seedPlanningDemo = async (p: Platform, demo: DemoTenant, svc: BuffersService) => {
  const ctx = demoContext(demo);
  const rows = await p.uow.forTenant(demo.tenantId, (tx) =>
    tx
      .select({ id: products.id, sku: products.sku })
      .from(products)
      .where(and(eq(products.tenantId, demo.tenantId), eq(products.buffered, true))),
  );
  let i = 0;
  for (const r of rows.sort((a, b) => a.sku.localeCompare(b.sku))) {
    for (const code of LOCATIONS) {
      const b = await svc.create(ctx, {
        product_id: r.id,
        store_id: code,
        adu_method: 'fixed',
        adu_fixed: 1,
      });
      const cover = (COVER[i++ % COVER.length] ?? 2.5) * Math.max(1, b.dlt ?? 1);
      const adu = Math.max(0.1, Math.round(((b.on_hand ?? 0) / cover) * 10) / 10);
      await svc.update(ctx, b.id, { adu_fixed: adu });
    }
  }
};
