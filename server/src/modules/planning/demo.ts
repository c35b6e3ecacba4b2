import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogLocations as locations, catalogProducts as products } from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { type DemoTenant, demoContext } from '../module.ts';
import type { BuffersService } from './buffers.service.ts';
import { computeBuffer } from './domain/compute.ts';
import { addDays, dayNumber, isoDay } from './domain/dates.ts';
import { BufferInput } from './domain/input.ts';
import { snapshotHistory } from './history.writer.ts';
import { bufferProfiles, buffers } from './schema.ts';

/** Days of past consumption each demo buffer averages. */
const HORIZON = 90;
/** Snapshots per statement: each batch travels as one JSON document of a few megabytes. */
const BATCH = 5000;

/** One `buffer_history` row as the insert below reads it, column for column. */
type Snapshot = {
  buffer_id: string;
  date: string;
  adu: number;
  dlt: number;
  red: number;
  yellow: number;
  green: number;
  top_of_red: number;
  top_of_yellow: number;
  top_of_green: number;
  on_hand: number;
  on_order: number;
  qualified_demand: number;
  net_flow: number;
  net_flow_percent: number | null;
  planning_priority: string;
  on_hand_alert: string;
};

/**
 * The buffers' past days replayed through the engine: for each day from the first with a full
 * ADU horizon of ledger behind it to yesterday, the zones from the ADU as of that day and the
 * net flow from that day's closing on hand, as the daily snapshot would have recorded them.
 * Nothing was on order or due then (the demo has no purchase orders), so net flow is on hand.
 */
const replayHistory = async (tx: Tx, tenantId: string, today: string) => {
  const list = await tx
    .select({ b: buffers, profile: bufferProfiles })
    .from(buffers)
    .innerJoin(bufferProfiles, eq(bufferProfiles.id, buffers.profileId))
    .where(eq(buffers.tenantId, tenantId));
  if (list.length === 0) return 0;
  const yesterday = addDays(today, -1);
  const closing = new Map<string, Map<string, number>>();
  const ids = [...new Set(list.map(({ b }) => b.productId))];
  for (const c of await inventoryFacade.closingBalancesByDay(tx, tenantId, ids, yesterday)) {
    const k = `${c.product_id}|${c.location_id}`;
    const days = closing.get(k) ?? new Map<string, number>();
    days.set(c.date, c.balance);
    closing.set(k, days);
  }
  const rows: Snapshot[] = [];
  for (const { b, profile } of list) {
    const closes = closing.get(`${b.productId}|${b.locationId}`);
    const first = closes ? [...closes.keys()].sort()[0] : undefined;
    if (!closes || !first || b.dlt === null) continue;
    const h = b.aduHorizonDays;
    const usage = await inventoryFacade.consumptionByDay(
      tx,
      tenantId,
      b.productId,
      b.locationId,
      first,
      yesterday,
    );
    const used = new Map(usage.map((u) => [u.date, u.qty]));
    const overrides = {
      red: b.redOverride === null ? null : Number(b.redOverride),
      yellow: b.yellowOverride === null ? null : Number(b.yellowOverride),
      green: b.greenOverride === null ? null : Number(b.greenOverride),
    };
    const method =
      profile.replenishMethod === 'override' && Object.values(overrides).includes(null)
        ? 'replenish'
        : profile.replenishMethod;
    let balance = 0;
    let window = 0;
    for (let d = dayNumber(first); d <= dayNumber(yesterday); d++) {
      // The window is the H days before d: yesterday's usage comes in, the oldest day's goes.
      window += (used.get(isoDay(d - 1)) ?? 0) - (used.get(isoDay(d - 1 - h)) ?? 0);
      balance = closes.get(isoDay(d)) ?? balance;
      if (d < dayNumber(first) + h) continue;
      const r = computeBuffer(
        BufferInput.parse({
          as_of: isoDay(d),
          adu: {
            method: 'past',
            horizon_days: h,
            history: [{ date: isoDay(d - 1), qty: Math.max(0, window) }],
          },
          dlt: Number(b.dlt),
          extra_lead_time_days: Number(b.extraLeadTimeDays),
          profile: {
            replenish_method: method,
            lead_time_factor: Number(profile.leadTimeFactor),
            variability_factor: Number(profile.variabilityFactor),
          },
          overrides,
          order_cycle_days: Number(b.orderCycleDays),
          on_hand: balance,
        }),
      );
      rows.push({
        buffer_id: b.id,
        date: isoDay(d),
        adu: r.adu,
        dlt: r.dlt,
        red: r.zones.red,
        yellow: r.zones.yellow,
        green: r.zones.green,
        top_of_red: r.zones.top_of_red,
        top_of_yellow: r.zones.top_of_yellow,
        top_of_green: r.zones.top_of_green,
        on_hand: balance,
        on_order: r.incoming_within_dlt,
        qualified_demand: r.qualified_demand,
        net_flow: r.net_flow_position,
        net_flow_percent: r.net_flow_percent,
        planning_priority: r.planning_priority,
        on_hand_alert: r.on_hand_alert,
      });
    }
  }
  for (let i = 0; i < rows.length; i += BATCH)
    await tx.execute(sql`
      insert into buffer_history (tenant_id, buffer_id, date, adu, dlt, red, yellow, green, top_of_red,
        top_of_yellow, top_of_green, on_hand, on_order, qualified_demand, net_flow, net_flow_percent,
        planning_priority, on_hand_alert)
      select ${tenantId}::uuid, x.* from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + BATCH))}::jsonb) as x(
        buffer_id uuid, date date, adu numeric, dlt numeric, red numeric, yellow numeric, green numeric,
        top_of_red numeric, top_of_yellow numeric, top_of_green numeric, on_hand numeric, on_order numeric,
        qualified_demand numeric, net_flow numeric, net_flow_percent numeric, planning_priority text,
        on_hand_alert text)`);
  return rows.length;
};

/**
 * Buffers for the demo's buffered products at every store, sized from the year of sales the
 * inventory demo wrote (past ADU over 90 days, DLT from suppliers and the BOM), so the board's
 * mix of red, yellow and green is the history's. The warehouse has no buffers: it sells to no
 * one in the demo, and its past ADU would roll up its stores' sales onto stock that never turns.
 */
export const seedPlanningDemo = async (p: Platform, demo: DemoTenant, svc: BuffersService) => {
  const ctx = demoContext(demo);
  const { items, stores } = await p.uow.forTenant(demo.tenantId, async (tx) => ({
    items: await tx
      .select({ id: products.id, sku: products.sku })
      .from(products)
      .where(and(eq(products.tenantId, demo.tenantId), eq(products.buffered, true))),
    stores: await tx
      .select({ code: locations.code })
      .from(locations)
      .where(and(eq(locations.tenantId, demo.tenantId), eq(locations.type, 'store'))),
  }));
  for (const r of items.sort((a, b) => a.sku.localeCompare(b.sku))) {
    for (const { code } of stores.sort((a, b) => a.code.localeCompare(b.code))) {
      await svc.create(ctx, {
        product_id: r.id,
        store_id: code,
        adu_method: 'past',
        adu_horizon_days: HORIZON,
      });
    }
  }
  await p.uow.forTenant(demo.tenantId, async (tx) => {
    const today = await tenantCalendar.today(tx, demo.tenantId);
    await replayHistory(tx, demo.tenantId, today);
    // Today's row is the buffers' own state, as the daily run records it.
    await snapshotHistory(tx, demo.tenantId, today);
  });
};
