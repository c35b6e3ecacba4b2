import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { relationsRead, rowBound } from './domain/sql-bound.ts';
import { limitedSql, parseSql } from './domain/sql-guard.ts';
import { AI_VIEWS } from './views.ts';

export type SqlRun = {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
  estimatedRows: number;
  estimatedCost: number;
  executionMs: number;
};

/** Whether this database has the role the model's SQL runs as (migration 0036). */
export const hasQueryRole = async (p: Platform) => {
  const { rows } = await p.database.pool.query<{ ok: boolean }>(
    `select exists (select 1 from pg_roles where rolname = 'flujo_ai')
            and pg_has_role(current_user, 'flujo_ai', 'MEMBER') as ok`,
  );
  return rows[0]?.ok === true;
};

/**
 * The planner's cost a statement may reach. The embedded database has no statement timeout and
 * serves the whole app over one connection, so its ceiling is what runs in well under a second.
 */
export const maxCost = (p: Platform) =>
  p.config.AI_QUERY_MAX_COST ?? (p.database.mode === 'embedded' ? 200_000 : 5_000_000);

/** The most rows any step of the plan expects: a cross join is cheap per row and huge in rows. */
export const maxRows = (p: Platform) => (p.database.mode === 'embedded' ? 500_000 : 50_000_000);

/**
 * The rows a statement may handle by its parse-tree bound (`domain/sql-bound.ts`). It does not
 * trust the planner, which expects about one row from each view; on a server, where the
 * statement timeout is the real guard, it is only a cheap first check.
 */
export const maxBoundRows = (p: Platform) =>
  p.config.AI_QUERY_MAX_ROWS ?? (p.database.mode === 'embedded' ? 2_000_000 : 200_000_000);

/** How long a view's row count for one tenant and store scope is reused. */
const COUNT_TTL_SECONDS = 60;

const refuseBound = (bound: number, limit: number) =>
  new DomainError('ai.sql_refused', {
    detail: `The query could go through up to ${Number.isFinite(bound) ? Math.round(bound) : 'unboundedly many'} rows, above the limit of ${limit}; narrow it down or join on keys.`,
    meta: { rule: 'too_costly', row_bound: Number.isFinite(bound) ? Math.round(bound) : null },
  });

/**
 * Refuses a statement whose row bound exceeds the limit. The counts are taken inside the caller's
 * transaction, as flujo_ai with the tenant and stores set, so they are the rows this caller's
 * statement would meet; a relation the role may not read fails here as it would in the statement.
 */
