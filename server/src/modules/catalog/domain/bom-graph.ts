/**
 * Whether making `product` from `components` closes a loop, given what every product is
 * already made of (`madeOf`: product → its components, across locations). A loop would make
 * DLT over the BOM and explosion of demand run forever.
 */
export const closesLoop = (
  product: string,
  components: readonly string[],
  madeOf: ReadonlyMap<string, readonly string[]>,
) => {
  const seen = new Set<string>();
  const stack = [...components];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (next === product) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(madeOf.get(next) ?? []));
  }
  return false;
};

/** No real bill goes deeper, and planning walks every level of one (its DLT and explosion). */
export const MAX_BOM_LEVELS = 100;

/**
 * Products on the longest chain through `product` once it is made of `components`: the
 * longest line of products using it, itself, and the deepest of its components. The walk
 * stops as soon as a chain passes `MAX_BOM_LEVELS` (answering `MAX_BOM_LEVELS + 1`), so a
 * deep graph stored before the limit is answered without walking it all.
 */
export const deepestChain = (
  product: string,
  components: readonly string[],
  madeOf: ReadonlyMap<string, readonly string[]>,
) => {
  const usedIn = new Map<string, string[]>();
  for (const [parent, children] of madeOf)
    for (const child of children) usedIn.set(child, [...(usedIn.get(child) ?? []), parent]);
  const past = MAX_BOM_LEVELS + 1;
  // Once one chain is past the limit the answer is known: every walk returns at once.
  let over = false;
  /** Products from `id` along `next`, `id` included (exact while nothing is over). */
  const longest = (next: ReadonlyMap<string, readonly string[]>) => {
    const memo = new Map<string, number>();
    const walk = (id: string, depth: number): number => {
      if (over || depth >= past) {
        over = true;
        return past;
      }
      const known = memo.get(id);
      if (known !== undefined) return known;
      let below = 0;
      for (const n of next.get(id) ?? []) if (n !== product) below = Math.max(below, walk(n, depth + 1));
      memo.set(id, below + 1);
      return below + 1;
    };
    return walk;
  };
  const up = longest(usedIn)(product, 0);
  const down = longest(madeOf);
  const deepest = components.reduce((m, c) => Math.max(m, down(c, up)), 0);
  return over ? past : Math.min(past, up + deepest);
};

/** Why a line may not join the bills: it closes a loop, or chains deeper than `MAX_BOM_LEVELS`. */
export type LineVerdict = 'loop' | 'too_deep' | null;

/**
 * Judges new lines (parent made of component) one after another, each accepted line joining
 * `madeOf` (changed in place) for the next; a refused line stays out, so one bad row does not
 * make its neighbours fail. A line already in the graph changes no chain.
 */
export const judgeLines = (
  lines: readonly { productId: string; componentId: string }[],
  madeOf: Map<string, string[]>,
): LineVerdict[] =>
  lines.map(({ productId, componentId }) => {
    const known = madeOf.get(productId);
    if (known?.includes(componentId)) return null;
    if (closesLoop(productId, [componentId], madeOf)) return 'loop';
    if (deepestChain(productId, [componentId], madeOf) > MAX_BOM_LEVELS) return 'too_deep';
    if (known) known.push(componentId);
    else madeOf.set(productId, [componentId]);
    return null;
  });
