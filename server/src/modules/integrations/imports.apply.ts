import type { Tx } from '../../platform/db/client.ts';
import { addDecimals } from '../../platform/decimal.ts';
import { hasPermission, inStoreScope } from '../../platform/domain/context.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import {
  locationsByCodeOrName,
  productIdsBySku,
  supplierIdsByName,
  upsertProducts,
  upsertSupplierItems,
  upsertSuppliers,
} from '../catalog/index.ts';
import { type DemandFact, inventoryFacade, type OnHandTarget } from '../inventory/index.ts';
import type {
  CellProblem,
  ImportKind,
  InventoryRecord,
  ProductRecord,
  SalesRecord,
  SheetRow,
  SupplierItemRecord,
  SupplierRecord,
} from './domain/kinds.ts';
import { validateRow } from './domain/rows.ts';
import { checkBoms, writeBoms } from './imports.boms.ts';
import { checkForecasts, writeForecasts } from './imports.forecasts.ts';
import {
  columnOf,
  type FileSeen,
  fileSeen,
  type ImportScope,
  type Parsed,
  type Place,
  type Ready,
} from './imports.scope.ts';

/** The permission each kind of file needs, beyond the import's own. */
export const KIND_PERMISSION: Record<ImportKind, string> = {
  products: 'product:write',
  inventory: 'inventory:write',
  sales: 'inventory:write',
  suppliers: 'supplier:write',
  supplier_items: 'supplier:write',
  boms: 'product:write',
  forecasts: 'buffer:write',
};

/** Whether this import may create the products it names: the user asked for it and may. */
export const mayCreateProducts = (s: ImportScope) =>
  s.createProducts && hasPermission(s.ctx.permissions, 'product:write');

const bySku = (kind: ImportKind) => kind === 'inventory' || kind === 'sales' || kind === 'products';
const byStore = (kind: ImportKind) => kind === 'inventory' || kind === 'sales';

/**
 * Checks the rows alone (cells), then against Flujo (products, stores, store scope) and, for
 * BOMs and forecasts, against the file's earlier batches (`seen`): no writes.
 */
export const checkBatch = async (
  tx: Tx,
  s: ImportScope,
  rows: SheetRow[],
  seen: FileSeen = fileSeen(false),
) => {
  const problems: CellProblem[] = [];
  const parsed: Parsed[] = [];
  for (const r of rows) {
    const v = validateRow(s.kind, s.mapping, s.headers, r, {
      decimalComma: s.decimalComma,
      store: s.store?.code ?? null,
    });
    if ('problems' in v) problems.push(...v.problems);
    else parsed.push({ row: r.row, record: v.record });
  }
  const ready: Ready[] = [];
  const newSkus = new Set<string>();
  if (s.kind === 'boms' || s.kind === 'forecasts') {
    const out = await (s.kind === 'boms' ? checkBoms : checkForecasts)(tx, s, parsed, seen);
    return { ready: out.ready, problems: [...problems, ...out.problems], newSkus };
  }
  if (s.kind === 'supplier_items') {
    const items = parsed.map((p) => ({ ...p, record: p.record as SupplierItemRecord }));
    const ids = await productIdsBySku(
      tx,
      s.tenantId,
      items.map((p) => p.record.sku),
    );
    const sellers = await supplierIdsByName(
      tx,
      s.tenantId,
      items.map((p) => p.record.supplier),
    );
    for (const p of items) {
      const productId = ids.get(p.record.sku);
      const supplierId = sellers.get(p.record.supplier.toLowerCase());
      const own: CellProblem[] = [];
      if (!supplierId)
        own.push({
          row: p.row,
          column: columnOf(s.mapping, 'supplier'),
          value: p.record.supplier,
          code: 'unknown_supplier',
        });
      if (!productId)
        own.push({
          row: p.row,
          column: columnOf(s.mapping, 'sku'),
          value: p.record.sku,
          code: 'unknown_product',
        });
      if (own.length || !productId || !supplierId) problems.push(...own);
      else ready.push({ ...p, productId, place: null, supplierId });
    }
    return { ready, problems, newSkus };
  }
  if (!bySku(s.kind)) {
    for (const p of parsed) ready.push({ ...p, productId: null, place: null });
    return { ready, problems, newSkus };
  }
  const records = parsed.map((p) => p.record as ProductRecord | InventoryRecord | SalesRecord);
  const ids = await productIdsBySku(
    tx,
    s.tenantId,
    records.map((r) => r.sku),
  );
  const places = byStore(s.kind)
    ? await locationsByCodeOrName(
        tx,
        s.tenantId,
        records.map((r) => ('store' in r && r.store) || ''),
      )
    : new Map<string, Place>();
  const create = mayCreateProducts(s);
  for (const p of parsed) {
    const r = p.record as ProductRecord | InventoryRecord | SalesRecord;
    const own: CellProblem[] = [];
    const productId = ids.get(r.sku) ?? null;
    if (!productId && s.kind !== 'products') {
      if (create) newSkus.add(r.sku);
      else
        own.push({ row: p.row, column: columnOf(s.mapping, 'sku'), value: r.sku, code: 'unknown_product' });
    }
    if (s.kind === 'products' && !productId) newSkus.add(r.sku);
    let place: Place | null = null;
    if (byStore(s.kind)) {
      const named = 'store' in r ? r.store : undefined;
      place = named ? (places.get(named) ?? null) : s.store;
      const column = columnOf(s.mapping, 'store');
      if (!place) own.push({ row: p.row, column, value: named ?? '', code: 'unknown_store' });
      else if (!inStoreScope(s.ctx, place.id))
        own.push({ row: p.row, column, value: named ?? place.code, code: 'store_not_allowed' });
    }
    if (own.length) problems.push(...own);
    else ready.push({ ...p, productId, place });
  }
  return { ready, problems, newSkus };
};

