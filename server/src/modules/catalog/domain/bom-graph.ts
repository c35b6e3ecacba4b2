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
