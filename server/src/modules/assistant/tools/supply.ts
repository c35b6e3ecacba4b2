import { SUPPLY_STATUSES } from '../../orders/index.ts';
import { z } from 'zod';
import { query } from './api.ts';
import { type Ctx, defineTool, listOf, num } from './context.ts';
import { findLocation, findProduct, findSupplier } from './resolve.ts';

/** A supply order as GET /api/v1/orders lists it (the fields the tools read). */
export type OrderRow = {
  id: string;
  number: string;
  kind: 'purchase' | 'production' | 'transfer';
  status: string;
  supplier_name: string | null;
  store_id: string;
  due_date: string;
  lines: { product_id: string; sku: string; quantity: string; open_quantity: string }[];
};
type Page<T> = { data: T[]; pagination: { total: number; total_pages: number } };

/** Every status but RECEIVED and CANCELLED is open supply; the route takes one per query. */
export const OPEN_STATUSES = SUPPLY_STATUSES.filter((s) => s !== 'RECEIVED' && s !== 'CANCELLED');
const READ = { es: 'consultar las órdenes de aprovisionamiento', en: 'read supply orders' };

export const today = () => new Date().toISOString().slice(0, 10);
/** Late: the order says so, or its due day has passed while it is still open. */
export const isLate = (o: OrderRow) => o.status === 'DELAYED' || o.due_date.slice(0, 10) < today();

/** Open supply orders, optionally of one product and at one store, newest first per status. */
export const openOrders = async (
  c: Ctx,
  f: { productId?: string; store?: string; statuses?: readonly string[] },
) => {
  const pages = await Promise.all(
    (f.statuses ?? OPEN_STATUSES).map((status) =>
      c.get<Page<OrderRow>>(
        `/api/v1/orders${query({ status, product_id: f.productId, store_id: f.store, limit: 100 })}`,
        READ,
      ),
    ),
  );
  return pages.flatMap((p) => p.data);
};

export const onOrderSupply = defineTool({
  name: 'on_order_supply',
  description:
    'Open supply orders (purchase, production, transfer) of a product, optionally to one location: quantities still to arrive, due dates, late ones.',
  parameters: z.object({
    sku: z.string().min(1).max(64),
    location: z.string().min(1).max(64).optional().describe('a location code, e.g. MAD-001'),
  }),
  run: async (c, a) => {
    const product = await findProduct(c, a.sku);
    const loc = a.location ? await findLocation(c, a.location) : null;
    const orders = await openOrders(c, { productId: product.id, store: loc?.code });
    const rows = orders.map((o) => {
      const open = o.lines
        .filter((l) => l.product_id === product.id)
        .reduce((t, l) => t + Number(l.open_quantity), 0);
      return { o, open, late: isLate(o) };
    });
    const total = rows.reduce((t, r) => t + r.open, 0);
    const where = loc ? c.t(` hacia ${loc.code}`, ` to ${loc.code}`) : '';
    const items = rows.map(
      ({ o, open, late }) =>
        `${o.number} (${o.status}${o.supplier_name ? `, ${o.supplier_name}` : ''}, ${o.store_id}, ${num(open)} ${c.t('para el', 'due')} ${o.due_date.slice(0, 10)}${late ? c.t(', con retraso', ', late') : ''})`,
    );
    const summary = rows.length
      ? c.t(
          `${product.sku}: ${rows.length} ${rows.length === 1 ? 'orden abierta' : 'órdenes abiertas'}${where}, ${num(total)} pendientes de recibir: `,
          `${product.sku}: ${rows.length} open ${rows.length === 1 ? 'order' : 'orders'}${where}, ${num(total)} still to arrive: `,
        ) + listOf(items, c.lang, 6)
      : c.t(
          `No hay órdenes abiertas de ${product.sku}${where}.`,
          `There are no open orders of ${product.sku}${where}.`,
        );
    return {
      ok: true,
      data: { product, orders: rows.map((r) => ({ ...r.o, open_quantity: r.open, late: r.late })) },
      summary,
      cards: rows.length
        ? [
            {
              type: 'table',
              title: c.t(`Pedido de ${product.sku}`, `${product.sku} on order`),
              columns:
                c.lang === 'es'
                  ? ['Orden', 'Tipo', 'Estado', 'Proveedor', 'Destino', 'Fecha prevista', 'Pendiente']
                  : ['Order', 'Kind', 'Status', 'Supplier', 'Destination', 'Due', 'Open'],
              rows: rows.map(({ o, open }) => [
                o.number,
                o.kind,
                o.status,
                o.supplier_name,
                o.store_id,
                o.due_date.slice(0, 10),
                open,
              ]),
            },
          ]
        : [],
    };
  },
});

const Line = z.object({
  sku: z.string().min(1).max(64),
  quantity: z.number().positive().max(1e9),
});

export const proposePurchaseOrder = defineTool({
  name: 'propose_purchase_order',
  description:
    'Prepares a purchase order to a supplier for a location (the body of POST /api/v1/orders); the user confirms it. Nothing is written here.',
  parameters: z.object({
    supplier: z.string().min(1).max(200).describe('the supplier name or part of it'),
    lines: z.array(Line).min(1).max(50),
    location: z.string().min(1).max(64).describe('the receiving location code, e.g. CEDIS-MAD'),
  }),
  run: async (c, a) => {
    const supplier = await findSupplier(c, a.supplier);
    const loc = await findLocation(c, a.location);
    const lines = [];
    for (const l of a.lines) lines.push({ product: await findProduct(c, l.sku), quantity: l.quantity });
    // The supplier's items, to warn about a product it is not known to supply (best effort).
    const detail = await c.api<{ items?: { product_id: string }[] }>(
      'GET',
      `/api/v1/suppliers/${supplier.id}`,
    );
    const known = detail.status === 200 ? new Set((detail.body.items ?? []).map((i) => i.product_id)) : null;
    const unknown = known ? lines.filter((l) => !known.has(l.product.id)).map((l) => l.product.sku) : [];
    const body = {
      supplier_id: supplier.id,
      store_id: loc.code,
      lines: lines.map((l) => ({ product_id: l.product.id, quantity: String(l.quantity) })),
    };
    const what = lines.map((l) => `${num(l.quantity)} × ${l.product.sku}`).join(', ');
    const warn = unknown.length
      ? c.t(
          ` Atención: ${unknown.join(', ')} no figura entre sus artículos.`,
          ` Note: ${unknown.join(', ')} is not among its items.`,
        )
      : '';
    const summary =
      c.t(
        `Orden de compra a ${supplier.name} para ${loc.code}: ${what}.`,
        `Purchase order to ${supplier.name} for ${loc.code}: ${what}.`,
      ) + warn;
    return {
      ok: true,
      data: { supplier, location: loc, lines, not_supplied: unknown },
      cards: [
        {
          type: 'table',
          title: c.t(`Orden de compra a ${supplier.name}`, `Purchase order to ${supplier.name}`),
          columns: c.lang === 'es' ? ['SKU', 'Producto', 'Cantidad'] : ['SKU', 'Product', 'Quantity'],
          rows: lines.map((l) => [l.product.sku, l.product.name, l.quantity]),
        },
      ],
      summary,
      proposal: {
        kind: 'create_purchase_order',
        payload: { route: '/api/v1/orders', method: 'POST', ...body },
        summary,
      },
    };
  },
});