/** The products a stock or sales file names and Flujo lacks, made from what the file says of them. */
const createNamed = async (tx: Tx, emit: Emit, s: ImportScope, ready: Ready[]) => {
  const missing = ready.filter((r) => !r.productId).map((r) => r.record as InventoryRecord | SalesRecord);
  if (missing.length === 0) return 0;
  const made = await upsertProducts(
    tx,
    s.tenantId,
    emit,
    missing.map((r) => ({ sku: r.sku, name: r.name, category: r.category, unit: r.unit })),
    { onlyCreate: true },
  );
  for (const r of ready)
    if (!r.productId) r.productId = made.ids.get((r.record as InventoryRecord).sku) ?? null;
  return made.created;
};

/**
 * Where a sale came from, so loading it again replaces rather than adds: a document number
 * keys it across files; without one, the file's content and the cell do.
 */
const factKey = (s: ImportScope, r: Ready, sale: SalesRecord, start: string) =>
  sale.folio
    ? { source: 'folio', reference: `${r.place?.id}|${sale.folio}|${sale.sku}|${start}` }
    : { source: `file:${s.sha256}`, reference: `${r.row}|${start}` };

/** Writes checked rows; returns counts and the rows Flujo refused at write time. */
export const writeBatch = async (tx: Tx, emit: Emit, s: ImportScope, ready: Ready[]) => {
  const refused: CellProblem[] = [];
  switch (s.kind) {
    case 'products': {
      const out = await upsertProducts(
        tx,
        s.tenantId,
        emit,
        ready.map((r) => r.record as ProductRecord),
        { onlyCreate: false },
      );
      return { created: out.created, updated: out.updated, refused };
    }
    case 'inventory': {
      const created = await createNamed(tx, emit, s, ready);
      const targets: OnHandTarget[] = ready.map((r) => {
        const rec = r.record as InventoryRecord;
        return {
          productId: r.productId as string,
          locationId: r.place?.id as string,
          locationCode: r.place?.code as string,
          onHand: rec.on_hand,
          ...(rec.min !== undefined ? { min: rec.min } : {}),
          ...(rec.max !== undefined ? { max: rec.max } : {}),
        };
      });
      const out = await inventoryFacade.setOnHand(tx, s.ctx, emit, targets, {
        type: 'import',
        id: s.importId,
        reason: 'Stock file',
      });
      for (const i of out.refused) {
        const r = ready[i] as Ready;
        const rec = r.record as InventoryRecord;
        refused.push({
          row: r.row,
          column: columnOf(s.mapping, 'on_hand'),
          value: rec.on_hand,
          code: 'below_reserved',
        });
      }
      return { created, updated: ready.length - out.refused.length, refused };
    }
    case 'sales': {
      const created = await createNamed(tx, emit, s, ready);
      const facts = new Map<string, DemandFact>();
      for (const r of ready) {
        const sale = r.record as SalesRecord;
        for (const line of sale.lines) {
          const key = factKey(s, r, sale, line.start);
          const id = `${key.source}\u0000${key.reference}`;
          const prior = facts.get(id);
          // Two lines of one document and product on one day are one sale of their sum.
          const quantity = prior ? addDecimals(prior.quantity, line.quantity) : line.quantity;
          facts.set(id, {
            productId: r.productId as string,
            locationId: r.place?.id as string,
            start: line.start,
            end: line.end,
            quantity,
            ...key,
          });
        }
      }
      await inventoryFacade.recordDemand(tx, s.tenantId, emit, [...facts.values()]);
      return { created: created + facts.size, updated: 0, refused };
    }
    case 'suppliers': {
      const out = await upsertSuppliers(
        tx,
        s.tenantId,
        emit,
        ready.map((r) => {
          const rec = r.record as SupplierRecord;
          return {
            name: rec.supplier,
            taxId: rec.tax_id,
            email: rec.email,
            phone: rec.phone,
            currency: rec.currency,
            leadTimeDays: rec.lead_time_days,
          };
        }),
      );
      return { ...out, refused };
    }
    case 'supplier_items': {
      const out = await upsertSupplierItems(
        tx,
        s.tenantId,
        ready.map((r) => {
          const rec = r.record as SupplierItemRecord;
          return {
            supplierId: r.supplierId as string,
            productId: r.productId as string,
            leadTimeDays: rec.lead_time_days,
            price: rec.price,
            minQty: rec.min_qty,
            preferred: rec.preferred,
          };
        }),
      );
      return { ...out, refused };
    }
    case 'boms':
      return { ...(await writeBoms(tx, emit, s, ready)), refused };
    case 'forecasts':
      return { ...(await writeForecasts(tx, emit, s, ready)), refused };
  }
};
