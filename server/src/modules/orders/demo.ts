import { eq } from 'drizzle-orm';
import { addDays } from '../../platform/dates.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  catalogLocations as locations,
  catalogProducts as products,
  catalogSuppliers as suppliers,
} from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { type DemoTenant, demoContext } from '../module.ts';
import type { CustomerOrdersService, PlaceInput } from './customer-orders.service.ts';
import { toMinor } from './domain/money.ts';
import { daysBetween } from './domain/supply-status.ts';
import { ordersEvents } from './events.ts';
import { SANDBOX_CARDS } from './payments/sandbox.ts';
import { createPurchaseService } from './purchase.service.ts';
import { createReceiptsService } from './receipts.service.ts';
import { systemContext } from './saga.ts';
import { listings } from './schema.ts';
import { createSettingsService } from './settings.service.ts';
import { loadSupplyOrder, setSupplyStatus, supplyPayload } from './supply.repo.ts';

/** The online shop's window: the same offer at two stores, one item not yet published in Barcelona. */
const LISTED: { sku: string; description: string }[] = [
  { sku: 'TOR-M6-40', description: 'Tornillos de acero cincado, cabeza hexagonal. Caja de 100 unidades.' },
  { sku: 'TUE-M6', description: 'Tuercas de acero cincado para tornillos M6. Caja de 100 unidades.' },
  { sku: 'TAL-18V', description: 'Taladro percutor inalámbrico con batería de litio y cargador rápido.' },
  { sku: 'DES-PH2', description: 'Destornillador de estrella con mango ergonómico antideslizante.' },
  { sku: 'MAR-500', description: 'Martillo de carpintero con mango de madera de fresno.' },
  { sku: 'CIN-5M', description: 'Flexómetro con cinta de acero y freno automático.' },
  { sku: 'PIN-BL-4L', description: 'Pintura plástica blanca mate para interiores, alta cubrición.' },
  { sku: 'BOM-LED-9W', description: 'Bombilla LED de luz cálida, equivalente a 60 W.' },
];
const SHOP_STORES = ['MAD-001', 'BCN-001'];
const DRAFT_IN_BARCELONA = 'BOM-LED-9W';

const buyer = (name: string, email: string) => ({ name, email });

/**
 * The orders pages' opening state for the demo tenant: marketplace listings so the storefront
 * sells on first start, purchase orders in the states a buyer deals with (open, late, waiting
 * for approval, partly received) and a few customer orders through the saga. Orders touch only
 * unbuffered products, so the planning board the earlier seeds sized is left as it was. Runs
 * once: a tenant that already has listings is left alone.
 */
