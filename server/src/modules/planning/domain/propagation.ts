/** A product's components at one location: the location's own BOM, else the general one. */
export type ComponentsOf = (productId: string) => { id: string; qty: number }[];

/**
 * Pushes a parent's extra daily demand (its ADU × (demand factor − 1)) down its BOM: each
 * component needs `qty` per parent unit; a buffered component takes the demand (it decouples,
 * so the walk stops there) and a non-buffered one passes it on to its own components.
 */
export const propagateDemand = (
  parentId: string,
  extraDaily: number,
  componentsOf: ComponentsOf,
  isBuffered: (productId: string) => boolean,
  into: Map<string, number> = new Map(),
): Map<string, number> => {
  const walk = (id: string, daily: number, path: string[]) => {
    for (const c of componentsOf(id)) {
      if (path.includes(c.id)) continue; // a cycle adds nothing new; the catalog refuses them anyway
      const need = daily * c.qty;
      if (isBuffered(c.id)) into.set(c.id, (into.get(c.id) ?? 0) + need);
      else walk(c.id, need, [...path, c.id]);
    }
  };
  if (extraDaily !== 0) walk(parentId, extraDaily, [parentId]);
  return into;
};
