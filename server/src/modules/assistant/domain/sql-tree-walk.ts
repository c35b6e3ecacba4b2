import { hasPermission } from '../../../platform/domain/context.ts';
import type { AiView } from './ai-views.ts';
import {
  ALLOWED_FUNCTIONS,
  ALLOWED_TYPES,
  CLOCK_FUNCTIONS,
  PLAIN_NODES,
  WRITING_STATEMENTS,
} from './sql-allow-lists.ts';
import type { GuardOptions, SqlRule } from './sql-rules.ts';
import { type ColumnUse, type Scope, sensitiveFindings } from './sql-sensitive.ts';

/** libpg-query's JSON: a node is `{ Kind: body }`, a body a record of fields. */
type Body = Record<string, unknown>;

export type Finding = { rule: SqlRule; detail: string };

/** Which CTE names a relation may resolve to, and the FROM scopes a column reference may reach, innermost first. */
type Ctx = { ctes: ReadonlySet<string>; scopes: readonly Scope[] };

type Walk = {
  opts: GuardOptions;
  byName: ReadonlyMap<string, AiView>;
  findings: Finding[];
  read: Set<string>;
  called: Set<string>;
  columns: ColumnUse[];
};

export type Inspection = { findings: Finding[]; views: string[]; functions: string[] };

