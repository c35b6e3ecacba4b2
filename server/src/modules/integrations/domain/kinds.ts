/** What a spreadsheet can hold (issue: spreadsheet import); detected from its headers. */
export const IMPORT_KINDS = [
  'products',
  'inventory',
  'sales',
  'suppliers',
  'supplier_items',
  'boms',
  'forecasts',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The fields each kind maps columns to; the first ones listed are required. */
export const KIND_FIELDS = {
  products: ['sku', 'name', 'price', 'cost', 'category', 'unit', 'barcode'],
  inventory: ['sku', 'on_hand', 'store', 'min', 'max', 'name', 'category', 'unit'],
  // A sales file has `date` + `quantity`, or one period column per day, week or month.
  sales: ['sku', 'date', 'quantity', 'store', 'folio', 'name', 'category', 'unit'],
  suppliers: ['supplier', 'tax_id', 'email', 'phone', 'currency', 'lead_time_days'],
  supplier_items: ['supplier', 'sku', 'lead_time_days', 'price', 'min_qty', 'preferred'],
  boms: ['parent_sku', 'component_sku', 'quantity', 'store'],
  forecasts: ['sku', 'store', 'start_date', 'end_date', 'quantity'],
} as const satisfies Record<ImportKind, readonly string[]>;
export type ImportField = (typeof KIND_FIELDS)[ImportKind][number];

/**
 * A column's meaning: one of the kind's fields, or (sales only) a period column holding the
 * quantity sold from `start` to `end`, both inclusive, `YYYY-MM-DD`.
 */
export type ColumnTarget = ImportField | { period: { start: string; end: string } } | null;

/** Header text exactly as the file has it → what that column means (null: ignored). */
export type Mapping = Record<string, ColumnTarget>;

/** A cell as a reader yields it: text, a number, a date (an Excel date cell) or empty. */
export type Cell = string | number | Date | null;

/** One row as the spreadsheet numbers it (the first row of the sheet is 1). */
export type SheetRow = { sheet: string; row: number; cells: Cell[] };

/** A problem with one cell; `message` is a code the user's language turns into words. */
export type CellProblem = {
  row: number;
  column: string;
  value: string;
  code: CellProblemCode;
  params?: Record<string, string | number>;
};
export const CELL_PROBLEM_CODES = [
  'required',
  'not_a_number',
  'negative',
  // Zero where only a positive amount makes sense (a component's quantity per parent).
  'not_positive',
  'too_large',
  'too_many_decimals',
  'not_a_date',
  'date_out_of_range',
  'too_long',
  'bad_email',
  'bad_currency',
  'not_whole',
  'max_below_min',
  'end_before_start',
  'bad_boolean',
  'unknown_product',
  'unknown_store',
  'unknown_supplier',
  'unconvertible_text',
  'same_product',
  'duplicate_row',
  /** The store is outside the stores a store-scoped user may change. */
  'store_not_allowed',
  /** A stock count below what is reserved: release the holds first, as with a physical count. */
  'below_reserved',
  /** The component is made, directly or not, of the parent: the bill would loop. */
  'bom_loop',
  /** The bill would chain more products, one made of the next, than planning walks. */
  'bom_too_deep',
  /** The range shares days with another forecast of the item (a row of the file, or a stored one). */
  'overlaps',
] as const;
export type CellProblemCode = (typeof CELL_PROBLEM_CODES)[number];

/** Decimal numbers travel as text with a point (exact for `numeric` columns), as elsewhere in Flujo. */
export type Decimal = string;

export type ProductRecord = {
  sku: string;
  name?: string | undefined;
  price?: Decimal | undefined;
  cost?: Decimal | undefined;
  category?: string | undefined;
  unit?: string | undefined;
  barcode?: string | undefined;
};
export type InventoryRecord = {
  sku: string;
  on_hand: Decimal;
  store?: string | undefined;
  min?: Decimal | undefined;
  max?: Decimal | undefined;
  name?: string | undefined;
  category?: string | undefined;
  unit?: string | undefined;
};
/** Quantity sold over days `start`..`end` (a dated line has start = end). */
export type SalesLine = { start: string; end: string; quantity: Decimal };
export type SalesRecord = {
  sku: string;
  lines: SalesLine[];
  store?: string | undefined;
  folio?: string | undefined;
  name?: string | undefined;
  category?: string | undefined;
  unit?: string | undefined;
};
export type SupplierRecord = {
  supplier: string;
  tax_id?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  currency?: string | undefined;
  lead_time_days?: number | undefined;
};
export type SupplierItemRecord = {
  supplier: string;
  sku: string;
  lead_time_days?: number | undefined;
  price?: Decimal | undefined;
  min_qty?: Decimal | undefined;
  preferred?: boolean | undefined;
};
export type BomRecord = {
  parent_sku: string;
  component_sku: string;
  quantity: Decimal;
  store?: string | undefined;
};
export type ForecastRecord = {
  sku: string;
  store: string;
  start_date: string;
  end_date: string;
  quantity: Decimal;
};

export type RecordOf = {
  products: ProductRecord;
  inventory: InventoryRecord;
  sales: SalesRecord;
  suppliers: SupplierRecord;
  supplier_items: SupplierItemRecord;
  boms: BomRecord;
  forecasts: ForecastRecord;
};
