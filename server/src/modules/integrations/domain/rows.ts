import { cellText, isBlank, type Parsed, parseBoolean, parseDate, parseDecimal, parseText } from './cells.ts';
import type {
  CellProblem,
  CellProblemCode,
  ImportField,
  ImportKind,
  Mapping,
  RecordOf,
  SalesLine,
  SheetRow,
} from './kinds.ts';

/** Bounds of what a row may say; the same as planning's (a billion units, ten years of lead time). */
export const ROW_LIMITS = { quantity: 1e9, amount: 1e12, leadTimeDays: 3650, email: 254 } as const;

/** Longest text each field holds, in characters. */
export const TEXT_MAX = {
  sku: 64,
  parent_sku: 64,
  component_sku: 64,
  name: 200,
  category: 100,
  unit: 20,
  barcode: 64,
  store: 100,
  folio: 64,
  supplier: 200,
  tax_id: 20,
  phone: 40,
} as const satisfies Partial<Record<ImportField, number>>;

export type RowOptions = {
  decimalComma: boolean;
  /** The store of a file that holds one store's rows (from its name), for rows without a column. */
  store?: string | null;
};
export type RowResult<K extends ImportKind> = { record: RecordOf[K] } | { problems: CellProblem[] };

type Column = { index: number; header: string };
type PeriodColumn = Column & { start: string; end: string };

/** Reads the cells of one row by field, collecting every problem instead of stopping at the first. */
class RowReader {
  readonly found: { at: number; problem: CellProblem }[] = [];
  readonly columns: Map<ImportField, Column>;
  readonly row: SheetRow;
  readonly opts: RowOptions;
  constructor(columns: Map<ImportField, Column>, row: SheetRow, opts: RowOptions) {
    this.columns = columns;
    this.row = row;
    this.opts = opts;
  }

  has(field: ImportField) {
    return this.columns.has(field);
  }

  problem(field: ImportField | Column, code: CellProblemCode, params?: Record<string, string | number>) {
    const col = typeof field === 'string' ? this.columns.get(field) : field;
    const value = col ? cellText(this.row.cells[col.index] ?? null) : '';
    const p: CellProblem = { row: this.row.row, column: col?.header ?? String(field), value, code };
    this.found.push({ at: col?.index ?? Number.MAX_SAFE_INTEGER, problem: params ? { ...p, params } : p });
  }

  /** Problems left to right as the columns stand in the file; a missing column's come last. */
  get problems() {
    return this.found.toSorted((a, b) => a.at - b.at).map((f) => f.problem);
  }

  /** The parsed cell, undefined when blank (a problem if required) or bad (a problem). */
  read<T>(
    field: ImportField | Column,
    parse: (c: SheetRow['cells'][number]) => Parsed<T>,
    required: boolean,
  ) {
    const col = typeof field === 'string' ? this.columns.get(field) : field;
    const cell = col ? (this.row.cells[col.index] ?? null) : null;
    if (isBlank(cell)) {
      if (required) this.problem(field, 'required');
      return undefined;
    }
    const r = parse(cell);
    if (r.ok) return r.value;
    this.problem(field, r.code, r.params);
    return undefined;
  }

  text(field: keyof typeof TEXT_MAX, required = false) {
    return this.read(field, (c) => parseText(c, TEXT_MAX[field]), required);
  }

  /** A decimal between `min` and `max`; zero refused when `positive`. */
  decimal(
    field: ImportField | Column,
    o: { min: number; max: number; required?: boolean; positive?: boolean },
  ) {
    const v = this.read(field, (c) => parseDecimal(c, this.opts), o.required ?? false);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (n < 0 && o.min === 0) this.problem(field, 'negative');
    else if (n < o.min) this.problem(field, 'too_large', { max: -o.min });
    else if (n > o.max) this.problem(field, 'too_large', { max: o.max });
    else if (o.positive && n === 0) this.problem(field, 'not_positive');
    else return v;
    return undefined;
  }

  quantity(field: ImportField | Column, required = false) {
    return this.decimal(field, { min: 0, max: ROW_LIMITS.quantity, required });
  }

  amount(field: ImportField) {
    return this.decimal(field, { min: 0, max: ROW_LIMITS.amount });
  }

  date(field: ImportField, required = false) {
    return this.read(field, parseDate, required);
  }

  wholeDays(field: ImportField) {
    const v = this.decimal(field, { min: 0, max: ROW_LIMITS.leadTimeDays });
    if (v === undefined) return undefined;
    if (v.includes('.')) return void this.problem(field, 'not_whole');
    return Number(v);
  }

  /** The store column, else (no column, or a blank cell) the store the file's name gave. */
  store(required: boolean) {
    const own = this.has('store') ? this.text('store') : undefined;
    if (own !== undefined) return own;
    if (this.opts.store) return this.opts.store;
    if (required) this.problem('store', 'required');
    return undefined;
  }
}

// Optional fields come out absent, not `undefined`, so records compare and serialise cleanly.
const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CURRENCY_WORDS: Record<string, string> = {
  MN: 'MXN',
  'M.N.': 'MXN',
  PESO: 'MXN',
  PESOS: 'MXN',
  DLS: 'USD',
  DLLS: 'USD',
  DOLAR: 'USD',
  DOLARES: 'USD',
  DÓLARES: 'USD',
  US$: 'USD',
  EURO: 'EUR',
  EUROS: 'EUR',
};
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const parseEmail = (c: SheetRow['cells'][number]): Parsed<string> => {
  const t = parseText(c, ROW_LIMITS.email);
  if (!t.ok) return t;
  return EMAIL.test(t.value) ? { ok: true, value: t.value.toLowerCase() } : { ok: false, code: 'bad_email' };
};