const checkRowBound = async (p: Platform, ctx: RequestContext, client: pg.PoolClient, sql: string) => {
  const limit = maxBoundRows(p);
  // The guard has parsed this text already; anything else reaching here is not bounded, so not run.
  const stmts = await parseSql(sql).then(
    (r) => r.stmts,
    () => [],
  );
  const select = stmts.length === 1 ? stmts[0]?.stmt?.SelectStmt : undefined;
  if (!select) throw refuseBound(Number.POSITIVE_INFINITY, limit);
  // A tree nested past the stack has no bound either (the guard refuses those already).
  const shallow = <T>(walk: () => T): T => {
    try {
      return walk();
    } catch (e) {
      if (e instanceof RangeError) throw refuseBound(Number.POSITIVE_INFINITY, limit);
      throw e;
    }
  };
  const scope = ctx.storeIds === null ? '*' : [...ctx.storeIds].sort().join(',');
  const prefix = `ai:rows:${ctx.tenantId}:${createHash('sha256').update(scope).digest('hex').slice(0, 16)}:`;
  const counts = new Map<string, number>();
  for (const r of shallow(() => relationsRead(select))) {
    let n = await p.cache.get<number>(prefix + r.name);
    if (n === undefined) {
      const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${r.sql}`);
      n = Number(rows[0]?.n ?? 0);
      await p.cache.set(prefix + r.name, n, COUNT_TTL_SECONDS);
    }
    counts.set(r.name, n);
  }
  const columns = new Map(AI_VIEWS.map((v) => [v.name, v.columns.map((c) => c.name)]));
  const bound = shallow(() =>
    rowBound(select, { rows: (name) => counts.get(name) ?? 0, columns: (name) => columns.get(name) }),
  );
  if (bound > limit) throw refuseBound(bound, limit);
};

type PlanNode = { 'Plan Rows'?: number; Plans?: PlanNode[] };
const widest = (n: PlanNode | undefined): number =>
  n ? Math.max(n['Plan Rows'] ?? 0, ...(n.Plans ?? []).map(widest)) : 0;

type Plan = { Plan: { 'Total Cost': number; 'Plan Rows': number } };

/**
 * The database's layers under the parser's (ADR 0014): a READ ONLY transaction that is always
 * rolled back, as flujo_ai (which may select from the ai_* views and nothing else), the tenant
 * and the caller's stores set for the views' own filters, a statement timeout, a bound on the
 * rows the statement can handle from its parse tree and the views' real counts, the planner's
 * cost estimate held under a ceiling before anything runs, and a hard row limit.
 */
export const runReadOnly = async (
  p: Platform,
  ctx: RequestContext,
  sql: string,
  limit: number,
): Promise<SqlRun> => {
  const client: pg.PoolClient = await p.database.pool.connect();
  let broken = false;
  try {
    await client.query('begin transaction read only');
    await client.query(`set local statement_timeout = ${Math.trunc(p.config.AI_QUERY_TIMEOUT_MS)}`);
    await client.query(`select set_config('app.tenant_id', $1, true), set_config('app.ai_scope', $2, true)`, [
      ctx.tenantId,
      ctx.storeIds === null ? '*' : ctx.storeIds.join(','),
    ]);
    await client.query('set local role flujo_ai');
    await checkRowBound(p, ctx, client, sql);
    const bounded = limitedSql(sql, limit + 1);
    const explained = await client.query<{ 'QUERY PLAN': Plan[] }>(`explain (format json) ${bounded}`);
    const plan = explained.rows[0]?.['QUERY PLAN'][0]?.Plan;
    const cost = plan?.['Total Cost'] ?? 0;
    // The row limit caps what comes back, not what is read: the inner statement's cost is judged.
    const inner = await client.query<{ 'QUERY PLAN': Plan[] }>(`explain (format json) ${sql}`);
    const innerPlan = inner.rows[0]?.['QUERY PLAN'][0]?.Plan;
    const innerCost = innerPlan?.['Total Cost'] ?? cost;
    const estimatedRows = Math.round(innerPlan?.['Plan Rows'] ?? plan?.['Plan Rows'] ?? 0);
    const rowsAtMost = widest(innerPlan as PlanNode | undefined);
    if (rowsAtMost > maxRows(p))
      throw new DomainError('ai.sql_refused', {
        detail: `The query would go through about ${Math.round(rowsAtMost)} rows, above the limit of ${maxRows(p)}; narrow it down.`,
        meta: { rule: 'too_costly', estimated_rows: Math.round(rowsAtMost) },
      });
    const ceiling = maxCost(p);
    if (innerCost > ceiling)
      throw new DomainError('ai.sql_refused', {
        detail: `The query would cost about ${Math.round(innerCost)} to run, above the limit of ${ceiling}; narrow it down.`,
        meta: { rule: 'too_costly', estimated_cost: Math.round(innerCost) },
      });
    const started = performance.now();
    const result = await client.query({ text: bounded, rowMode: 'array' });
    const executionMs = performance.now() - started;
    const columns = result.fields.map((f) => f.name);
    const arrays = result.rows as unknown[][];
    const rows = arrays.slice(0, limit).map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
    return {
      columns,
      rows,
      truncated: arrays.length > limit,
      estimatedRows,
      estimatedCost: Math.round(innerCost),
      executionMs: Math.round(executionMs * 100) / 100,
    };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const e = err as { code?: string; message?: string };
    if (!e.code) broken = true;
    if (e.code === '57014')
      throw new DomainError('ai.sql_refused', {
        detail: `The query ran longer than ${p.config.AI_QUERY_TIMEOUT_MS} ms and was stopped.`,
        meta: { rule: 'timeout' },
      });
    throw new DomainError('ai.query_failed', {
      detail: `The database could not run the query: ${(e.message ?? 'unknown error').slice(0, 300)}`,
    });
  } finally {
    try {
      await client.query('rollback');
    } catch {
      broken = true;
    }
    client.release(broken);
  }
};