const body = (v: unknown): Body => (v && typeof v === 'object' ? (v as Body) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** The single `{ Kind: body }` entry of a wrapped node. */
const unwrap = (v: unknown): [string, Body] | undefined => {
  const [entry] = Object.entries(body(v));
  return entry ? [entry[0], body(entry[1])] : undefined;
};
/** The text of `String` nodes (and `*` for A_Star), as in names, funcnames and ColumnRef fields. */
const names = (v: unknown): string[] =>
  list(v).map((n) => {
    const [kind, b] = unwrap(n) ?? ['', {}];
    return kind === 'A_Star' ? '*' : String(b.sval ?? '');
  });
/** `pg_catalog.x` or plain `x`: any other schema could hold a look-alike of an allowed name. */
const unqualified = (parts: string[]) =>
  parts.length === 1 || (parts.length === 2 && parts[0] === 'pg_catalog') ? parts.at(-1) : undefined;
/** `DeleteStmt` → `DELETE`, `VariableSetStmt` → `VARIABLE SET`. */
export const statementName = (kind: string) =>
  kind
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();

const LOCKS: Record<string, string> = {
  LCS_FORKEYSHARE: 'FOR KEY SHARE',
  LCS_FORSHARE: 'FOR SHARE',
  LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE',
  LCS_FORUPDATE: 'FOR UPDATE',
};

/** Walks the whole parse tree of one SELECT and reports every construct the guard refuses. */
export const inspect = (select: Body, opts: GuardOptions): Inspection => {
  const w: Walk = {
    opts,
    byName: new Map(opts.views.map((v) => [v.name, v])),
    findings: [],
    read: new Set(),
    called: new Set(),
    columns: [],
  };
  visitSelect(w, select, { ctes: new Set(), scopes: [] }, false);
  const views = [...w.read].sort();
  if (!opts.allowSensitive) {
    const readViews = views.map((name) => w.byName.get(name)).filter((v) => v !== undefined);
    w.findings.push(...sensitiveFindings(w.columns, readViews));
  }
  return { findings: w.findings, views, functions: [...w.called].sort() };
};

const find = (w: Walk, rule: SqlRule, detail: string) => w.findings.push({ rule, detail });

type Resolved = { kind: 'cte' } | { kind: 'view'; view: AiView } | { kind: 'refused'; detail: string };

/** A schema-qualified name never means a CTE, so `public.users` stays refused beside `WITH users AS (…)`. */
const resolve = (w: Walk, rv: Body, ctes: ReadonlySet<string>): Resolved => {
  const rel = String(rv.relname);
  const schema = rv.schemaname === undefined ? undefined : String(rv.schemaname);
  const full = [rv.catalogname, schema, rel].filter((p) => p !== undefined).join('.');
  const refused = {
    kind: 'refused',
    detail: `relation ${full} is not one of the assistant's views`,
  } as const;
  if (rv.catalogname !== undefined || (schema !== undefined && schema !== 'public')) return refused;
  if (schema === undefined && ctes.has(rel)) return { kind: 'cte' };
  const view = w.byName.get(rel);
  return view ? { kind: 'view', view } : refused;
};

/** The names a SELECT's FROM clause brings into scope, each with the views it shows. */
const fromScope = (w: Walk, items: unknown[], ctes: ReadonlySet<string>, scope: Map<string, AiView[]>) => {
  const shown: AiView[] = [];
  for (const item of items) {
    const [kind, b] = unwrap(item) ?? ['', {}];
    const alias = body(b.alias).aliasname as string | undefined;
    let views: AiView[] = [];
    if (kind === 'RangeVar') {
      const r = resolve(w, b, ctes);
      views = r.kind === 'view' ? [r.view] : [];
      scope.set(String(b.relname), [...(scope.get(String(b.relname)) ?? []), ...views]);
    } else if (kind === 'JoinExpr') {
      views = fromScope(w, [b.larg, b.rarg], ctes, scope);
    } else if (kind === 'RangeTableSample') {
      views = fromScope(w, [b.relation], ctes, scope);
    }
    if (alias !== undefined) scope.set(alias, [...(scope.get(alias) ?? []), ...views]);
    shown.push(...views);
  }
  return shown;
};

const visitSelect = (w: Walk, s: Body, ctx: Ctx, discarded: boolean) => {
  let ctes = ctx.ctes;
  const withClause = body(s.withClause);
  if (withClause.recursive) {
    find(w, 'recursive_cte', 'WITH RECURSIVE is not allowed: its rows cannot be bounded');
  }
  for (const c of list(withClause.ctes)) {
    const cte = unwrap(c)?.[1] ?? {};
    const [kind, query] = unwrap(cte.ctequery) ?? ['', {}];
    const name = String(cte.ctename);
    if (kind === 'SelectStmt') visitSelect(w, query, { ...ctx, ctes }, false);
    else find(w, 'data_modifying_cte', `WITH ${name} would run ${statementName(kind)}; only a SELECT may`);
    ctes = new Set([...ctes, name]);
  }
  if (s.intoClause) find(w, 'select_into', 'SELECT … INTO would create a table');
  const scope = new Map<string, AiView[]>();
  fromScope(w, list(s.fromClause), ctes, scope);
  const inner: Ctx = { ctes, scopes: [scope, ...ctx.scopes] };
  for (const [field, value] of Object.entries(s)) {
    if (field === 'withClause' || field === 'intoClause' || field === 'larg' || field === 'rarg') continue;
    // EXISTS throws its target list away, so `exists (select * from …)` reads no column.
    const skipStars = discarded && field === 'targetList';
    walk(w, skipStars ? list(value).filter((t) => !isStarTarget(t)) : value, inner);
  }
  // Set-operation arms are bare SelectStmt bodies, not wrapped nodes; they see the WITH but not this FROM.
  for (const arm of [s.larg, s.rarg])
    if (arm) visitSelect(w, body(arm), { ctes, scopes: ctx.scopes }, discarded);
};

const isStarTarget = (t: unknown) => {
  const ref = body(body(unwrap(t)?.[1].val).ColumnRef);
  return names(ref.fields).at(-1) === '*';
};

const walk = (w: Walk, v: unknown, ctx: Ctx): void => {
  if (Array.isArray(v)) {
    for (const item of v) walk(w, item, ctx);
    return;
  }
  if (!v || typeof v !== 'object') return;
  for (const [key, child] of Object.entries(v)) {
    // Node kinds are capitalised, fields are not; TypeName alone also appears bare as a field.
    if (/^[A-Z]/.test(key)) visitNode(w, key, body(child), ctx);
    else if (key === 'typeName') visitType(w, body(child), ctx);
    else walk(w, child, ctx);
  }
};

const visitNode = (w: Walk, kind: string, b: Body, ctx: Ctx) => {
  switch (kind) {
    case 'SelectStmt':
      return visitSelect(w, b, ctx, false);
    case 'RangeVar':
      return visitRelation(w, b, ctx);
    case 'JoinExpr':
      return visitJoin(w, b, ctx);
    case 'ColumnRef':
      w.columns.push({ fields: names(b.fields), scopes: ctx.scopes });
      return;
    case 'FuncCall':
      return visitFunction(w, b, ctx);
    case 'TypeName':
      return visitType(w, b, ctx);
    case 'SubLink':
      return visitSubLink(w, b, ctx);
    case 'A_Expr':
      return visitOperator(w, b, ctx);
    case 'SQLValueFunction':
      if (!CLOCK_FUNCTIONS.has(String(b.op))) {
        find(
          w,
          'function_not_allowed',
          `${String(b.op)
            .replace(/^SVFOP_|_N$/g, '')
            .toLowerCase()} is not allowed`,
        );
      }
      return;
    case 'ParamRef':
      find(w, 'parameter', `parameter $${String(b.number)} is not allowed: the query must stand alone`);
      return;
    case 'LockingClause':
      find(w, 'locking_clause', `${LOCKS[String(b.strength)] ?? 'a locking clause'} would lock rows`);
      return;
    case 'RangeFunction': {
      const fns = list(b.functions).flatMap((f) => list(body(body(f).List).items));
      const called = fns.map((f) => names(body(body(f).FuncCall).funcname).join('.')).filter(Boolean);
      find(w, 'function_not_allowed', `function ${called.join(', ') || 'call'} is not allowed in FROM`);
      return walk(w, b.functions, ctx);
    }
    case 'RangeTableSample':
      find(w, 'function_not_allowed', 'TABLESAMPLE is not allowed');
      return walk(w, b, ctx);
    default:
      if (PLAIN_NODES.has(kind)) return walk(w, b, ctx);
      if (WRITING_STATEMENTS.has(kind))
        return find(w, 'data_modifying_cte', `${statementName(kind)} is not allowed`);
      if (kind.endsWith('Stmt')) return find(w, 'not_select', `${statementName(kind)} is not allowed`);
      find(w, 'function_not_allowed', `the ${kind} construct is not allowed`);
  }
};

const visitRelation = (w: Walk, rv: Body, ctx: Ctx) => {
  const r = resolve(w, rv, ctx.ctes);
  if (r.kind === 'refused') return find(w, 'relation_not_allowed', r.detail);
  if (r.kind === 'cte') return;
  w.read.add(r.view.name);
  if (!hasPermission(w.opts.permissions, r.view.permission)) {
    find(w, 'view_not_permitted', `view ${r.view.name} needs the permission ${r.view.permission}`);
  }
  // `ai_products p(a, b, c, d)` would rename `cost` to `d` and slip past the column check.
  const renamed = list(body(rv.alias).colnames).length > 0;
  if (renamed && !w.opts.allowSensitive && r.view.columns.some((c) => c.sensitive)) {
    find(
      w,
      'sensitive_column',
      `view ${r.view.name} has sensitive columns and may not have its columns renamed`,
    );
  }
};

const visitJoin = (w: Walk, j: Body, ctx: Ctx) => {
  if (!w.opts.allowSensitive) {
    const views = fromScope(w, [j.larg, j.rarg], ctx.ctes, new Map());
    const tender = views.filter((v) => v.columns.some((c) => c.sensitive));
    // A natural join or a USING list compares columns the query never names.
    if (j.isNatural && tender.length > 0) {
      find(
        w,
        'sensitive_column',
        `a NATURAL JOIN over ${tender[0]?.name} would compare its sensitive columns`,
      );
    }
    for (const col of names(j.usingClause)) w.columns.push({ fields: [col], scopes: [] });
    if (list(body(j.alias).colnames).length > 0 && tender.length > 0) {
      find(w, 'sensitive_column', `a join over ${tender[0]?.name} may not have its columns renamed`);
    }
  }
  walk(w, [j.larg, j.rarg, j.quals], ctx);
};

const visitFunction = (w: Walk, f: Body, ctx: Ctx) => {
  const parts = names(f.funcname);
  const name = unqualified(parts);
  if (name !== undefined && ALLOWED_FUNCTIONS.has(name)) w.called.add(name);
  else find(w, 'function_not_allowed', `function ${parts.join('.')} is not allowed`);
  walk(w, [f.args, f.agg_order, f.agg_filter, f.over], ctx);
};

const visitType = (w: Walk, t: Body, ctx: Ctx) => {
  const parts = names(t.names);
  const name = unqualified(parts);
  const scalar = name !== undefined && ALLOWED_TYPES.has(name);
  if (!scalar || t.setof || t.pct_type || list(t.arrayBounds).length > 0) {
    const shown = `${parts.join('.')}${list(t.arrayBounds).length > 0 ? '[]' : ''}`;
    find(w, 'type_not_allowed', `type ${shown} is not allowed`);
  }
  // Type modifiers are expressions to the grammar (`varchar(f())`), so they are walked too.
  walk(w, t.typmods, ctx);
};

const visitSubLink = (w: Walk, s: Body, ctx: Ctx) => {
  const [kind, query] = unwrap(s.subselect) ?? ['', {}];
  walk(w, s.testexpr, ctx);
  if (kind === 'SelectStmt') visitSelect(w, query, ctx, s.subLinkType === 'EXISTS_SUBLINK');
  else walk(w, s.subselect, ctx);
};

/** `OPERATOR(myschema.+)` could name an operator backed by any function. */
const visitOperator = (w: Walk, e: Body, ctx: Ctx) => {
  const parts = names(e.name);
  if (parts.length > 1 && unqualified(parts) === undefined) {
    find(w, 'function_not_allowed', `operator ${parts.join('.')} is not allowed`);
  }
  walk(w, [e.lexpr, e.rexpr], ctx);
};
