import { componentsAt, itemKey, type PlanningGraph } from './graph.ts';
import type { BomInput } from './input.ts';
import { LIMITS } from './limits.ts';

export class BomError extends Error {}

/**
 * Decoupled lead time of every item: purchased and distributed items their own lead time; a
 * manufactured item its own time plus the longest path down its components, where a buffered
 * component stops the path (0) — decoupling is the point of a buffer. A path deeper than
 * `LIMITS.bomDepth` levels is refused: no real bill goes that deep, and each level is a frame.
 */
export const decoupledLeadTimes = (bom: BomInput): Record<string, number> => {
  const byId = new Map<string, { index: number; item: BomInput['items'][number] }>();
  bom.items.forEach((item, index) => {
    if (byId.has(item.id)) throw new BomError(`items[${index}].id: duplicate id ${item.id}`);
    byId.set(item.id, { index, item });
  });
  for (const { index, item } of byId.values()) {
    item.components.forEach((c, k) => {
      if (!byId.has(c)) throw new BomError(`items[${index}].components[${k}]: unknown item ${c}`);
    });
  }
  const done = new Map<string, number>();
  const path: string[] = [];
  const visit = (id: string): number => {
    const known = done.get(id);
    if (known !== undefined) return known;
    const entry = byId.get(id);
    if (!entry) throw new BomError(`unknown item ${id}`);
    if (path.includes(id)) {
      throw new BomError(
        `items[${entry.index}].components: cycle ${[...path.slice(path.indexOf(id)), id].join(' → ')}`,
      );
    }
    const { item } = entry;
    if (path.length >= LIMITS.bomDepth)
      throw new BomError(
        `items[${entry.index}].components: the bill is deeper than ${LIMITS.bomDepth} levels below ${path[0]}`,
      );
    path.push(id);
    let longest = 0;
    if (item.type === 'manufactured') {
      for (const c of item.components) {
        const component = byId.get(c)?.item;
        const below = visit(c);
        if (component && !component.buffered) longest = Math.max(longest, below);
      }
    }
    path.pop();
    const dlt = item.lead_time_days + longest;
    done.set(id, dlt);
    return dlt;
  };
  return Object.fromEntries(bom.items.map((i) => [i.id, visit(i.id)]));
};

/** What a buffer's DLT is read from: its own setting, its source location, or its BOM. */
export type DltSettings = {
  productId: string;
  locationId: string;
  sourceLocationId: string | null;
  dltDays: number | null;
};

/** DLT per buffer: its own setting, a distributed buffer's source lead time, else down the BOM. */
export const dltOf = (graph: PlanningGraph) => {
  const products = new Map(graph.products.map((p) => [p.id, p]));
  const locations = new Map(graph.locations.map((l) => [l.id, l]));
  const components = componentsAt(graph);
  const memo = new Map<string, number>();
  return (b: DltSettings): number => {
    if (b.dltDays !== null) return b.dltDays;
    if (b.sourceLocationId) return locations.get(b.sourceLocationId)?.leadTimeDays ?? 0;
    const k = itemKey(b.productId, b.locationId);
    const known = memo.get(k);
    if (known !== undefined) return known;
    const at = components(b.locationId);
    const items: BomInput['items'] = [];
    const seen = new Set<string>();
    const stack = [b.productId];
    while (stack.length) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      const p = products.get(id);
      const comps = at(id).map((c) => c.id);
      items.push({
        id,
        type: comps.length ? 'manufactured' : 'purchased',
        lead_time_days: comps.length ? (p?.ownLeadTimeDays ?? 0) : (p?.leadTimeDays ?? 0),
        buffered: p?.buffered ?? false,
        components: comps,
      });
      stack.push(...comps);
    }
    const dlt = decoupledLeadTimes({ items })[b.productId] ?? 0;
    memo.set(k, dlt);
    return dlt;
  };
};
