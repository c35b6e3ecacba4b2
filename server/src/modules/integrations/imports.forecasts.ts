import type { Tx } from '../../platform/db/client.ts';
import { inStoreScope } from '../../platform/domain/context.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { locationsByCodeOrName, productIdsBySku } from '../catalog/index.ts';
import {
  announceForecasts,
  type ForecastRow,
  forecastClashes,
  lockForecasts,
  upsertForecasts,
} from '../planning/index.ts';
import type { CellProblem, ForecastRecord } from './domain/kinds.ts';
import { columnOf, type FileSeen, type ImportScope, type Parsed, type Ready } from './imports.scope.ts';

/**
 * Checks forecast rows as planning's CSV import does (ranges of one item must not share a day;
 * a row starting where a stored forecast starts replaces it), against the rest of the file
 * too, and reports each clash on its row instead of refusing the file. No writes.
 */
export const checkForecasts = async (tx: Tx, s: ImportScope, parsed: Parsed[], seen: FileSeen) => {
  const rows = parsed.map((p) => ({ ...p, record: p.record as ForecastRecord }));
  const ids = await productIdsBySku(
    tx,
    s.tenantId,
    rows.map((r) => r.record.sku),
  );
  const places = await locationsByCodeOrName(
    tx,
    s.tenantId,
    rows.map((r) => r.record.store),
  );
  const problems: CellProblem[] = [];
  const known: (ForecastRow & { record: ForecastRecord; code: string })[] = [];
  for (const r of rows) {
    const own: CellProblem[] = [];
    const productId = ids.get(r.record.sku);
    const place = places.get(r.record.store);
    const store = columnOf(s.mapping, 'store');
    if (!productId)
      own.push({
        row: r.row,
        column: columnOf(s.mapping, 'sku'),
        value: r.record.sku,
        code: 'unknown_product',
      });
    if (!place) own.push({ row: r.row, column: store, value: r.record.store, code: 'unknown_store' });
    else if (!inStoreScope(s.ctx, place.id))
      own.push({ row: r.row, column: store, value: r.record.store, code: 'store_not_allowed' });
    if (own.length || !productId || !place) problems.push(...own);
    else
      known.push({
        row: r.row,
        record: r.record,
        code: place.code,
        product_id: productId,
        location_id: place.id,
        start_date: r.record.start_date,
        end_date: r.record.end_date,
        quantity: r.record.quantity,
      });
  }
  // Held to the end of the batch's transaction, so no other writer slips a range in between.
  if (seen.writing) await lockForecasts(tx, s.tenantId, false);
  const clashes = new Map<number, Awaited<ReturnType<typeof forecastClashes>>[number]>();
  for (const c of await forecastClashes(tx, s.tenantId, known, seen.forecasts))
    if (!clashes.has(c.row)) clashes.set(c.row, c);
  seen.forecasts.push(...known);
  const ready: Ready[] = [];
  for (const k of known) {
    const c = clashes.get(k.row);
    if (!c) {
      ready.push({
        row: k.row,
        record: k.record,
        productId: k.product_id,
        place: { id: k.location_id, code: k.code },
      });
      continue;
    }
    problems.push({
      row: k.row,
      column: columnOf(s.mapping, c.column),
      value: c.column === 'start_date' ? k.start_date : k.end_date,
      code: 'overlaps',
      params: c.other.row === undefined ? { start: c.other.start, end: c.other.end } : { ...c.other },
    });
  }
  return { ready, problems };
};

/** Upserts the checked rows (source `import`) and tells planning which items changed. */
export const writeForecasts = async (tx: Tx, emit: Emit, s: ImportScope, ready: Ready[]) => {
  const out = await upsertForecasts(
    tx,
    s.tenantId,
    ready.map((r) => {
      const rec = r.record as ForecastRecord;
      return {
        row: r.row,
        product_id: r.productId as string,
        location_id: r.place?.id as string,
        start_date: rec.start_date,
        end_date: rec.end_date,
        quantity: rec.quantity,
      };
    }),
  );
  announceForecasts(emit, s.tenantId, s.importId, out.items);
  return { created: out.created, updated: out.updated };
};
