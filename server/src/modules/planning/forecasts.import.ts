import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { DomainError, type FieldError } from '../../platform/domain/errors.ts';
import { catalogLocations as locations, catalogProducts as products } from '../catalog/index.ts';
import { type CsvForecast, overlappingPairs, type Span } from './forecasts.csv.ts';
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

/**
 * Checks the rows against each other and against the stored ranges of their items (those a
 * row replaces aside), then, when neither these nor `found` (the file's other problems) say
 * otherwise, upserts them in chunks. The caller holds the tenant's lock.
 */
export const writeRows = async (tx: Tx, tenantId: string, rows: Resolved[], found: FieldError[]) => {
  const items = [
    ...new Map(
      rows.map((r) => [itemKey(r), { product_id: r.product_id, location_id: r.location_id }]),
    ).values(),
  ];
  const stored = await tx
    .select({
      product_id: demandForecasts.productId,
      location_id: demandForecasts.locationId,
      start: demandForecasts.startDate,
      end: demandForecasts.endDate,
    })
    .from(demandForecasts)
    .where(
      and(
        eq(demandForecasts.tenantId, tenantId),
        sql`(${demandForecasts.productId}, ${demandForecasts.locationId}) in (select * from unnest(${sql.param(items.map((i) => i.product_id))}::uuid[], ${sql.param(items.map((i) => i.location_id))}::uuid[]))`,
      ),
    );
  const incoming = new Set(rows.map((r) => startKey({ ...r, start: r.start_date })));
  const replaced = new Set(stored.map(startKey).filter((k) => incoming.has(k)));

  const spans = new Map<string, (Span & { row?: number })[]>();
  const add = (k: string, s: Span & { row?: number }) => {
    const list = spans.get(k);
    if (list) list.push(s);
    else spans.set(k, [s]);
  };
  for (const r of rows) add(itemKey(r), { start: r.start_date, end: r.end_date, row: r.row });
  for (const s of stored) if (!replaced.has(startKey(s))) add(itemKey(s), s);
  const clashes = [...found];
  for (const list of spans.values())
    for (const [later, earlier] of overlappingPairs(list)) {
      const [mine, other, column] =
        later.row !== undefined ? [later, earlier, 'start_date'] : [earlier, later, 'end_date'];
      clashes.push({
        field: `rows[${mine.row}].${column}`,
        message:
          other.row !== undefined
            ? `overlaps rows[${other.row}] (${other.start} to ${other.end})`
            : `overlaps the stored forecast from ${other.start} to ${other.end}`,
      });
    }
  if (clashes.length > 0) throw importInvalid(clashes);

  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await tx
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
      });
  return { items, created: rows.length - replaced.size, updated: replaced.size };
};
