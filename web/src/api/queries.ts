import { useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client.ts';
import { keys } from './keys.ts';
import type { paths } from './schema';
import { can } from './session.ts';

export type Json<P extends keyof paths, M extends 'get' | 'post' | 'put'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer R } } };
}
  ? R
  : paths[P][M] extends { responses: { 201: { content: { 'application/json': infer R } } } }
    ? R
    : never;

export type Product = Json<'/api/v1/products/{id}', 'get'>;
export type Location = Json<'/api/v1/locations/{id}', 'get'>;
export type Supplier = Json<'/api/v1/suppliers/{id}', 'get'>;
export type Bom = Json<'/api/v1/boms/{id}', 'get'>;
export type StockRow = Json<'/api/v1/inventory', 'get'>['data'][number];
export type Availability = Json<'/api/v1/products/{id}/availability', 'get'>;
export type Reservation = Json<'/api/v1/reservations/{id}', 'get'>;
export type Transfer = Json<'/api/v1/stock/transfers/{id}', 'get'>;
export type Count = Json<'/api/v1/counts/{id}', 'get'>;
export type LocationType = Location['type'];

export const LOCATION_TYPES: LocationType[] = ['warehouse', 'store', 'node', 'in_transit'];

/** Every location (a tenant has tens, not thousands); empty for roles without `location:read`. */
export const useLocations = () =>
  useQuery({
    queryKey: keys.locations.every,
    queryFn: () => unwrap(api.GET('/api/v1/locations', { params: { query: { limit: 100 } } })),
    enabled: can('location:read'),
    staleTime: 60_000,
    select: (r) => r.data,
  });

/** The categories in use. The API has no category list, so they come from the catalog's products. */
export const useCategories = () =>
  useQuery({
    queryKey: keys.products.categories,
    queryFn: () => unwrap(api.GET('/api/v1/products', { params: { query: { limit: 100 } } })),
    enabled: can('product:read'),
    staleTime: 60_000,
    select: (r) =>
      [...new Set(r.data.map((p) => p.category).filter((c): c is string => Boolean(c)))].sort((a, b) =>
        a.localeCompare(b),
      ),
  });

/**
 * SKU and name of products the caller only has ids of (BOMs, transfers and reservations carry
 * ids). One cached request per product, shared with the detail page.
 */
export const useProductLookup = (ids: readonly string[]) => {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: keys.product.one(id),
      queryFn: () => unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id } } })),
      enabled: can('product:read'),
      staleTime: 60_000,
    })),
  });
  const byId = new Map<string, Product>();
  for (const r of results) if (r.data) byId.set(r.data.id, r.data);
  return (id: string) => {
    const p = byId.get(id);
    return p ? `${p.sku} · ${p.name}` : id.slice(0, 8);
  };
};

/** Location code by id (reservations carry ids), falling back to a short id. */
export const useLocationCodes = () => {
  const locations = useLocations();
  const byId = new Map((locations.data ?? []).map((l) => [l.id, l.code]));
  return (id: string) => byId.get(id) ?? id.slice(0, 8);
};

export type Buffer = Json<'/api/v1/buffers/{id}', 'get'>;
export type BufferProfile = Json<'/api/v1/buffer-profiles', 'get'>['data'][number];
export type Priority = NonNullable<Buffer['planning_priority']>;

/** Every buffer profile: the standard matrix and the tenant's own. */
export const useBufferProfiles = () =>
  useQuery({
    queryKey: keys.bufferProfiles.all,
    queryFn: () => unwrap(api.GET('/api/v1/buffer-profiles')),
    enabled: can('buffer:read'),
    staleTime: 60_000,
    select: (r) => r.data,
  });

/**
 * A product known by its id (a filter in the address, a saved policy) as a product picker shows
 * it: SKU and name once its one cached request answers, a short id until then.
 */
export const usePickedProduct = (
  id: string | undefined,
): { id: string; sku: string; name: string } | undefined => {
  const q = useQuery({
    queryKey: keys.product.one(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id) && can('product:read'),
    staleTime: 60_000,
  });
  if (!id) return undefined;
  return q.data ? { id, sku: q.data.sku, name: q.data.name } : { id, sku: id.slice(0, 8), name: '' };
};
