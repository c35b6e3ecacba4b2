import { createHash } from 'node:crypto';
import {
  type Cell,
  IMPORT_KINDS,
  type ImportField,
  type ImportKind,
  KIND_FIELDS,
  type Mapping,
  type SheetRow,
} from './kinds.ts';
import { parsePeriodHeader } from './periods.ts';
import { storeFromName } from './store-name.ts';
import { fieldMatches, normalizeHeader } from './synonyms.ts';

export { normalizeHeader } from './synonyms.ts';

// A column that names another kind's field stands in for this kind's when nothing better does:
// a supplier's "Costo" is its price to us, a "Mínimo" on a supplier list is the minimum order.
const STAND_INS: Partial<Record<ImportKind, Partial<Record<ImportField, ImportField>>>> = {
  supplier_items: { cost: 'price', min: 'min_qty' },
  suppliers: { name: 'supplier' },
  boms: { sku: 'parent_sku' },
};

// Words of a file or sheet name that say what it holds.
const HINTS: Record<ImportKind, string[]> = {
  products: ['productos', 'articulos', 'catalogo', 'precios', 'products', 'items', 'catalog', 'prices'],
  inventory: ['existencias', 'existencia', 'inventario', 'stock', 'inventory'],
  sales: ['ventas', 'venta', 'consumo', 'consumos', 'sales'],
  suppliers: ['proveedores', 'suppliers', 'vendors'],
  supplier_items: ['proveedores', 'suppliers', 'vendors', 'compras', 'purchasing'],
  boms: ['bom', 'boms', 'materiales', 'recetas', 'formulas', 'explosion', 'estructuras', 'kits'],
  forecasts: ['pronostico', 'pronosticos', 'forecast', 'forecasts', 'proyeccion'],
};

// On equal scores the kind with the rarer, more telling columns wins.
const SPECIFICITY: ImportKind[] = [
  'forecasts',
  'boms',
  'supplier_items',
  'sales',
  'inventory',
  'suppliers',
  'products',
];

type Assignment = { mapping: Mapping; found: Set<ImportField>; standIns: Set<ImportField>; periods: number };

/** The mapping of `headers` for a kind chosen by the user or by `detect`: best matches first. */
export const mappingFor = (kind: ImportKind, headers: string[]): Mapping => assign(kind, headers).mapping;

const assign = (kind: ImportKind, headers: string[]): Assignment => {
  const fields = new Set<ImportField>(KIND_FIELDS[kind]);
  const mapping: Mapping = Object.fromEntries(headers.map((h) => [h, null]));
  const taken = new Set<number>();
  let periods = 0;
  if (kind === 'sales')
    headers.forEach((h, i) => {
      const p = parsePeriodHeader(h);
      if (!p || mapping[h] !== null) return;
      mapping[h] = { period: { start: p.start, end: p.end } };
      taken.add(i);
      periods++;
    });
  const options = headers.flatMap((h, i) =>
    fieldMatches(h).flatMap(({ field, score }) => {
      if (fields.has(field)) return [{ i, field, score, standIn: false }];
      const other = STAND_INS[kind]?.[field];
      return other ? [{ i, field: other, score: score - 5, standIn: true }] : [];
    }),
  );
  options.sort((a, b) => b.score - a.score || a.i - b.i);
  const found = new Set<ImportField>();
  const standIns = new Set<ImportField>();
  for (const o of options) {
    const h = headers[o.i]!;
    // A header repeated in the file keeps its first column's meaning: the mapping is by text.
    if (taken.has(o.i) || found.has(o.field) || headers.indexOf(h) !== o.i) continue;
    mapping[h] = o.field;
    taken.add(o.i);
    found.add(o.field);
    if (o.standIn) standIns.add(o.field);
  }
  return { mapping, found, standIns, periods };
};

/** The fields that make a kind, or null when the headers cannot be that kind. */
const required = (kind: ImportKind, a: Assignment, store: string | null, hinted: boolean): number | null => {
  const has = (...f: ImportField[]) => f.every((x) => a.found.has(x));
  const any = (...f: ImportField[]) => f.some((x) => a.found.has(x));
  switch (kind) {
    case 'products':
      return has('sku') && any('name', 'price', 'cost', 'category', 'unit', 'barcode') ? 1 : null;
    case 'inventory':
      return has('sku', 'on_hand') ? 2 : null;
    case 'sales':
      // Dated lines, or one column per period (two at least: one could be anything).
      if (has('sku') && a.periods >= 2) return 3;
      return has('sku', 'date', 'quantity') ? 3 : null;
    case 'suppliers':
      // A "Nombre" column names suppliers only beside a tax id, or in a file named for them:
      // customers and staff have names, phones and emails too.
      if (!has('supplier')) return null;
      return !a.standIns.has('supplier') || has('tax_id') || hinted ? 1 : null;
    case 'supplier_items':
      return has('supplier', 'sku') ? 2 : null;
    case 'boms':
      return has('parent_sku', 'component_sku', 'quantity') ? 3 : null;
    case 'forecasts':
      if (!has('sku', 'start_date', 'end_date', 'quantity')) return null;
      return has('store') ? 5 : store ? 4 : null;
  }
};

