import { sql } from 'drizzle-orm';
import type { Tx } from './platform/db/client.ts';
import type { Platform } from './platform/platform.ts';

export type ScaleSeedOptions = {
  tenantId: string;
  /** Products SCALE-0000001 … SCALE-<products>. */
  products: number;
  /** Locations SCALE-L0001 … SCALE-L<locations>; the first is a warehouse, the rest stores. */
  locations: number;
  /** Balances per statement: bounds each transaction's size, WAL and duration. */
  chunk?: number;
  /** Statements in flight at once (each its own transaction and connection). */
  parallel?: number;
  /** When the receipts are dated (ISO timestamp), e.g. before a backdated history; default now. */
  receivedAt?: string;
  onProgress?: (done: number, total: number) => void;
};

export type ScaleSeedResult = {
  products: number;
  locations: number;
  /** Balances created by this run (each with one receipt movement); existing ones are kept. */
  balances: number;
  ms: number;
};

export const SCALE_SKU_PREFIX = 'SCALE-';
export const scaleSku = (n: number) => `${SCALE_SKU_PREFIX}${String(n).padStart(7, '0')}`;
export const scaleLocationCode = (n: number) => `SCALE-L${String(n).padStart(4, '0')}`;

const WORDS = {
  item: ['Tornillo', 'Tuerca', 'Arandela', 'Taco', 'Bisagra', 'Cable', 'Tubo', 'Codo', 'Brida', 'Clavo'],
  material: ['acero', 'latón', 'inox', 'nylon', 'cobre', 'zinc', 'aluminio', 'PVC'],
  category: ['Fijaciones', 'Herramientas', 'Electricidad', 'Fontanería', 'Pintura', 'Jardín'],
};
/** A text[] parameter (Postgres array literal; the words hold no commas, quotes or braces). */
const arr = (xs: string[]) => sql`${`{${xs.join(',')}}`}::text[]`;

/**
 * Bulk stock for load tests: products × locations with set-based SQL. Every balance gets one
 * receipt movement of its whole on hand (version 1), so the ledger sums to on hand exactly as if
 * the stock had been received through the API. Runs as the tenant (row-level security applies)
 * and publishes no events, so a top-up of products already in the cache shows once their
 * availability entry expires (30 s). Idempotent: existing products, locations and balances are
 * left alone, so a larger run tops up.
 */
