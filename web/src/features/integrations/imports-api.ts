import { ApiError, accessToken } from '../../api/client.ts';
import type { Json } from '../../api/queries.ts';
import type { paths } from '../../api/schema';
import type { Problem } from '../../api/session.ts';

export type Import = Json<'/api/v1/imports/{id}', 'get'>;
export type Uploaded = paths['/api/v1/imports']['post']['responses'][201]['content']['application/json'];
export type Checked = Json<'/api/v1/imports/{id}/validate', 'post'>;
export type ImportKind = NonNullable<Import['kind']>;
export type ImportStatus = Import['status'];
export type ImportMode = NonNullable<Import['mode']>;
export type Target = Import['mapping'][string];
export type Period = { start: string; end: string };

/** What a spreadsheet can hold, in the order the server lists them (integrations/domain/kinds.ts). */
export const IMPORT_KINDS = [
  'products',
  'inventory',
  'sales',
  'suppliers',
  'supplier_items',
  'boms',
  'forecasts',
] as const satisfies readonly ImportKind[];

/** The fields each kind maps columns to, as the server's kinds.ts lists them (required ones first). */
export const KIND_FIELDS = {
  products: ['sku', 'name', 'price', 'cost', 'category', 'unit', 'barcode'],
  inventory: ['sku', 'on_hand', 'store', 'min', 'max', 'name', 'category', 'unit'],
  sales: ['sku', 'date', 'quantity', 'store', 'folio', 'name', 'category', 'unit'],
  suppliers: ['supplier', 'tax_id', 'email', 'phone', 'currency', 'lead_time_days'],
  supplier_items: ['supplier', 'sku', 'lead_time_days', 'price', 'min_qty', 'preferred'],
  boms: ['parent_sku', 'component_sku', 'quantity', 'store'],
  forecasts: ['sku', 'store', 'start_date', 'end_date', 'quantity'],
} as const satisfies Record<ImportKind, readonly string[]>;
export type ImportField = (typeof KIND_FIELDS)[ImportKind][number];

/** The server's limit for one file; checked here too so a big file is refused before it travels. */
export const MAX_BYTES = 10 * 1024 * 1024;
export const ACCEPT = '.xlsx,.xls,.csv';
export const isSpreadsheetName = (name: string) => /\.(xlsx|xls|csv)$/i.test(name);

export const isPeriod = (t: Target): t is { period: Period } => typeof t === 'object' && t !== null;

const problemOf = async (res: Response): Promise<Problem> => {
  try {
    const body = (await res.json()) as Problem;
    if (body && typeof body === 'object' && 'title' in body) return body;
  } catch {
    // A proxy's HTML page (a 413 from the edge) has no problem+json; the status speaks for it.
  }
  return { title: res.statusText || 'Request failed', status: res.status };
};

/** A request the typed client cannot make (multipart, a file back), with the session's token. */
const authorizedFetch = async (url: string, init: RequestInit = {}) => {
  const token = await accessToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await fetch(url, { ...init, headers });
  if (!res.ok) throw new ApiError(await problemOf(res));
  return res;
};

/** Sends the file as multipart: the server detects its kind, store and columns and keeps it. */
export const uploadImport = async (u: {
  file: File;
  kind?: ImportKind | undefined;
  store?: string | undefined;
}): Promise<Uploaded> => {
  const body = new FormData();
  if (u.kind) body.append('kind', u.kind);
  if (u.store) body.append('store_id', u.store);
  // The file goes last: the server reads the small fields before it streams the file.
  body.append('file', u.file, u.file.name);
  const res = await authorizedFetch('/api/v1/imports', { method: 'POST', body });
  return (await res.json()) as Uploaded;
};

/** The file name the server gave, else a plain one. */
const fileNameOf = (res: Response, fallback: string) =>
  res.headers.get('content-disposition')?.match(/filename="([^"]+)"/)?.[1] ?? fallback;

/** Hands a downloaded file to the browser, as the export menu does: a plain link cannot carry the token. */
const save = (blob: Blob, name: string) => {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // After the click has handed the file over; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/** Downloads an import's error file (row, column, value, problem) in the reader's language. */
export const downloadErrors = async (id: string, format: 'csv' | 'xlsx', lang: 'es' | 'en') => {
  const res = await authorizedFetch(`/api/v1/imports/${id}/errors?format=${format}&lang=${lang}`);
  save(await res.blob(), fileNameOf(res, `errors.${format}`));
};
