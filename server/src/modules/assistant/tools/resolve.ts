import { query } from './api.ts';
import type { Ctx } from './context.ts';

export type Product = { id: string; sku: string; name: string };
export type Location = { id: string | null; code: string; name: string };
export type Supplier = { id: string; name: string; default_lead_time_days: number | null };
type Page<T> = { data: T[]; pagination: { total: number; total_pages: number } };

/** Lower case without accents, for matching what people type against names. */
export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The product with this SKU: the exact match (any case), else the only SKU that starts with it
 * (people drop a size suffix: "TOR-M6" for TOR-M6-40); several or none is a miss naming them.
 */
export const findProduct = async (c: Ctx, sku: string): Promise<Product> => {
  const want = sku.trim().toUpperCase();
  const page = await c.get<Page<Product>>(`/api/v1/products${query({ search: want, limit: 100 })}`, {
    es: 'consultar los productos',
    en: 'read products',
  });
  const exact = page.data.find((p) => p.sku.toUpperCase() === want);
  if (exact) return exact;
  const starting = page.data.filter((p) => p.sku.toUpperCase().startsWith(want));
  if (starting.length === 1 && starting[0]) return starting[0];
  const near = (starting.length ? starting : page.data).slice(0, 5).map((p) => p.sku);
  return c.stop(
    'not_found',
    `No encontré el producto ${want}${near.length ? ` (¿quizá ${near.join(', ')}?)` : ''}.`,
    `I did not find the product ${want}${near.length ? ` (perhaps ${near.join(', ')}?)` : ''}.`,
  );
};

/**
 * The location with this code. Routes that filter by location take its code, so when the asker
 * may not read the location list (a Viewer) the code goes on unchecked and the route judges it.
 */
export const findLocation = async (c: Ctx, code: string): Promise<Location> => {
  const want = code.trim().toUpperCase();
  const r = await c.api<Page<Location>>('GET', `/api/v1/locations${query({ search: want, limit: 100 })}`);
  if (r.status === 403) return { id: null, code: want, name: want };
  if (r.status !== 200) {
    return c.stop('failed', `No se pudo consultar la ubicación ${want}.`, `Could not read location ${want}.`);
  }
  const hit = r.body.data.find((l) => l.code.toUpperCase() === want);
  if (hit) return hit;
  return c.stop('not_found', `No encontré la ubicación ${want}.`, `I did not find the location ${want}.`);
};

/** Whether a code names a location (false too when the asker may not read locations). */
export const isLocationCode = async (c: Ctx, code: string): Promise<boolean> => {
  const want = code.trim().toUpperCase();
  const r = await c.api<Page<Location>>('GET', `/api/v1/locations${query({ search: want, limit: 100 })}`);
  return r.status === 200 && r.body.data.some((l) => l.code.toUpperCase() === want);
};

const FILLER = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'el',
  'y',
  'the',
  'of',
  'and',
  'sa',
  'sl',
  'inc',
  'ltd',
  'co',
]);
const words = (s: string) =>
  fold(s)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !FILLER.has(w));

/** How well a name fits what was asked: whole words count 1, a shared stem of five letters ½. */
const fit = (asked: string[], name: string) => {
  const have = words(name);
  let score = 0;
  for (const a of asked) {
    if (have.includes(a)) score += 1;
    else if (a.length >= 5 && have.some((h) => h.length >= 5 && h.slice(0, 5) === a.slice(0, 5)))
      score += 0.5;
  }
  return score;
};

/**
 * The supplier a name or part of it means: the route's search first; when that finds nothing
 * (it is accent- and word-order-sensitive) the closest name by words among all suppliers.
 */
export const findSupplier = async (c: Ctx, name: string): Promise<Supplier & { guessed: boolean }> => {
  const action = { es: 'consultar los proveedores', en: 'read suppliers' };
  const asked = name.trim();
  const page = await c.get<Page<Supplier>>(
    `/api/v1/suppliers${query({ search: asked, limit: 100 })}`,
    action,
  );
  const exact = page.data.find((s) => fold(s.name) === fold(asked));
  if (exact) return { ...exact, guessed: false };
  if (page.data.length === 1 && page.data[0]) return { ...page.data[0], guessed: false };
  const pool = page.data.length
    ? page.data
    : (await c.get<Page<Supplier>>(`/api/v1/suppliers${query({ limit: 100 })}`, action)).data;
  const want = words(asked);
  const ranked = pool
    .map((s) => ({ s, score: fit(want, s.name) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (best && (ranked.length === 1 || (ranked[1]?.score ?? 0) < best.score)) {
    return { ...best.s, guessed: fold(best.s.name).includes(fold(asked)) === false };
  }
  const names = ranked.slice(0, 5).map((x) => x.s.name);
  return c.stop(
    'not_found',
    `No encontré un proveedor «${asked}»${names.length ? ` (¿cuál de: ${names.join(', ')}?)` : ''}.`,
    `I did not find a supplier "${asked}"${names.length ? ` (which of: ${names.join(', ')}?)` : ''}.`,
  );
};
