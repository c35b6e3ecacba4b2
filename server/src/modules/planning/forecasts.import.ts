import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { DomainError, type FieldError } from '../../platform/domain/errors.ts';
import { catalogLocations as locations, catalogProducts as products } from '../catalog/index.ts';
import { type CsvForecast, type ItemRange, type RangeClash, rangeClashes } from './forecasts.csv.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { planningEvents } from './events.ts';
import { plannerRanges, yieldEngineForecasts } from './forecasts.engine.ts';
import { demandForecasts } from './schema.ts';

type Item = { product_id: string; location_id: string };
type Resolved = CsvForecast & Item;

const INSERT_CHUNK = 2000;

const rowOf = (e: FieldError) => Number(/^rows\[(\d+)\]/.exec(e.field)?.[1] ?? 0);

/** 422 listing every problem in row order, as the spreadsheet reads; a thousand is plenty per try. */
export const importInvalid = (all: FieldError[]) => {
  const errors = [...all].sort((a, b) => rowOf(a) - rowOf(b)).slice(0, 1000);
  const first = errors[0];
  const more = all.length > 1 ? ` (and ${all.length - 1} more)` : '';
  return new DomainError('planning.forecast_import_invalid', {
    detail: first ? `${first.field}: ${first.message}${more}` : 'The file has errors.',
    errors,
  });
};

/**
 * The rows with their product and location ids, and the rows naming unknown ones: one lookup
 * each, however long the file.
 */
export const resolve = async (tx: Tx, tenantId: string, rows: CsvForecast[]) => {
  const skus = [...new Set(rows.map((r) => r.sku).filter(Boolean))];
  const codes = [...new Set(rows.map((r) => r.location).filter(Boolean))];
  const productIds = new Map(
    (
      await tx
        .select({ id: products.id, sku: products.sku })
        .from(products)
        .where(and(eq(products.tenantId, tenantId), sql`${products.sku} = any(${sql.param(skus)}::text[])`))
    ).map((r) => [r.sku, r.id]),
  );
  const locationIds = new Map(
    (
      await tx
        .select({ id: locations.id, code: locations.code })
        .from(locations)
        .where(
          and(eq(locations.tenantId, tenantId), sql`${locations.code} = any(${sql.param(codes)}::text[])`),
        )
    ).map((r) => [r.code, r.id]),
  );
  const errors: FieldError[] = [];
  const resolved = rows.flatMap((r): Resolved[] => {
    const product_id = productIds.get(r.sku);
    const location_id = locationIds.get(r.location);
    if (r.sku && !product_id)
      errors.push({ field: `rows[${r.row}].sku`, message: `${r.sku} is not a product here` });
    if (r.location && !location_id)
      errors.push({ field: `rows[${r.row}].location`, message: `${r.location} is not a location here` });
    return r.valid && product_id && location_id ? [{ ...r, product_id, location_id }] : [];
  });
  return { resolved, errors };
};

const itemKey = (i: Item) => `${i.product_id}|${i.location_id}`;
const startKey = (i: Item & { start: string }) => `${itemKey(i)}|${i.start}`;

/** A forecast row whose product and location are known; `row` is the spreadsheet's number. */
export type ForecastRow = Item & {
  row: number;
  start_date: string;
  end_date: string;
  quantity: string;
};
/** A row that shares a day with another range of its item: a row of the file, or a stored forecast. */
export type ForecastClash = RangeClash;

// Keeps an import's event under the bus's message size; each event recomputes its own items.
const EVENT_CHUNK = 500;

/**
 * The rows that overlap another range of their item: another of `rows`, one of `earlier` (rows
 * of the same file checked before, which are never blamed here), or a stored forecast that no
 * row replaces (a row starting where a stored one starts replaces it). Writes nothing.
 */
