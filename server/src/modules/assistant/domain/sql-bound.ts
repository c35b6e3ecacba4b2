/**
 * An upper bound on the rows one SELECT handles, from its parse tree and the real row counts of
 * the relations it reads. The planner cannot give one for the assistant's views: each filters on
 * `current_setting(…)`, so PostgreSQL expects about one row from each and a four-way cross join of
 * them looks free. This bound does not trust those estimates.
 *
 * The rule, per SELECT (and per CTE and subquery, recursively):
 * - FROM items are relations (a view's count, a CTE's or subquery's own output bound) or the
 *   leaves of JOIN trees. Two items are linked by an equality between a column of each in an
 *   ON clause or the WHERE's top-level AND list, a USING list or a NATURAL join; linked items form
 *   components. A component yields at most the largest of its members' counts, and components
 *   multiply: unlinked items are a cartesian product, which is never under-estimated.
 *   Blind spot: an equi-join that is many-to-many (neither side's column unique) can yield more
 *   than its largest side; key joins, the ones planners write, cannot.
 * - A subquery in an expression (sublink) counts once when uncorrelated and once per row of the
 *   SELECT around it when it refers to that SELECT's columns, or may (an unqualified column that
 *   no inner relation is known to have counts as a reference outwards). LATERAL is per row too.
 * - Set operations add their arms; a constant LIMIT caps the SELECT's output, not what it reads;
 *   an aggregate without GROUP BY outputs one row, but its input still counts.
 * The bound returned is the largest row count any of these steps handles, the figure that tells
 * how long a statement can run.
 */

type Body = Record<string, unknown>;

/** What the bound knows of a relation by name: its row count and, when known, its columns. */
export type Relations = {
  rows: (relation: string) => number;
  columns?: (relation: string) => readonly string[] | undefined;
};

/** Within the module the lookup also gets the name's parts, so `relationsRead` can quote them. */
type Lookup = {
  rows: (relation: string, parts: string[]) => number;
  columns?: Relations['columns'];
};

/** `linkable: false` for a LATERAL subquery: an equality with it does not bound a per-row product. */
type Leaf = { name: string; out: number; columns: ReadonlySet<string> | undefined; linkable: boolean };
type Scope = { depth: number; leaves: Leaf[]; joins: Map<string, Leaf[]>; outputs: ReadonlySet<string> };
/** `reach`: the outermost SELECT depth a column inside refers to (-1: cannot tell), Infinity for none. */
type Bound = { out: number; widest: number; reach: number; columns: ReadonlySet<string> | undefined };
type Env = { rel: Lookup; ctes: ReadonlyMap<string, Bound>; scopes: readonly Scope[]; depth: number };