export const seedOrdersDemo = async (p: Platform, demo: DemoTenant, orders: CustomerOrdersService) => {
  const { tenantId } = demo;
  const ctx = demoContext(demo);
  const found = await p.uow.forTenant(tenantId, async (tx) => ({
    listed: await tx
      .select({ id: listings.id })
      .from(listings)
      .where(eq(listings.tenantId, tenantId))
      .limit(1),
    items: await tx
      .select({ id: products.id, sku: products.sku, name: products.name, price: products.price })
      .from(products)
      .where(eq(products.tenantId, tenantId)),
    stores: await tx
      .select({ id: locations.id, code: locations.code })
      .from(locations)
      .where(eq(locations.tenantId, tenantId)),
    sources: await tx
      .select({ id: suppliers.id, name: suppliers.name })
      .from(suppliers)
      .where(eq(suppliers.tenantId, tenantId)),
  }));
  const item = new Map(found.items.map((i) => [i.sku, i]));
  // Without the sample catalog (demo data off) there is nothing to sell or buy.
  if (found.listed.length > 0 || !item.has('TOR-M6-40') || !item.has('PIN-BL-4L')) return;
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`demo ${what} missing`);
    return v;
  };
  const sku = (s: string) => need(item.get(s), `product ${s}`);
  const store = (code: string) =>
    need(
      found.stores.find((l) => l.code === code),
      `location ${code}`,
    ).id;
  const supplier = (prefix: string) =>
    need(
      found.sources.find((s) => s.name.startsWith(prefix)),
      `supplier ${prefix}`,
    ).id;

  // A Spanish chain trades in euros; above 2,500 € a purchase waits for approval.
  await createSettingsService(p).update(ctx, { currency: 'EUR', approval_threshold_minor: 250_000 });

  await p.uow.forTenant(tenantId, (tx) =>
    tx
      .insert(listings)
      .values(
        SHOP_STORES.flatMap((code) =>
          LISTED.map((l) => {
            const it = sku(l.sku);
            return {
              tenantId,
              productId: it.id,
              locationId: store(code),
              title: it.name,
              description: l.description,
              priceMinor: toMinor(it.price ?? '1', 'EUR'),
              currency: 'EUR',
              published: !(code === 'BCN-001' && l.sku === DRAFT_IN_BARCELONA),
              sellerId: demo.adminUserId,
            };
          }),
        ),
      )
      .onConflictDoNothing(),
  );

  const today = await tenantCalendar.today(p.database.db, demo.tenantId);
  const purchase = createPurchaseService(p);
  const line = (s: string, quantity: string) => ({ product_id: sku(s).id, quantity });
  await purchase.create(ctx, {
    supplier_id: supplier('Herramientas'),
    store_id: 'CEDIS-MAD',
    lines: [line('DES-PH2', '60'), line('MAR-500', '24')],
    due_date: addDays(today, 4),
    notes: 'Reposición de herramienta manual',
    submit: true,
  });
  const late = await purchase.create(ctx, {
    supplier_id: supplier('Suministros'),
    store_id: 'CEDIS-MAD',
    lines: [line('CAB-2.5', '500')],
    order_date: addDays(today, -18),
    due_date: addDays(today, -4),
    submit: true,
  });
  await purchase.create(ctx, {
    supplier_id: supplier('Suministros'),
    store_id: 'CEDIS-MAD',
    lines: [line('PIN-BL-4L', '240')],
    due_date: addDays(today, 10),
    notes: 'Campaña de primavera: pintura',
    submit: true,
  });
  const partial = await purchase.create(ctx, {
    supplier_id: supplier('Herramientas'),
    store_id: 'CEDIS-MAD',
    lines: [line('CIN-5M', '48')],
    order_date: addDays(today, -9),
    due_date: addDays(today, 5),
    submit: true,
  });
  const first = need(partial.lines[0], 'purchase line');
  await createReceiptsService(p).receive(ctx, partial.id, { lines: [{ line_id: first.id, quantity: '24' }] });
  // The late order as the nightly job leaves it: DELAYED, with its late-supply alert.
  await p.uow.forTenant(tenantId, async (tx, emit) => {
    const loaded = await loadSupplyOrder(tx, tenantId, late.id, true);
    const delayed = await setSupplyStatus(tx, emit, loaded, 'DELAYED');
    emit(
      ordersEvents.supplyDelayed.create({
        tenantId,
        aggregateId: late.id,
        payload: {
          ...supplyPayload(delayed, loaded.lines),
          due_date: delayed.dueDate,
          days_late: daysBetween(delayed.dueDate, today),
        },
      }),
    );
  });

  const shop = systemContext(tenantId, null);
  const order = (
    store_id: string,
    lines: [string, string][],
    customer: PlaceInput['customer'],
    card: string,
  ) => ({
    store_id,
    lines: lines.map(([s, quantity]) => line(s, quantity)),
    customer,
    payment: { method: 'card' as const, card_number: card },
  });
  await orders.place(
    shop,
    order(
      'MAD-001',
      [
        ['DES-PH2', '1'],
        ['MAR-500', '1'],
      ],
      buyer('Lucía Gómez', 'lucia.gomez@example.com'),
      SANDBOX_CARDS.approved,
    ),
    { idempotencyKey: 'demo-shop-1', channel: 'storefront', listedOnly: true },
  );
  const packed = await orders.place(
    ctx,
    order(
      'MAD-002',
      [['CIN-5M', '2']],
      buyer('Construcciones Ruiz', 'compras@ruiz.example'),
      SANDBOX_CARDS.approved,
    ),
    { idempotencyKey: 'demo-api-1', channel: 'api' },
  );
  // Packed, not shipped: a shipment would post to the ledger, which the demo keeps as its year of history.
  for (const step of ['pick', 'pack'] as const) await orders.fulfil(ctx, packed.id, step);
  await orders.place(
    shop,
    order(
      'BCN-001',
      [['PIN-BL-4L', '1']],
      buyer('Jordi Puig', 'jordi.puig@example.com'),
      SANDBOX_CARDS.declined,
    ),
    { idempotencyKey: 'demo-shop-2', channel: 'storefront', listedOnly: true },
  );
  await orders.place(
    ctx,
    order(
      'MAD-001',
      [['PIN-BL-4L', '2']],
      buyer('Marta Serrano', 'marta.serrano@example.com'),
      SANDBOX_CARDS.approved,
    ),
    { idempotencyKey: 'demo-api-2', channel: 'api' },
  );
};
