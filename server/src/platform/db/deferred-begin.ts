import type pg from 'pg';

type QueryConfig = { text?: string; values?: unknown[]; name?: string };

const isBegin = (q: unknown) =>
  (typeof q === 'string' ? q : (q as QueryConfig | undefined)?.text)?.trim().toLowerCase() === 'begin';

/** Sent as one simple query with BEGIN: text alone, no parameters, no prepared name. */
const plainText = (q: unknown, values: unknown): string | undefined => {
  if (Array.isArray(values) && values.length > 0) return undefined;
  if (typeof q === 'string') return q;
  // A query object of the driver's own (a cursor, a stream) is never rewritten.
  if (typeof q !== 'object' || q === null || Object.getPrototypeOf(q) !== Object.prototype) return undefined;
  const c = q as QueryConfig;
  if (!c.text || c.name || (c.values && c.values.length > 0)) return undefined;
  return c.text;
};

/**
 * A pooled connection whose BEGIN travels with the transaction's first statement when that
 * statement has no parameters (the tenant scope is written so): one round trip instead of two.
 * Anything else sends the held BEGIN on its own first, so the order on the wire never changes.
 */
const deferBegin = (client: pg.PoolClient, begin: string): pg.PoolClient => {
  let held = false;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const deferred = async (...args: unknown[]) => {
    const [q, values] = args;
    // A caller that passes a callback gets the driver's own behaviour, untouched.
    const callback = args.some((a) => typeof a === 'function');
    if (isBegin(q) && !callback) {
      held = true;
      return { command: 'BEGIN', rowCount: null, rows: [], fields: [] };
    }
    if (!held) return query(...args);
    held = false;
    const text = callback ? undefined : plainText(q, values);
    if (text === undefined) {
      await query(begin);
      return query(...args);
    }
    const out = await query(
      typeof q === 'string' ? `${begin}; ${text}` : { ...(q as object), text: `${begin}; ${text}` },
    );
    // Several statements answer with one result each: the caller's is the last.
    return Array.isArray(out) ? out.at(-1) : out;
  };
  return new Proxy(client, {
    get: (target, prop, receiver) => (prop === 'query' ? deferred : Reflect.get(target, prop, receiver)),
  });
};

/**
 * The pool the query builder runs on: its transactions' connections hold BEGIN back for their
 * first statement (`deferBegin`). Plain queries go straight to the pool. The name ends in "Pool",
 * which is how the query builder tells a pool from a single connection.
 *
 * The statement timeout travels with BEGIN as `SET LOCAL`, in the same simple query, so it
 * costs no round trip and ends with the transaction: nothing is left on the server session,
 * which behind a pooler in transaction mode is another client's next.
 */
export class DeferredBeginPool {
  readonly pool: pg.Pool;
  readonly begin: string;
  constructor(pool: pg.Pool, o: { statementTimeoutMs?: number } = {}) {
    this.pool = pool;
    const ms = Math.trunc(o.statementTimeoutMs ?? 0);
    this.begin = ms > 0 ? `begin; set local statement_timeout = ${ms}` : 'begin';
  }
  query(...args: unknown[]) {
    return (this.pool.query as (...a: unknown[]) => unknown)(...args);
  }
  async connect() {
    return deferBegin(await this.pool.connect(), this.begin);
  }
}