export const forecastClashes = async (
  tx: Tx,
  tenantId: string,
  rows: ForecastRow[],
  earlier: readonly ForecastRow[] = [],
): Promise<ForecastClash[]> => {
  if (rows.length === 0) return [];
  const items = [...new Map(rows.map((r) => [itemKey(r), r])).values()];
  // The engine's ranges give way to the file's (yieldEngineForecasts), never clash with them.
  const stored = await plannerRanges(tx, tenantId, items);
  const file = [...earlier, ...rows];
  const replaced = new Set(file.map((r) => startKey({ ...r, start: r.start_date })));
  const spans = new Map<string, ItemRange[]>();
  const add = (k: string, s: ItemRange) => {
    const list = spans.get(k);
    if (list) list.push(s);
    else spans.set(k, [s]);
  };
  for (const r of rows) add(itemKey(r), { start: r.start_date, end: r.end_date, row: r.row, mine: true });
  const wanted = new Set(spans.keys());
  for (const r of earlier)
    if (wanted.has(itemKey(r)))
      add(itemKey(r), { start: r.start_date, end: r.end_date, row: r.row, mine: false });
  for (const s of stored)
    if (!replaced.has(startKey(s))) add(itemKey(s), { start: s.start, end: s.end, mine: false });
  return rangeClashes(spans.values());
};

/**
 * Upserts rows already checked with `forecastClashes` (a row with a stored start date replaces
 * that forecast) and says which items changed. The caller holds the tenant's lock.
 */
export const upsertForecasts = async (tx: Tx, tenantId: string, rows: ForecastRow[]) => {
  await yieldEngineForecasts(tx, tenantId, rows);
  let created = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const made = await tx
      .insert(demandForecasts)
      .values(
        rows.slice(i, i + INSERT_CHUNK).map((r) => ({
          tenantId,
          productId: r.product_id,
          locationId: r.location_id,
          startDate: r.start_date,
          endDate: r.end_date,
          quantity: r.quantity,
          source: 'import' as const,
        })),
      )
      .onConflictDoUpdate({
        target: [
          demandForecasts.tenantId,
          demandForecasts.productId,
          demandForecasts.locationId,
          demandForecasts.startDate,
        ],
        set: {
          endDate: sql`excluded.end_date`,
          quantity: sql`excluded.quantity`,
          source: 'import',
          updatedAt: sql`now()`,
        },
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    created += made.filter((m) => m.inserted).length;
  }
  const items = [
    ...new Map(
      rows.map((r) => [itemKey(r), { product_id: r.product_id, location_id: r.location_id }]),
    ).values(),
  ];
  return { items, created, updated: rows.length - created };
};

/** Tells planning which items' forecasts changed, so buffers reading the future re-size. */
export const announceForecasts = (emit: Emit, tenantId: string, aggregateId: string, items: Item[]) => {
  const unique = [...new Map(items.map((i) => [itemKey(i), i])).values()];
  for (let i = 0; i < unique.length; i += EVENT_CHUNK)
    emit(
      planningEvents.forecastChanged.create({
        tenantId,
        aggregateId,
        payload: { items: unique.slice(i, i + EVENT_CHUNK) },
      }),
    );
};

/**
 * Checks the rows against each other and against the stored ranges of their items (those a
 * row replaces aside), then, when neither these nor `found` (the file's other problems) say
 * otherwise, upserts them in chunks. The caller holds the tenant's lock.
 */
export const writeRows = async (tx: Tx, tenantId: string, rows: Resolved[], found: FieldError[]) => {
  const clashes = [...found];
  for (const c of await forecastClashes(tx, tenantId, rows))
    clashes.push({
      field: `rows[${c.row}].${c.column}`,
      message:
        c.other.row !== undefined
          ? `overlaps rows[${c.other.row}] (${c.other.start} to ${c.other.end})`
          : `overlaps the stored forecast from ${c.other.start} to ${c.other.end}`,
    });
  if (clashes.length > 0) throw importInvalid(clashes);
  return upsertForecasts(tx, tenantId, rows);
};