/** ISO 4217 codes, and what Mexican and Spanish invoices write instead (M.N., DLLS, euros). */
const parseCurrency = (c: SheetRow['cells'][number]): Parsed<string> => {
  const t = parseText(c, 20);
  if (!t.ok) return t;
  const up = t.value.toUpperCase();
  const code = CURRENCY_WORDS[up] ?? up;
  return /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code)
    ? { ok: true, value: code }
    : { ok: false, code: 'bad_currency' };
};

const salesLines = (r: RowReader, periods: PeriodColumn[]): SalesLine[] => {
  const signed = { min: -ROW_LIMITS.quantity, max: ROW_LIMITS.quantity };
  const lines: SalesLine[] = [];
  // An empty period cell is no line; a zero is a real zero, a negative one a return.
  for (const p of periods) {
    const q = r.decimal(p, signed);
    if (q !== undefined) lines.push({ start: p.start, end: p.end, quantity: q });
  }
  // Dated rows: one line for the day, when the file has a date column (or a quantity column alone).
  if (r.has('date') || (r.has('quantity') && periods.length === 0)) {
    const day = r.date('date', true);
    const q = r.decimal('quantity', { ...signed, required: true });
    if (day !== undefined && q !== undefined) lines.push({ start: day, end: day, quantity: q });
  }
  return lines;
};

type Build<K extends ImportKind> = (r: RowReader, periods: PeriodColumn[]) => RecordOf[K];
const BUILD: { [K in ImportKind]: Build<K> } = {
  products: (r) => ({
    sku: r.text('sku', true)!,
    name: r.text('name'),
    price: r.amount('price'),
    cost: r.amount('cost'),
    category: r.text('category'),
    unit: r.text('unit'),
    barcode: r.text('barcode'),
  }),
  inventory: (r) => {
    const min = r.quantity('min');
    const max = r.quantity('max');
    if (min !== undefined && max !== undefined && Number(max) < Number(min))
      r.problem('max', 'max_below_min', { min });
    return {
      sku: r.text('sku', true)!,
      on_hand: r.quantity('on_hand', true)!,
      store: r.store(false),
      min,
      max,
      name: r.text('name'),
      category: r.text('category'),
      unit: r.text('unit'),
    };
  },
  sales: (r, periods) => ({
    sku: r.text('sku', true)!,
    lines: salesLines(r, periods),
    store: r.store(false),
    folio: r.text('folio'),
    name: r.text('name'),
    category: r.text('category'),
    unit: r.text('unit'),
  }),
  suppliers: (r) => ({
    supplier: r.text('supplier', true)!,
    tax_id: r.text('tax_id')?.toUpperCase(),
    email: r.read('email', parseEmail, false),
    phone: r.text('phone'),
    currency: r.read('currency', parseCurrency, false),
    lead_time_days: r.wholeDays('lead_time_days'),
  }),
  supplier_items: (r) => ({
    supplier: r.text('supplier', true)!,
    sku: r.text('sku', true)!,
    lead_time_days: r.wholeDays('lead_time_days'),
    price: r.amount('price'),
    min_qty: r.quantity('min_qty'),
    preferred: r.read('preferred', parseBoolean, false),
  }),
  boms: (r) => {
    const parent = r.text('parent_sku', true);
    const component = r.text('component_sku', true);
    if (parent !== undefined && parent === component) r.problem('component_sku', 'same_product');
    return {
      parent_sku: parent!,
      component_sku: component!,
      quantity: r.decimal('quantity', { min: 0, max: ROW_LIMITS.quantity, required: true, positive: true })!,
      store: r.store(false),
    };
  },
  forecasts: (r) => {
    const start = r.date('start_date', true);
    const end = r.date('end_date', true);
    if (start !== undefined && end !== undefined && end < start) r.problem('end_date', 'end_before_start');
    return {
      sku: r.text('sku', true)!,
      store: r.store(true)!,
      start_date: start!,
      end_date: end!,
      quantity: r.quantity('quantity', true)!,
    };
  },
};

/**
 * Checks one row against a mapping and the kind's rules, so a whole file can be validated
 * before anything is written. Use `rowValidator` to check many rows with one mapping.
 */
export const validateRow = <K extends ImportKind>(
  kind: K,
  mapping: Mapping,
  headers: string[],
  row: SheetRow,
  opts: RowOptions,
): RowResult<K> => rowValidator(kind, mapping, headers, opts)(row);

/** `validateRow` with the mapping resolved to column positions once. */
export const rowValidator = <K extends ImportKind>(
  kind: K,
  mapping: Mapping,
  headers: string[],
  opts: RowOptions,
): ((row: SheetRow) => RowResult<K>) => {
  const columns = new Map<ImportField, Column>();
  const periods: PeriodColumn[] = [];
  headers.forEach((header, index) => {
    // Repeated header texts share one mapping entry; the first such column is the one read.
    if (headers.indexOf(header) !== index) return;
    const target = mapping[header];
    if (!target) return;
    if (typeof target === 'object') periods.push({ index, header, ...target.period });
    else if (!columns.has(target)) columns.set(target, { index, header });
  });
  const build = BUILD[kind] as Build<K>;
  return (row) => {
    const reader = new RowReader(columns, row, opts);
    const record = build(reader, kind === 'sales' ? periods : []);
    return reader.problems.length > 0 ? { problems: reader.problems } : { record: compact(record) };
  };
};
