/**
 * What an ERP connector hands the sync (issue: ERP sync). Records are already in Flujo's terms;
 * decimals are text with a point; times are ISO 8601 UTC.
 */
export type Decimal = string;

/** Where an incremental read stopped: the last (modified time, id) seen, read again with an overlap. */
export type Watermark = { ts: string; id: string } | null;

export type ErpProduct = {
  external_id: string;
  sku: string;
  name: string;
  category: string | null;
  unit: string | null;
  price: Decimal | null;
  cost: Decimal | null;
  active: boolean;
  modified_at: string;
};
/** On hand of one article in one warehouse, summed by the connector (stock has no change time). */
export type ErpStock = { sku: string; warehouse_code: string; warehouse_name: string; on_hand: Decimal };
export type ErpWarehouse = { code: string; name: string; branch: string | null };
/** One sales line (invoice or point-of-sale ticket). A cancelled document's lines come with `cancelled`. */
export type ErpSale = {
  external_id: string;
  folio: string;
  sku: string;
  warehouse_code: string;
  date: string;
  quantity: Decimal;
  cancelled: boolean;
  modified_at: string;
};
export type ErpCustomer = {
  external_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  modified_at: string;
};

/** A record the connector could not read (bad text, a missing key): that row fails, not the page. */
export type Rejected = { external_id: string; reason: string };

export type Page<T> = { records: T[]; rejected: Rejected[]; next: Watermark; done: boolean };

export type ConnectionTest = { ok: true; detail: string } | { ok: false; message: string };

export type Connector = {
  test: () => Promise<ConnectionTest>;
  warehouses: () => Promise<ErpWarehouse[]>;
  products: (since: Watermark, limit: number) => Promise<Page<ErpProduct>>;
  /** Every article × warehouse with stock, in pages of `limit`; there is no watermark for stock. */
  stock: (limit: number) => AsyncIterable<ErpStock[]>;
  sales: (since: Watermark, limit: number) => Promise<Page<ErpSale>>;
  customers: (since: Watermark, limit: number) => Promise<Page<ErpCustomer>>;
  close: () => Promise<void>;
};