const body = (v: unknown): Body => (v && typeof v === 'object' ? (v as Body) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const unwrap = (v: unknown): [string, Body] => {
  const [entry] = Object.entries(body(v));
  return entry ? [entry[0], body(entry[1])] : ['', {}];
};
const names = (v: unknown): string[] =>
  list(v).map((n) => {
    const [kind, b] = unwrap(n);
    return kind === 'A_Star' ? '*' : String(b.sval ?? '');
  });

const AGGREGATES = new Set(
  `count sum avg min max stddev stddev_pop stddev_samp variance var_pop var_samp string_agg array_agg
  bool_and bool_or every percentile_cont percentile_disc mode corr covar_pop regr_slope`.split(/\s+/),
);

/** The largest number of rows any step of `select` (a SelectStmt body) handles. */
export const rowBound = (select: Body, rel: Relations): number =>
  selectBound(select, { rel, ctes: new Map(), scopes: [], depth: 0 }).widest;

/** The relations `select` reads by name (CTEs aside), with each one's quoted SQL identifier. */
export const relationsRead = (select: Body): { name: string; sql: string }[] => {
  const read = new Map<string, string>();
  const rows = (name: string, parts: string[]) => {
    read.set(name, parts.map(quote).join('.'));
    return 1;
  };
  selectBound(select, { rel: { rows }, ctes: new Map(), scopes: [], depth: 0 });
  return [...read].map(([name, sql]) => ({ name, sql }));
};

const quote = (ident: string) => `"${ident.replaceAll('"', '""')}"`;

const selectBound = (s: Body, env: Env): Bound => {
  const ctes = new Map(env.ctes);
  let reach = Number.POSITIVE_INFINITY;
  for (const c of list(body(s.withClause).ctes)) {
    const cte = unwrap(c)[1];
    const b = selectBound(unwrap(cte.ctequery)[1], { ...env, ctes: new Map(ctes), depth: env.depth + 1 });
    ctes.set(String(cte.ctename), b);
    reach = Math.min(reach, b.reach);
  }
  const inner: Env = { ...env, ctes };
  let b: Bound;
  if (s.larg || s.rarg) {
    const l = selectBound(body(s.larg), inner);
    const r = selectBound(body(s.rarg), inner);
    const out = l.out + r.out;
    b = {
      out,
      widest: Math.max(l.widest, r.widest, out),
      reach: Math.min(l.reach, r.reach),
      columns: l.columns,
    };
  } else b = plainBound(s, inner);
  return { ...b, out: Math.min(b.out, limitOf(s)), reach: Math.min(b.reach, reach) };
};

const limitOf = (s: Body) => {
  const [kind, c] = unwrap(s.limitCount);
  // The parser leaves zero out of the tree: `limit 0` is `{ ival: {} }`.
  return kind === 'A_Const' && c.ival !== undefined
    ? Number(body(c.ival).ival ?? 0)
    : Number.POSITIVE_INFINITY;
};

const plainBound = (s: Body, env: Env): Bound => {
  const scope: Scope = {
    depth: env.depth,
    leaves: [],
    joins: new Map(),
    outputs: new Set(list(s.targetList).map((t) => String(unwrap(t)[1].name ?? ''))),
  };
  const found: Found = { equalities: [], usings: [], sublinks: [], refs: [] };
  const widest: number[] = [];
  let reach = Number.POSITIVE_INFINITY;
  for (const item of list(s.fromClause)) {
    const r = fromItem(item, env, scope, found);
    widest.push(r.widest);
    reach = Math.min(reach, r.reach);
  }
  for (const e of conjuncts(s.whereClause)) found.equalities.push(e);
  collect([s.targetList, s.whereClause, s.havingClause, s.windowClause, s.distinctClause], found);
  // ORDER BY and GROUP BY may name an output by its alias rather than a column.
  const byAlias: Found = { equalities: [], usings: [], sublinks: [], refs: [] };
  collect([s.groupClause, s.sortClause], byAlias);
  found.sublinks.push(...byAlias.sublinks);
  found.refs.push(...byAlias.refs.filter((f) => f.length > 1 || !scope.outputs.has(f[0] ?? '')));
  const values = list(s.valuesLists).length;
  const join = values > 0 ? values : joinRows(scope, found);
  widest.push(join);
  const all = [scope, ...env.scopes];
  for (const ref of found.refs) reach = Math.min(reach, refDepth(ref, all));
  for (const sub of found.sublinks) {
    const b = selectBound(sub, { ...env, scopes: all, depth: env.depth + 1 });
    widest.push(b.reach <= env.depth ? join * b.widest : b.widest);
    reach = Math.min(reach, b.reach);
  }
  const aggregated = list(s.groupClause).length === 0 && (s.havingClause !== undefined || hasAggregate(s));
  const out = aggregated ? 1 : join * groupingSets(list(s.groupClause));
  return { out, widest: Math.max(out, ...widest), reach, columns: columnsOf(s, scope) };
};

type Found = {
  equalities: Body[];
  usings: { left: Leaf[]; right: Leaf[]; columns: string[] }[];
  sublinks: Body[];
  refs: string[][];
};

/** Adds an item's leaves to the scope; returns the rows its own inside handles. */
const fromItem = (item: unknown, env: Env, scope: Scope, found: Found): { widest: number; reach: number } => {
  const [kind, b] = unwrap(item);
  const alias = body(b.alias);
  const renamed = list(alias.colnames).length > 0;
  if (kind === 'RangeVar') {
    const cte = b.schemaname === undefined ? env.ctes.get(String(b.relname)) : undefined;
    const parts = [b.catalogname, b.schemaname, b.relname].filter((p) => p !== undefined).map(String);
    const out = cte ? cte.out : env.rel.rows(parts.join('.'), parts);
    const known = cte ? cte.columns : env.rel.columns?.(parts.join('.'));
    const columns = renamed || !known ? undefined : new Set(known);
    scope.leaves.push({ name: String(alias.aliasname ?? b.relname), out, columns, linkable: true });
    return { widest: cte ? Math.max(cte.widest, out) : out, reach: Number.POSITIVE_INFINITY };
  }
  if (kind === 'RangeSubselect') {
    const lateral = b.lateral === true;
    const sub = selectBound(unwrap(b.subquery)[1], {
      ...env,
      scopes: lateral ? [scope, ...env.scopes] : env.scopes,
      depth: env.depth + 1,
    });
    // A LATERAL subquery runs once per row of the items before it, and joins them unlinked.
    const before = lateral ? scope.leaves.reduce((n, l) => n * l.out, 1) : 1;
    const columns = renamed ? undefined : sub.columns;
    scope.leaves.push({ name: String(alias.aliasname ?? ''), out: sub.out, columns, linkable: !lateral });
    return { widest: before * sub.widest, reach: sub.reach };
  }
  if (kind === 'RangeTableSample') return fromItem(b.relation, env, scope, found);
  if (kind === 'JoinExpr') {
    const start = scope.leaves.length;
    const l = fromItem(b.larg, env, scope, found);
    const middle = scope.leaves.length;
    const r = fromItem(b.rarg, env, scope, found);
    const left = scope.leaves.slice(start, middle);
    const right = scope.leaves.slice(middle);
    const using = names(b.usingClause);
    const shared = b.isNatural ? [...known(left)].filter((c) => known(right).has(c)) : [];
    if (using.length + shared.length > 0) found.usings.push({ left, right, columns: [...using, ...shared] });
    found.equalities.push(...conjuncts(b.quals));
    collect(b.quals, found);
    if (alias.aliasname !== undefined) scope.joins.set(String(alias.aliasname), [...left, ...right]);
    return { widest: Math.max(l.widest, r.widest), reach: Math.min(l.reach, r.reach) };
  }
  // Table functions and whatever else a FROM may hold are refused by the guard: unbounded here.
  scope.leaves.push({ name: '', out: Number.POSITIVE_INFINITY, columns: undefined, linkable: false });
  return { widest: Number.POSITIVE_INFINITY, reach: Number.POSITIVE_INFINITY };
};

const known = (leaves: Leaf[]) => new Set(leaves.flatMap((l) => [...(l.columns ?? [])]));

/** The top-level AND list of a condition. */
const conjuncts = (cond: unknown): Body[] => {
  const [kind, b] = unwrap(cond);
  if (kind === 'BoolExpr' && b.boolop === 'AND_EXPR') return list(b.args).flatMap(conjuncts);
  return kind === 'A_Expr' ? [b] : [];
};

/** Sublinks and column references of an expression, not those inside the sublinks themselves. */
const collect = (v: unknown, found: Found): void => {
  if (Array.isArray(v)) {
    for (const item of v) collect(item, found);
    return;
  }
  if (!v || typeof v !== 'object') return;
  for (const [key, child] of Object.entries(v)) {
    if (key === 'SubLink') {
      found.sublinks.push(unwrap(body(child).subselect)[1]);
      collect(body(child).testexpr, found);
    } else if (key === 'ColumnRef') {
      const fields = names(body(child).fields);
      if (fields.length > 1 || fields[0] !== '*') found.refs.push(fields);
    } else collect(child, found);
  }
};

/** The leaves a column reference may come from, in this SELECT's own FROM. */
const candidates = (fields: string[], scope: Scope): Leaf[] => {
  if (fields.length > 1) {
    const q = fields.at(-2) ?? '';
    return scope.joins.get(q) ?? scope.leaves.filter((l) => l.name === q);
  }
  const col = fields[0] ?? '';
  return scope.leaves.filter((l) => !l.columns || l.columns.has(col));
};

const column = (e: unknown): string[] | undefined => {
  const [kind, b] = unwrap(e);
  if (kind === 'TypeCast' || kind === 'CollateClause') return column(b.arg);
  return kind === 'ColumnRef' ? names(b.fields) : undefined;
};

/** Product over linked components of each component's largest member (see the rule above). */
const joinRows = (scope: Scope, found: Found): number => {
  const leaves = scope.leaves;
  if (leaves.length === 0) return 1;
  const parent = leaves.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : root(parent[i] ?? i));
  const index = (l: Leaf) => leaves.indexOf(l);
  // Both sides must resolve to one component each, or the equality links nothing.
  const link = (left: Leaf[], right: Leaf[]) => {
    if (![...left, ...right].every((l) => l.linkable)) return false;
    const a = new Set(left.map((l) => root(index(l))));
    const b = new Set(right.map((l) => root(index(l))));
    const [ra] = a;
    const [rb] = b;
    if (a.size !== 1 || b.size !== 1 || ra === undefined || rb === undefined || ra === rb) return false;
    parent[ra] = rb;
    return true;
  };
  const pairs: [Leaf[], Leaf[]][] = [];
  for (const e of found.equalities) {
    const l = column(e.lexpr);
    const r = column(e.rexpr);
    if (e.kind !== 'AEXPR_OP' || names(e.name).join() !== '=' || !l || !r) continue;
    pairs.push([candidates(l, scope), candidates(r, scope)]);
  }
  for (const u of found.usings)
    for (const c of u.columns)
      pairs.push([
        u.left.filter((l) => !l.columns || l.columns.has(c)),
        u.right.filter((l) => !l.columns || l.columns.has(c)),
      ]);
  // Linking may make a later pair resolvable (a join alias over two already-linked items).
  for (let changed = true; changed; ) {
    changed = false;
    for (const [l, r] of pairs) changed = link(l, r) || changed;
  }
  const largest = new Map<number, number>();
  for (const [i, l] of leaves.entries()) largest.set(root(i), Math.max(largest.get(root(i)) ?? 0, l.out));
  return [...largest.values()].reduce((n, m) => n * m, 1);
};

