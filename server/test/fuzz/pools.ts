import type { Pools } from './values.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const add = (pools: Pools, key: string, value: string) => {
  const list = pools.get(key) ?? [];
  if (!list.includes(value) && list.length < 50) list.push(value);
  pools.set(key, list);
};

/** `demand-forecasts` → `demand_forecast_id`: the name other bodies give an item of the list. */
export const idNameOf = (collection: string) =>
  `${collection.replace(/-/g, '_').replace(/ies$/, 'y').replace(/s$/, '')}_id`;

/**
 * Collects real values from a list response by field name: every `x_id`, every short code-like
 * `store_id`, and each item's `id` under the list's own name (`/products` → `product_id`) and
 * under `<key>_id` for nested objects (`payment: { id }` → `payment_id`).
 */
export const collect = (pools: Pools, collection: string, body: unknown, exclude: Set<string>) => {
  const walk = (v: unknown, key: string, depth: number) => {
    if (depth > 6 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v.slice(0, 20)) walk(x, key, depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string' && !exclude.has(x)) {
        if (k === 'id' && UUID.test(x)) {
          add(pools, key === 'data' || key === '' ? `list:${collection}` : `${key.replace(/s$/, '')}_id`, x);
          if (key === 'data' || key === '') add(pools, idNameOf(collection), x);
          add(pools, 'id', x);
        } else if (k.endsWith('_id') && x.length <= 64) add(pools, k, x);
        // Locations are named by code in bodies (`store_id: "CEDIS-MAD"`), products by SKU in CSVs.
        else if (k === 'code' && collection === 'locations') add(pools, 'store_id', x);
        else if (k === 'sku') add(pools, 'sku', x);
      } else walk(x, k, depth + 1);
    }
  };
  walk(body, '', 0);
};
