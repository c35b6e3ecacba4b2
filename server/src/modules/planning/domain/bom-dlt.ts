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