export type Detection = {
  kind: ImportKind | null;
  mapping: Mapping;
  /** 0 to 1: how much of the file the mapping explains and how far ahead of the next kind. */
  confidence: number;
  candidates: { kind: ImportKind; score: number }[];
  /** The store the file or sheet name speaks of, for files that hold one store's rows. */
  store: string | null;
};

const words = (s: string) => new Set(normalizeHeader(s).split(' '));

/**
 * What a sheet holds, from its header texts and its file and sheet names: each kind scores
 * three points per required field found and one per optional one, and two more when the names
 * say so; kinds whose required fields are missing are out.
 */
export const detect = (headers: string[], ctx: { filename: string; sheet: string }): Detection => {
  const store = storeFromName(ctx.filename) ?? storeFromName(ctx.sheet);
  const named = new Set([...words(ctx.filename), ...words(ctx.sheet)]);
  const scored = IMPORT_KINDS.flatMap((kind) => {
    const a = assign(kind, headers);
    const hinted = HINTS[kind].some((w) => named.has(w));
    const req = required(kind, a, store, hinted);
    if (req === null) return [];
    const mapped = Object.values(a.mapping).filter((t) => t !== null).length;
    return [{ kind, a, mapped, score: 2 * req + mapped + (hinted ? 2 : 0) }];
  });
  scored.sort((x, y) => y.score - x.score || SPECIFICITY.indexOf(x.kind) - SPECIFICITY.indexOf(y.kind));
  const best = scored[0];
  const candidates = scored.map(({ kind, score }) => ({ kind, score }));
  if (!best) {
    const mapping: Mapping = Object.fromEntries(headers.map((h) => [h, null]));
    return { kind: null, mapping, confidence: 0, candidates, store };
  }
  const columns = new Set(headers.filter((h) => normalizeHeader(h) !== '')).size;
  const share = columns === 0 ? 0 : Math.min(1, best.mapped / columns);
  const margin = scored[1] ? (best.score - scored[1].score) / best.score : 1;
  const confidence = Math.round((0.6 * share + 0.4 * margin) * 100) / 100;
  return { kind: best.kind, mapping: best.a.mapping, confidence, candidates, store };
};

const isHeaderLike = (c: Cell) => typeof c === 'string' || c instanceof Date;

/**
 * Which of the first 15 rows is the header: ERP exports put a title, the company or the date
 * above it. The row with the most cells naming a field or a period wins, the first on a tie;
 * a row of one cell is a title. Returns the index in `rows`, 0 when nothing is recognised.
 */
export const findHeaderRow = (rows: SheetRow[]): number => {
  let best = -1;
  let bestScore = 0;
  rows.slice(0, 15).forEach((r, i) => {
    const cells = r.cells.filter((c) => c !== null && c !== '');
    if (cells.length < 2 || !cells.every(isHeaderLike)) return;
    const texts = headerTexts(r.cells);
    const score = texts.filter((t) => t && (fieldMatches(t).length > 0 || parsePeriodHeader(t))).length;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  if (best >= 0) return best;
  const firstWide = rows.slice(0, 15).findIndex((r) => r.cells.filter((c) => c !== null).length >= 2);
  return Math.max(0, firstWide);
};

const DAY_MS = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Header cells as text, strings exactly as written (a mapping is keyed by them). Excel keeps "ENE-25" headers as dates formatted `mmm-yy`; the format
 * is not read, so dates all on the 1st of their months stand for months (`2025-01`), dates a
 * week apart on Mondays for ISO weeks, and any other date for its day.
 */
export const headerTexts = (cells: Cell[]): string[] => {
  const dates = cells.filter((c): c is Date => c instanceof Date && !Number.isNaN(c.getTime()));
  const months = dates.length >= 2 && dates.every((d) => d.getUTCDate() === 1);
  const gaps = dates.slice(1).map((d, i) => (d.getTime() - dates[i]!.getTime()) / DAY_MS);
  const weeks = dates.length >= 2 && gaps.every((g) => g === 7) && dates.every((d) => d.getUTCDay() === 1);
  return cells.map((c) => {
    if (c === null) return '';
    if (typeof c === 'string') return c;
    if (typeof c === 'number') return String(c);
    if (Number.isNaN(c.getTime())) return '';
    if (months) return iso(c).slice(0, 7);
    if (weeks) return isoWeekLabel(c);
    return iso(c);
  });
};

const isoWeekLabel = (monday: Date) => {
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
};

/**
 * A key for the shape of a file: the same headers in any order give the same key, so the
 * mapping a user confirmed can be offered again for next month's export.
 */
export const shapeOf = (headers: string[]): string =>
  createHash('sha256')
    .update(headers.map(normalizeHeader).filter(Boolean).sort().join('\u001f'))
    .digest('hex');
