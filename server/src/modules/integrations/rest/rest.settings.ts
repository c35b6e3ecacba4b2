/** How Flujo reads an ERP's HTTP API (the generic REST connector); the secret is kept apart, sealed. */
export type RestAuth =
  | { type: 'none' }
  | { type: 'api_key'; header: string }
  | { type: 'bearer' }
  | { type: 'basic'; username: string }
  | { type: 'oauth2'; token_url: string; client_id: string; scope?: string | undefined };

export type RestPagination =
  | { type: 'page'; page_param: string; size_param: string; first_page: number }
  | { type: 'offset'; offset_param: string; limit_param: string }
  | { type: 'cursor'; cursor_param: string; next_path: string; size_param?: string | undefined }
  | { type: 'next_link'; next_path: string };

/** One list the ERP serves: where, where its records sit in the answer, and which field is which. */
export type RestResource = {
  path: string;
  records_path: string;
  /** Query parameter for "changed since" (ISO 8601); without it every run reads everything. */
  since_param?: string | undefined;
  /** Flujo field → dotted path in a record (`sku: "codigo"`, `price: "precios.0.valor"`). */
  fields: Partial<Record<string, string>>;
};

export type RestSettings = {
  base_url: string;
  auth: RestAuth;
  pagination: RestPagination;
  resources: {
    products?: RestResource | undefined;
    stock?: RestResource | undefined;
    sales?: RestResource | undefined;
    customers?: RestResource | undefined;
  };
  /** Incremental reads start this long before the last change seen, so late writers are not missed. */
  lookback_minutes: number;
};

/** The fields each resource may map; the first ones listed are required. */
export const REST_FIELDS = {
  products: ['sku', 'name', 'external_id', 'category', 'unit', 'price', 'cost', 'active', 'modified_at'],
  stock: ['sku', 'warehouse_code', 'on_hand', 'warehouse_name'],
  sales: ['sku', 'warehouse_code', 'date', 'quantity', 'external_id', 'folio', 'cancelled', 'modified_at'],
  customers: ['external_id', 'name', 'email', 'phone', 'active', 'modified_at'],
} as const;
export const REQUIRED_FIELDS = {
  products: ['sku', 'name'],
  stock: ['sku', 'warehouse_code', 'on_hand'],
  sales: ['sku', 'warehouse_code', 'date', 'quantity'],
  customers: ['external_id', 'name'],
} as const;
