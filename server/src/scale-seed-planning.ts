import { type SQL, sql } from 'drizzle-orm';
import { tenantCalendar } from './modules/identity/index.ts';
import { standardProfileId } from './modules/planning/index.ts';
import { addDays } from './platform/dates.ts';
import type { Tx } from './platform/db/client.ts';
import type { Platform } from './platform/platform.ts';
import {
  type ScaleSeedOptions,
  type ScaleSeedResult,
  scaleLocationCode,
  scaleSku,
  seedScale,
} from './scale-seed.ts';

export type ScaleBuffersOptions = ScaleSeedOptions & {
  /** Days of shipment history before today (today excluded); also the buffers' ADU horizon. */
  days?: number;
  /** Product × location pairs per history statement (each ~days/2 shipments and a few receipts). */
  historyChunk?: number;
  onHistoryProgress?: (done: number, total: number) => void;
};

export type ScaleBuffersResult = ScaleSeedResult & {
  /** Created by this run; existing buffers and histories are kept. */
  buffers: number;
  shipments: number;
  receipts: number;
  /** The stock part (`seedScale`) and the history and buffers part. */
  stockMs: number;
  historyMs: number;
};

/** A non-negative deterministic hash of a bigint expression; the salt makes independent draws. */
const hash = (x: SQL, salt: number) =>
  sql`(hashint8extended(${x}, ${sql.raw(String(salt))}) & 9223372036854775807)`;

/**
 * Bulk DDMRP load: `seedScale`'s products × locations, then per pair a year (by default) of
 * backdated shipments and one buffer (standard purchased · medium · medium profile, ADU `past`
 * over the same days, DLT from the product's lead time, 3..30 days). The ledger stays what the
 * API would have written: the seed receipt is dated before the history, each replenishment cycle
 * (7, 14 or 28 days) opens with a receipt of what it will ship, so the running balance never
 * drops below the seeded on hand and ends exactly on it; versions follow time. Demand falls on
 * 35..65% of the days at a per-item rate, varying day to day, fixed by a hash of the pair and
 * day so every run seeds the same history. Runs as the tenant and publishes no events.
 * Idempotent: a pair whose ledger already moved past its seed receipt, or whose receipt is not
 * older than the history (stock seeded earlier without one), keeps its ledger as it is.
 */
