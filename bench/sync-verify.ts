// The sync benchmark's checks: what Flujo should hold, read straight from the company's tables
// (not through the connector's SQL), and Flujo's products, demand facts and on hand against it.
import { sql } from 'drizzle-orm';
import type { BenchApp } from './setup.ts';
import { attach, type Company, PRINCIPAL_ROLE, type Query, reading } from './sync-company.ts';

/** What Flujo should hold after a sync, read straight from the company's tables. */
export const expected = async (c: Company) => {
  const db = await attach(c);
  try {
    return await reading(db, (q) => read(q));
  } finally {
    await db.detachAsync();
  }
};

const read = async (q: Query) => {
  const products = await q<{ SKU: string; NAME: string; PRICE: string | number }>(
    `SELECT k.CLAVE_ARTICULO AS SKU, a.NOMBRE AS NAME, p.PRECIO AS PRICE
       FROM ARTICULOS a
       JOIN CLAVES_ARTICULOS k ON k.ARTICULO_ID = a.ARTICULO_ID AND k.ROL_CLAVE_ART_ID = ${PRINCIPAL_ROLE}
       JOIN PRECIOS_ARTICULOS p ON p.ARTICULO_ID = a.ARTICULO_ID`,
  );
  const stock = await q<{ SKU: string; WAREHOUSE: number; ON_HAND: string | number }>(
    `SELECT k.CLAVE_ARTICULO AS SKU, s.ALMACEN_ID AS WAREHOUSE,
         SUM(s.ENTRADAS_UNIDADES - s.SALIDAS_UNIDADES) AS ON_HAND
       FROM SALDOS_IN s
       JOIN CLAVES_ARTICULOS k ON k.ARTICULO_ID = s.ARTICULO_ID AND k.ROL_CLAVE_ART_ID = ${PRINCIPAL_ROLE}
       GROUP BY 1, 2`,
  );
  // Sales are tickets (PV 'V') and invoices and delivery notes (VE 'F', 'R') not cancelled.
  const [sales] = await q<{ N: number; UNITS: string | number }>(
    `SELECT COUNT(*) AS N, SUM(x.UNIDADES) AS UNITS FROM (
         SELECT d.UNIDADES FROM DOCTOS_PV h JOIN DOCTOS_PV_DET d ON d.DOCTO_PV_ID = h.DOCTO_PV_ID
         WHERE h.TIPO_DOCTO = 'V' AND h.ESTATUS <> 'C'
         UNION ALL
         SELECT d.UNIDADES FROM DOCTOS_VE h JOIN DOCTOS_VE_DET d ON d.DOCTO_VE_ID = h.DOCTO_VE_ID
         WHERE h.TIPO_DOCTO IN ('F', 'R') AND h.ESTATUS = 'N') x`,
  );
  const [lines] = await q<{ N: number }>(
    'SELECT (SELECT COUNT(*) FROM DOCTOS_PV_DET) + (SELECT COUNT(*) FROM DOCTOS_VE_DET) AS N FROM RDB$DATABASE',
  );
  return {
    products: new Map(products.map((p) => [p.SKU, { name: p.NAME, price: Number(p.PRICE) }])),
    /** On hand per `sku|warehouse`; the sync counts a negative balance in as zero. */
    stock: new Map(stock.map((s) => [`${s.SKU}|${s.WAREHOUSE}`, Math.max(0, Number(s.ON_HAND))])),
    demand: { lines: Number(sales?.N ?? 0), units: Number(sales?.UNITS ?? 0) },
    salesLines: Number(lines?.N ?? 0),
  };
};
export type Expected = Awaited<ReturnType<typeof expected>>;

/** Flujo's products, demand and on hand against the company's tables; throws on any difference. */
export const verify = async (app: BenchApp, connectionId: string, want: Expected, when: string) => {
  const rows = <T>(q: ReturnType<typeof sql>) =>
    app.flujo.platform.uow.forTenant(
      app.tenantId,
      async (tx) => (await tx.execute<T & Record<string, unknown>>(q)).rows,
    );
  const problems: string[] = [];
  const products = await rows<{ sku: string; name: string; price: string }>(
    sql`select sku, name, price::text as price from products`,
  );
  if (products.length !== want.products.size)
    problems.push(`${products.length} products, expected ${want.products.size}`);
  const wrong = products.filter((p) => {
    const w = want.products.get(p.sku);
    return !w || w.name !== p.name || w.price !== Number(p.price);
  });
  if (wrong.length) problems.push(`${wrong.length} products differ, e.g. ${JSON.stringify(wrong[0])}`);
  const [demand] = await rows<{ n: number; units: string }>(
    sql`select count(*)::int as n, coalesce(sum(quantity), 0)::text as units from demand_history
        where source = ${`sync:${connectionId}`}`,
  );
  if (demand?.n !== want.demand.lines || Number(demand.units) !== want.demand.units)
    problems.push(`demand ${JSON.stringify(demand)}, expected ${JSON.stringify(want.demand)}`);
  const stock = await rows<{ key: string; on_hand: string }>(sql`
    select p.sku || '|' || l.code as key, b.on_hand::text as on_hand
    from stock_balances b join products p on p.id = b.product_id join locations l on l.id = b.location_id`);
  const have = new Map(stock.map((s) => [s.key, Number(s.on_hand)]));
  const off = [...want.stock].filter(([k, v]) => have.get(k) !== v);
  if (off.length || have.size !== want.stock.size)
    problems.push(
      `${off.length} of ${want.stock.size} balances differ (Flujo has ${have.size}), e.g. ${JSON.stringify(off[0])} vs ${have.get(off[0]?.[0] ?? '')}`,
    );
  if (problems.length) throw new Error(`after the ${when} sync: ${problems.join('; ')}`);
};