/** The depth of the SELECT whose FROM a column reference reaches; -1 when no relation is known to hold it. */
const refDepth = (fields: string[], scopes: readonly Scope[]): number => {
  const q = fields.at(-2);
  const col = fields[0] ?? '';
  const holds = (s: Scope) =>
    q === undefined
      ? s.leaves.some((l) => l.columns?.has(col))
      : s.joins.has(q) || s.leaves.some((l) => l.name === q);
  return scopes.find(holds)?.depth ?? -1;
};

/** An aggregate call in the select list, outside any subquery and window. */
const hasAggregate = (s: Body): boolean => {
  const seek = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some(seek);
    if (!v || typeof v !== 'object') return false;
    return Object.entries(v).some(([key, child]) => {
      if (key === 'SubLink') return false;
      const f = body(child);
      if (key === 'FuncCall' && f.over === undefined && AGGREGATES.has(names(f.funcname).at(-1) ?? ''))
        return true;
      return seek(child);
    });
  };
  return seek(s.targetList);
};

/** How many groupings GROUP BY asks for: ROLLUP, CUBE and GROUPING SETS each aggregate the input again. */
const groupingSets = (items: unknown[]): number =>
  items.reduce<number>((n, item) => {
    const [kind, g] = unwrap(item);
    if (kind !== 'GroupingSet') return n;
    const content = list(g.content);
    if (g.kind === 'GROUPING_SET_ROLLUP') return n * (content.length + 1);
    if (g.kind === 'GROUPING_SET_CUBE') return n * 2 ** content.length;
    if (g.kind === 'GROUPING_SET_SETS') return n * content.reduce<number>((m, c) => m + groupingSets([c]), 0);
    return n;
  }, 1);

/** The names of a SELECT's output columns, as PostgreSQL gives them; undefined when one cannot be told. */
const columnsOf = (s: Body, scope: Scope): ReadonlySet<string> | undefined => {
  const out = new Set<string>();
  for (const t of list(s.targetList)) {
    const r = unwrap(t)[1];
    if (r.name !== undefined) {
      out.add(String(r.name));
      continue;
    }
    const fields = column(r.val);
    if (fields?.at(-1) === '*') {
      const from = fields.length > 1 ? candidates(fields, scope) : scope.leaves;
      if (from.length === 0 || from.some((l) => !l.columns)) return undefined;
      for (const l of from) for (const c of l.columns ?? []) out.add(c);
    } else if (fields) out.add(fields.at(-1) ?? '');
    else {
      const [kind, f] = unwrap(r.val);
      out.add(kind === 'FuncCall' ? (names(f.funcname).at(-1) ?? '') : '?column?');
    }
  }
  return out;
};