export const seedScaleBuffers = async (p: Platform, o: ScaleBuffersOptions): Promise<ScaleBuffersResult> => {
  const started = performance.now();
  const days = o.days ?? 365;
  const today = await tenantCalendar.today(p.database.db, o.tenantId);
  const historyStart = addDays(today, -days);
  const stock = await seedScale(p, { ...o, receivedAt: `${addDays(historyStart, -1)}T06:00:00Z` });
  const stockMs = performance.now() - started;

  // As in seedScale: replayable, so no synchronous commit, and no statement timeout.
  const bulk = <T>(fn: (tx: Tx) => Promise<T>) =>
    p.uow.forTenant(o.tenantId, async (tx) => {
      await tx.execute(sql`set local synchronous_commit = off`);
      await tx.execute(sql`set local statement_timeout = 0`);
      return fn(tx);
    });

  const profileId = await bulk((tx) => standardProfileId(tx, o.tenantId, 'purchased', 'medium', 'medium'));

  // Units of product-id ranges × every location, in key order, as in seedScale. The embedded
  // database is one connection: units go one at a time and stay short, so the app's own work
  // (relay, jobs) gets the connection between them within its connect timeout.
  const embedded = p.database.mode === 'embedded';
  const perUnit = Math.max(1, Math.floor((o.historyChunk ?? (embedded ? 500 : 2000)) / o.locations));
  const parallel = embedded ? 1 : Math.max(1, o.parallel ?? 2);
  const { rows: bounds } = await bulk((tx) =>
    tx.execute<{ id: string }>(sql`
      select id from (
        select id, row_number() over (order by id) as rn from products
        where tenant_id = ${o.tenantId} and sku between ${scaleSku(1)} and ${scaleSku(o.products)}) x
      where rn % ${perUnit} = 1 or ${perUnit} = 1
      order by id`),
  );
  const work = bounds.map((b, i) => ({ from: b.id, to: bounds[i + 1]?.id }));
  const total = o.products * o.locations;
  const counts = { buffers: 0, shipments: 0, receipts: 0 };
  let done = 0;

  const one = async (w: (typeof work)[number]) => {
    const range = (id: SQL) => sql`${id} >= ${w.from} ${w.to ? sql`and ${id} < ${w.to}` : sql``}`;
    const skus = sql`between ${scaleSku(1)} and ${scaleSku(o.products)}`;
    const codes = sql`between ${scaleLocationCode(1)} and ${scaleLocationCode(o.locations)}`;
    await bulk(async (tx) => {
      await tx.execute(sql`
        update products set lead_time_days = 3 + substr(sku, 7)::int % 28, buffered = true
        where tenant_id = ${o.tenantId} and sku ${skus} and ${range(sql`id`)}
          and (lead_time_days is distinct from 3 + substr(sku, 7)::int % 28 or not buffered)`);
      const key = sql`k * 100000 + d`;
      const { rows } = await tx.execute<{ shipments: number; receipts: number }>(sql`
        with pairs as (
          select b.product_id, b.location_id, b.on_hand,
            substr(p.sku, 7)::bigint * 10000 + substr(l.code, 8)::bigint as k
          from stock_balances b
          join products p on p.id = b.product_id
          join locations l on l.id = b.location_id
          join stock_movements r on r.product_id = b.product_id and r.location_id = b.location_id
            and r.balance_version = 1
          where b.tenant_id = ${o.tenantId} and p.tenant_id = ${o.tenantId} and l.tenant_id = ${o.tenantId}
            and r.tenant_id = ${o.tenantId} and p.sku ${skus} and l.code ${codes} and ${range(sql`p.id`)}
            and b.version = 1 and r.kind = 'receipt' and r.created_at < ${historyStart}::date),
        items as (
          select pairs.*, 1 + ${hash(sql`k`, 1)} % 30 as rate, 35 + ${hash(sql`k`, 2)} % 31 as pct,
            (array[7, 14, 28])[1 + ${hash(sql`k`, 3)} % 3] as cycle
          from pairs),
        demand as (
          select product_id, location_id, on_hand, d, (${days}::int - d) / cycle as cycle_no,
            greatest(1, round(rate * (25 + ${hash(key, 5)} % 151) / 100.0)) as qty,
            (${today}::date - d + time '10:00' + ${hash(key, 6)} % 360 * interval '1 minute')
              at time zone 'UTC' as at
          from items cross join generate_series(1, ${days}::int) d
          where ${hash(key, 4)} % 100 < pct),
        events as (
          select product_id, location_id, on_hand, 'shipment' as kind, -qty as quantity, at from demand
          union all
          -- Each cycle opens, early on its first day of demand, with a receipt of what it ships.
          select product_id, location_id, min(on_hand), 'receipt', sum(qty),
            (${today}::date - max(d) + time '06:00') at time zone 'UTC'
          from demand group by product_id, location_id, cycle_no),
        ledger as (
          select product_id, location_id, kind, quantity, at,
            on_hand + sum(quantity) over w as balance_after, 1 + row_number() over w as version
          from events
          window w as (partition by product_id, location_id order by at rows unbounded preceding)),
        moved as (
          insert into stock_movements
            (id, tenant_id, product_id, location_id, kind, quantity, balance_after, balance_version, reason, created_at)
          -- Time-ordered ids (UUIDv7 layout, insertion time) append to the primary key.
          select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
              substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
              52, 1), 53, 1), 'hex')::uuid,
            ${o.tenantId}::uuid, product_id, location_id, kind, quantity, balance_after, version, 'scale seed', at
          from ledger
          order by product_id, location_id, version
          returning kind),
        versions as (
          update stock_balances b set version = x.version, updated_at = now()
          from (select product_id, location_id, max(version) as version from ledger group by 1, 2) x
          where b.tenant_id = ${o.tenantId} and b.product_id = x.product_id and b.location_id = x.location_id)
        select count(*) filter (where kind = 'shipment')::int as shipments,
          count(*) filter (where kind = 'receipt')::int as receipts
        from moved`);
      const { rows: made } = await tx.execute<{ n: number }>(sql`
        with made as (
          insert into buffers (tenant_id, product_id, location_id, profile_id, adu_method, adu_horizon_days, dlt_days)
          select ${o.tenantId}::uuid, p.id, l.id, ${profileId}::uuid, 'past', ${days}::int, null
          from products p cross join locations l
          where p.tenant_id = ${o.tenantId} and l.tenant_id = ${o.tenantId}
            and p.sku ${skus} and l.code ${codes} and ${range(sql`p.id`)}
          order by p.id, l.id
          on conflict (tenant_id, product_id, location_id) do nothing
          returning 1)
        select count(*)::int as n from made`);
      counts.shipments += rows[0]?.shipments ?? 0;
      counts.receipts += rows[0]?.receipts ?? 0;
      counts.buffers += made[0]?.n ?? 0;
    });
    done = Math.min(total, done + perUnit * o.locations);
    o.onHistoryProgress?.(done, total);
  };
  const queue = [...work];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let w = queue.shift(); w; w = queue.shift()) await one(w);
    }),
  );

  // Statistics and visibility map for what was just written (see seedScale); owner, no tenant scope.
  // Outside a transaction, so without the app's statement timeout (it is set per transaction).
  await p.database.pool.query(
    `${p.database.mode === 'production' ? 'vacuum (analyze)' : 'analyze'} products, stock_balances, stock_movements, buffers`,
  );

  const ms = performance.now() - started;
  return {
    ...stock,
    ...counts,
    stockMs: Math.round(stockMs),
    historyMs: Math.round(ms - stockMs),
    ms: Math.round(ms),
  };
};