export const seedScale = async (p: Platform, o: ScaleSeedOptions): Promise<ScaleSeedResult> => {
  const started = performance.now();
  const chunk = o.chunk ?? 100_000;
  // Seeding is replayable, so losing the last commits in a crash costs nothing; a long chunk
  // must not hit the API's statement timeout either.
  const bulk = <T>(fn: (tx: Tx) => Promise<T>) =>
    p.uow.forTenant(o.tenantId, async (tx) => {
      await tx.execute(sql`set local synchronous_commit = off`);
      await tx.execute(sql`set local statement_timeout = 0`);
      return fn(tx);
    });

  await bulk((tx) =>
    tx.execute(sql`
      insert into locations (tenant_id, code, name, type)
      select ${o.tenantId}::uuid, 'SCALE-L' || lpad(i::text, 4, '0'),
        case when i = 1 then 'Almacén central' else 'Tienda ' || lpad(i::text, 4, '0') end,
        case when i = 1 then 'warehouse' else 'store' end
      from generate_series(1, ${o.locations}) i
      on conflict (tenant_id, code) do nothing`),
  );
  for (let from = 1; from <= o.products; from += chunk) {
    const to = Math.min(o.products, from + chunk - 1);
    await bulk((tx) =>
      tx.execute(sql`
        insert into products (tenant_id, sku, name, category, uom, price, cost, lead_time_days, attributes)
        select ${o.tenantId}::uuid, 'SCALE-' || lpad(i::text, 7, '0'),
          (${arr(WORDS.item)})[1 + i % ${WORDS.item.length}] || ' ' ||
            (${arr(WORDS.material)})[1 + (i / ${WORDS.item.length}) % ${WORDS.material.length}] || ' ' || (i % 997),
          (${arr(WORDS.category)})[1 + i % ${WORDS.category.length}],
          'unit', (1 + i % 500)::numeric / 4, (1 + i % 500)::numeric / 8, 1 + i % 30, '{}'::jsonb
        from generate_series(${from}::int, ${to}::int) i
        on conflict (tenant_id, sku) do nothing`),
    );
  }

  // One unit of work per range of product ids × every location, in (product, location) order:
  // the balance key and the ledger's item indexes lead with the product id, so a unit writes
  // one narrow slice of each index instead of touching pages all over it. On hand is a fixed
  // hash of the pair, so every run seeds the same stock; one balance in twenty sits under its
  // minimum of 20.
  const per = Math.max(1, Math.floor(chunk / o.locations));
  const { rows: bounds } = await bulk((tx) =>
    tx.execute<{ id: string }>(sql`
      select id from (
        select id, row_number() over (order by id) as rn from products
        where tenant_id = ${o.tenantId} and sku between ${scaleSku(1)} and ${scaleSku(o.products)}) x
      where rn % ${per} = 1 or ${per} = 1
      order by id`),
  );
  const work = bounds.map((b, i) => ({ from: b.id, to: bounds[i + 1]?.id }));
  const total = o.products * o.locations;
  let done = 0;
  let created = 0;
  const one = async (w: (typeof work)[number]) => {
    const { rows } = await bulk((tx) =>
      tx.execute<{ n: number; pairs: number }>(sql`
        with pairs as (
          select p.id as product_id, l.id as location_id,
            (substr(p.sku, 7)::bigint * 2654435761 + substr(l.code, 8)::bigint * 40503) % 1000003 as h
          from products p cross join locations l
          where p.tenant_id = ${o.tenantId} and l.tenant_id = ${o.tenantId}
            and p.sku between ${scaleSku(1)} and ${scaleSku(o.products)}
            and l.code between ${scaleLocationCode(1)} and ${scaleLocationCode(o.locations)}
            and p.id >= ${w.from} ${w.to ? sql`and p.id < ${w.to}` : sql``}
          order by p.id, l.id),
        balances as (
          insert into stock_balances (tenant_id, product_id, location_id, on_hand, version, min_qty, max_qty)
          select ${o.tenantId}::uuid, product_id, location_id,
            case when h % 20 = 0 then 1 + h % 19 else 20 + h % 481 end, 1, 20, 500
          from pairs
          on conflict (product_id, location_id) do nothing
          returning product_id, location_id, on_hand),
        receipts as (
          -- Time-ordered ids (UUIDv7 layout) append to the primary key instead of scattering.
          insert into stock_movements
            (id, tenant_id, product_id, location_id, kind, quantity, balance_after, balance_version, reason, created_at)
          select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
              substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
              52, 1), 53, 1), 'hex')::uuid,
            ${o.tenantId}::uuid, product_id, location_id, 'receipt', on_hand, on_hand, 1, 'scale seed',
            coalesce(${o.receivedAt ?? null}::timestamptz, now())
          from balances
          returning 1)
        select (select count(*)::int from receipts) as n, (select count(*)::int from pairs) as pairs`),
    );
    created += rows[0]?.n ?? 0;
    done += rows[0]?.pairs ?? 0;
    o.onProgress?.(done, total);
  };
  const queue = [...work];
  await Promise.all(
    Array.from({ length: Math.max(1, o.parallel ?? 2) }, async () => {
      for (let w = queue.shift(); w; w = queue.shift()) await one(w);
    }),
  );

  // Fresh bulk rows have no statistics and no visibility map: plan and scan them as the
  // application will see them after autovacuum. VACUUM needs the owner, so no tenant scope.
  // Outside a transaction, so without the app's statement timeout (it is set per transaction).
  await p.database.pool.query(
    `${p.database.mode === 'production' ? 'vacuum (analyze)' : 'analyze'} products, locations, stock_balances, stock_movements`,
  );

  const { rows } = await p.uow.forTenant(o.tenantId, (tx) =>
    tx.execute<{ products: number; locations: number }>(sql`
      select (select count(*)::int from products where tenant_id = ${o.tenantId} and sku like 'SCALE-%') as products,
        (select count(*)::int from locations where tenant_id = ${o.tenantId} and code like 'SCALE-L%') as locations`),
  );
  return {
    products: rows[0]?.products ?? 0,
    locations: rows[0]?.locations ?? 0,
    balances: created,
    ms: Math.round(performance.now() - started),
  };
};
