import { z } from 'zod';
import { query } from './api.ts';
import { defineTool, listOf, num } from './context.ts';
import { findLocation, findProduct, type Product } from './resolve.ts';

type Row = {
  sku: string;
  name: string;
  location: string;
  on_hand: string;
  reserved: string;
  available: string;
  min_qty: string | null;
  low_stock: boolean;
};
type Page<T> = { data: T[]; pagination: { total: number; total_pages: number } };
type Availability = {
  total_available: string;
  stores: { store_id: string; available: string; reserved: string }[];
};

/** At most this many rows are read (and shown); the total says how many there are. */
const MAX_ROWS = 200;

export const inventory = defineTool({
  name: 'inventory',
  description:
    'Stock per product and location (on hand, reserved, available, minimum), optionally of one product, one location or only what is below its minimum; with a product, its availability per store too.',
  parameters: z.object({
    sku: z.string().min(1).max(64).optional(),
    location: z.string().min(1).max(64).optional().describe('a location code, e.g. MAD-001'),
    low_stock: z.boolean().optional().describe('only items below their minimum'),
  }),
  run: async (c, a) => {
    const product: Product | null = a.sku ? await findProduct(c, a.sku) : null;
    const loc = a.location ? await findLocation(c, a.location) : null;
    const action = { es: 'consultar el inventario', en: 'read inventory' };
    const rows: Row[] = [];
    let total = 0;
    for (let page = 1; rows.length < MAX_ROWS; page++) {
      const r = await c.get<Page<Row>>(
        `/api/v1/inventory${query({ product_id: product?.id, location: loc?.code, low_stock: a.low_stock ? 'true' : undefined, page, limit: 100 })}`,
        action,
      );
      total = r.pagination.total;
      rows.push(...r.data);
      if (page >= r.pagination.total_pages) break;
    }
    // Availability per store is tenant-wide by design (a clerk tells a customer which store has it).
    const avail = product
      ? await c.get<Availability>(`/api/v1/products/${product.id}/availability`, action)
      : null;
    const what = [product?.sku, loc?.code].filter(Boolean).join(c.t(' en ', ' at '));
    const item = (r: Row) =>
      `${r.sku} ${c.t('en', 'at')} ${r.location}: ${c.t('disponible', 'available')} ${num(r.available)} (${c.t('en mano', 'on hand')} ${num(r.on_hand)}${r.min_qty !== null ? `, ${c.t('mínimo', 'minimum')} ${num(r.min_qty)}` : ''})`;
    const head = a.low_stock
      ? c.t(
          `${total} con stock bajo${what ? ` (${what})` : ''}: `,
          `${total} low on stock${what ? ` (${what})` : ''}: `,
        )
      : c.t(
          `Inventario${what ? ` de ${what}` : ''} (${total} filas): `,
          `Inventory${what ? ` of ${what}` : ''} (${total} rows): `,
        );
    const availText = avail
      ? c.t(
          ` Disponible en total ${num(avail.total_available)}: `,
          ` Available in all ${num(avail.total_available)}: `,
        ) + avail.stores.map((s) => `${s.store_id} ${num(s.available)}`).join(', ')
      : '';
    const summary = rows.length
      ? `${head}${listOf(rows.map(item), c.lang, 8)}.${availText}`
      : (a.low_stock
          ? c.t(
              `Nada con stock bajo${what ? ` (${what})` : ''}.`,
              `Nothing is low on stock${what ? ` (${what})` : ''}.`,
            )
          : c.t(`Sin inventario${what ? ` de ${what}` : ''}.`, `No inventory${what ? ` of ${what}` : ''}.`)) +
        availText;
    return {
      ok: true,
      data: { total, rows, availability: avail },
      summary,
      cards: rows.length
        ? [
            {
              type: 'table',
              title: c.t('Inventario', 'Inventory'),
              columns:
                c.lang === 'es'
                  ? ['SKU', 'Producto', 'Ubicación', 'En mano', 'Reservado', 'Disponible', 'Mínimo', 'Bajo']
                  : ['SKU', 'Product', 'Location', 'On hand', 'Reserved', 'Available', 'Minimum', 'Low'],
              rows: rows.map((r) => [
                r.sku,
                r.name,
                r.location,
                Number(r.on_hand),
                Number(r.reserved),
                Number(r.available),
                r.min_qty === null ? null : Number(r.min_qty),
                r.low_stock ? c.t('sí', 'yes') : c.t('no', 'no'),
              ]),
            },
          ]
        : [],
    };
  },
});
