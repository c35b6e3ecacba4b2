import type { Executor, Tx } from '../../platform/db/client.ts';
import { inStoreScope } from '../../platform/domain/context.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import {
  checkBomLines,
  locationsByCodeOrName,
  MAX_BOM_LEVELS,
  productIdsBySku,
  upsertBomLines,
} from '../catalog/index.ts';
import type { BomRecord, CellProblem } from './domain/kinds.ts';
import {
  columnOf,
  type FileSeen,
  type ImportScope,
  type Parsed,
  type Place,
  type Ready,
} from './imports.scope.ts';

type Line = Parsed & { record: BomRecord; parentId: string; componentId: string; place: Place | null };

/**
 * The parent, component and store a row names, each known and the store the user's. A row
 * without a store is the bill of every location: a store-scoped user may not write it, since
 * it reaches stores beyond theirs.
 */
const resolveRows = async (tx: Executor, s: ImportScope, parsed: Parsed[]) => {
  const rows = parsed.map((p) => ({ ...p, record: p.record as BomRecord }));
  const ids = await productIdsBySku(
    tx,
    s.tenantId,
    rows.flatMap((r) => [r.record.parent_sku, r.record.component_sku]),
  );
  const places = await locationsByCodeOrName(
    tx,
    s.tenantId,
    rows.map((r) => r.record.store ?? ''),
  );
  const problems: CellProblem[] = [];
  const lines: Line[] = [];
  for (const r of rows) {
    const own: CellProblem[] = [];
    const at = (field: string, value: string, code: CellProblem['code']) =>
      own.push({ row: r.row, column: columnOf(s.mapping, field), value, code });
    const parentId = ids.get(r.record.parent_sku);
    const componentId = ids.get(r.record.component_sku);
    if (!parentId) at('parent_sku', r.record.parent_sku, 'unknown_product');
    if (!componentId) at('component_sku', r.record.component_sku, 'unknown_product');
    const named = r.record.store;
    const place = named ? places.get(named) : null;
    if (place === undefined) at('store', named ?? '', 'unknown_store');
    else if (place ? !inStoreScope(s.ctx, place.id) : s.ctx.storeIds !== null)
      at('store', named ?? '', 'store_not_allowed');
    if (own.length || !parentId || !componentId || place === undefined) problems.push(...own);
    else lines.push({ ...r, parentId, componentId, place: place && { id: place.id, code: place.code } });
  }
  return { lines, problems };
};

/**
 * Checks BOM rows against Flujo and the rest of the file: the same line twice (the later row
 * is refused), and lines that would loop or chain too deep, judged in file order. No writes.
 */
export const checkBoms = async (tx: Executor, s: ImportScope, parsed: Parsed[], seen: FileSeen) => {
  const { lines, problems } = await resolveRows(tx, s, parsed);
  const fresh: Line[] = [];
  for (const l of lines) {
    const key = `${l.parentId}|${l.place?.id ?? ''}|${l.componentId}`;
    const first = seen.bomLines.get(key);
    if (first === undefined) {
      seen.bomLines.set(key, l.row);
      fresh.push(l);
      continue;
    }
    problems.push({
      row: l.row,
      column: columnOf(s.mapping, 'component_sku'),
      value: l.record.component_sku,
      code: 'duplicate_row',
      params: { row: first },
    });
  }
  const edges = fresh.map((l) => ({ productId: l.parentId, componentId: l.componentId }));
  const verdicts = await checkBomLines(tx, s.tenantId, edges, seen.bomEdges);
  const ready: Ready[] = [];
  fresh.forEach((l, i) => {
    const verdict = verdicts[i];
    if (!verdict) {
      seen.bomEdges.push(edges[i] as (typeof edges)[number]);
      ready.push({
        row: l.row,
        record: l.record,
        productId: l.parentId,
        componentId: l.componentId,
        place: l.place,
      });
      return;
    }
    problems.push({
      row: l.row,
      column: columnOf(s.mapping, 'component_sku'),
      value: l.record.component_sku,
      code: verdict === 'loop' ? 'bom_loop' : 'bom_too_deep',
      ...(verdict === 'too_deep' ? { params: { max: MAX_BOM_LEVELS } } : {}),
    });
  });
  return { ready, problems };
};

/** Sets each checked line's quantity in its bill. */
export const writeBoms = (tx: Tx, emit: Emit, s: ImportScope, ready: Ready[]) =>
  upsertBomLines(
    tx,
    s.tenantId,
    emit,
    ready.map((r) => ({
      productId: r.productId as string,
      locationId: r.place?.id ?? null,
      componentId: r.componentId as string,
      quantity: (r.record as BomRecord).quantity,
    })),
  );
