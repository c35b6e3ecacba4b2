/**
 * The catalog as planning walks it: products with their lead times, bills of materials (a
 * general one per product, and location-specific ones) and the location tree. Only the fields
 * the walks read; the catalog's planning graph carries more.
 */
export type PlanningGraph = {
  products: { id: string; buffered: boolean; leadTimeDays: number; ownLeadTimeDays: number }[];
  bomLines: { productId: string; locationId: string | null; componentId: string; quantity: number }[];
  locations: { id: string; parentId: string | null; leadTimeDays: number | null }[];
};

/** A product at a location: the key of every per-item map planning loads (stock, demand, supply). */
export const itemKey = (productId: string, locationId: string) => `${productId}|${locationId}`;

const groupBy = <T>(rows: T[], k: (r: T) => string) => {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const key = k(r);
    const list = m.get(key);
    if (list) list.push(r);
    else m.set(key, [r]);
  }
  return m;
};

/** A location and every location under it (consumption out of a buffer's tree counts). */
export const subtreeOf = (graph: Pick<PlanningGraph, 'locations'>) => {
  const children = groupBy(
    graph.locations.filter((l) => l.parentId),
    (l) => l.parentId ?? '',
  );
  const memo = new Map<string, string[]>();
  return (id: string): string[] => {
    const known = memo.get(id);
    if (known) return known;
    const out: string[] = [];
    const stack = [id];
    while (stack.length) {
      const next = stack.pop() as string;
      if (out.includes(next)) continue;
      out.push(next);
      for (const c of children.get(next) ?? []) stack.push(c.id);
    }
    memo.set(id, out);
    return out;
  };
};

/** A product's components at a location: the location's own BOM before the general one. */
export const componentsAt = (graph: Pick<PlanningGraph, 'bomLines'>) => {
  const byProduct = groupBy(graph.bomLines, (l) => l.productId);
  return (locationId: string) => (productId: string) => {
    const lines = byProduct.get(productId) ?? [];
    const own = lines.filter((l) => l.locationId === locationId);
    return (own.length ? own : lines.filter((l) => l.locationId === null)).map((l) => ({
      id: l.componentId,
      qty: l.quantity,
    }));
  };
};
