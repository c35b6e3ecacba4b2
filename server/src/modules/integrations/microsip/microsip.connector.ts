import type {
  ConnectionTest,
  Connector,
  ErpCustomer,
  ErpProduct,
  ErpSale,
  ErpStock,
  Page,
  Rejected,
  Watermark,
} from '../connectors/connector.ts';
import { isTimeZone } from '../../../platform/dates.ts';
import { FirebirdError, firebirdSession } from './firebird-session.ts';
import { instant, type Row, RowProblem } from './row-reader.ts';
import { readRows, toCustomer, toProduct, toSale, toStock, toWarehouse } from './microsip.records.ts';
import {
  ARTICLE_CHANGED,
  CUSTOMER_CHANGED,
  customersSql,
  DOCUMENT_CHANGED,
  MAX_IN_LIST,
  pageSize,
  presentTablesSql,
  productsSql,
  pvLinesSql,
  REQUIRED_TABLES,
  saleHeadersSql,
  stockSql,
  veLinesSql,
  warehousesSql,
} from './microsip.sql.ts';
import { afterDocumentWatermark, afterPage, afterWatermark } from './watermark.ts';

export type MicrosipOptions = {
  host: string;
  port: number;
  /** The company database as the server knows it: a path on the server or an alias. */
  database: string;
  user: string;
  password: string;
  /** IANA zone the company's clocks run in (Microsip's timestamps carry none), e.g. America/Mexico_City. */
  timezone: string;
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  /** Wire encryption, on unless the server is set to `WireCrypt = Disabled`. */
  wireCrypt?: boolean;
};

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_QUERY_TIMEOUT_MS = 120_000;

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** A Microsip company database, read only, as Flujo's ERP connector. */
export const createMicrosipConnector = (opts: MicrosipOptions): Connector => {
  const tz = opts.timezone;
  if (!isTimeZone(tz)) throw new Error(`unknown time zone: ${tz}`);
  const session = firebirdSession({
    host: opts.host,
    port: opts.port,
    database: opts.database,
    user: opts.user,
    password: opts.password,
    connectTimeoutMs: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    queryTimeoutMs: opts.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    wireCrypt: opts.wireCrypt ?? true,
  });

  /** The (time, id) that a page of rows reached, from its last row. */
  const lastOf = (rows: Row[], idCol: string) => {
    const row = rows.at(-1);
    if (!row) return null;
    try {
      return { ts: instant(row, 'MODIF', tz), id: String(row[idCol]) };
    } catch (err) {
      // The watermark cannot move past a row whose time cannot be read; nothing can be skipped.
      if (err instanceof RowProblem) throw new Error(`${idCol} ${String(row[idCol])}: ${err.message}`);
      throw err;
    }
  };

  /** One page of a master table read by (change time, id); `key` is the id's column. */
  const incremental = async <T>(
    since: Watermark,
    limit: number,
    table: { sql: (where: string, limit: number) => string; changed: string; alias: string; key: string },
    read: (row: Row) => T,
  ): Promise<Page<T>> => {
    const after = afterWatermark(table.changed, `${table.alias}.${table.key}`, since, tz);
    const rows = await session.read((q) => q(table.sql(after.sql, limit), after.params));
    const { records, rejected } = readRows(rows, (r) => String(r[table.key]), read);
    const { next, done } = afterPage(since, lastOf(rows, table.key), rows.length === limit);
    return { records, rejected, next, done };
  };

  const test = async (): Promise<ConnectionTest> => {
    try {
      const [version, present] = await session.read(async (q) => [
        await q(`SELECT RDB$GET_CONTEXT('SYSTEM', 'ENGINE_VERSION') AS V FROM RDB$DATABASE`),
        await q(presentTablesSql, [...REQUIRED_TABLES]),
      ]);
      const found = new Set(present!.map((r) => r.NAME));
      const missing = REQUIRED_TABLES.filter((t) => !found.has(t));
      if (missing.length > 0)
        return { ok: false, message: `Not a Microsip company database: no ${missing.join(', ')}` };
      return { ok: true, detail: `Firebird ${String(version![0]?.V)}, Microsip tables found` };
    } catch (err) {
      if (err instanceof FirebirdError) return { ok: false, message: err.message };
      throw err;
    }
  };

  const warehouses = async () => (await session.read((q) => q(warehousesSql))).map(toWarehouse);

  const products = (since: Watermark, limit: number): Promise<Page<ErpProduct>> =>
    incremental(
      since,
      limit,
      { sql: productsSql, changed: ARTICLE_CHANGED, alias: 'a', key: 'ARTICULO_ID' },
      (r) => toProduct(r, tz),
    );

  const customers = (since: Watermark, limit: number): Promise<Page<ErpCustomer>> =>
    incremental(
      since,
      limit,
      { sql: customersSql, changed: CUSTOMER_CHANGED, alias: 'c', key: 'CLIENTE_ID' },
      (r) => toCustomer(r, tz),
    );

  async function* stock(limit: number): AsyncIterable<ErpStock[]> {
    pageSize(limit);
    let after: [number, number] = [-1, -1];
    for (;;) {
      const rows = await session.read((q) => q(stockSql(limit), [after[0], after[0], after[1]]));
      const page = rows.map(toStock).filter((s) => s !== null);
      if (page.length > 0) yield page;
      const last = rows.at(-1);
      if (!last || rows.length < limit) return;
      after = [Number(last.ARTICULO_ID), Number(last.ALMACEN_ID)];
    }
  }

  /**
   * Sales are paged by document, not by line: the watermark is the header's (time, id), and a
   * document's lines have no time of their own, so a page never splits a document. `limit`
   * counts documents; a page holds all their lines.
   */
  const sales = async (since: Watermark, limit: number): Promise<Page<ErpSale>> => {
    const pv = afterDocumentWatermark('PV', DOCUMENT_CHANGED, 'd.DOCTO_PV_ID', since, tz);
    const ve = afterDocumentWatermark('VE', DOCUMENT_CHANGED, 'd.DOCTO_VE_ID', since, tz);
    const { headers, lines } = await session.read(async (q) => {
      const headers = await q(saleHeadersSql(pv.sql, ve.sql, limit), [...pv.params, ...ve.params]);
      const lines = new Map<string, Row[]>();
      for (const [kind, linesSql] of [
        ['VE', veLinesSql],
        ['PV', pvLinesSql],
      ] as const) {
        const ids = headers.filter((h) => String(h.KIND).trim() === kind).map((h) => Number(h.ID));
        for (const part of chunks(ids, MAX_IN_LIST))
          for (const line of await q(linesSql(part.length), part)) {
            const key = `${kind}-${String(line.DOC_ID)}`;
            lines.set(key, [...(lines.get(key) ?? []), line]);
          }
      }
      return { headers, lines };
    });
    const records: ErpSale[] = [];
    const rejected: Rejected[] = [];
    for (const header of headers) {
      const kind = String(header.KIND).trim() as 'VE' | 'PV';
      const doc = `${kind}-${String(header.ID)}`;
      let modifiedAt: string;
      try {
        modifiedAt = instant(header, 'MODIF', tz);
      } catch (err) {
        if (err instanceof RowProblem) throw new Error(`${doc}: ${err.message}`);
        throw err;
      }
      const read = readRows(
        lines.get(doc) ?? [],
        (r) => `${kind}-${String(r.LINE_ID)}`,
        (r) => toSale(r, kind, modifiedAt),
      );
      records.push(...read.records);
      rejected.push(...read.rejected);
    }
    const last = headers.at(-1);
    const { next, done } = afterPage(
      since,
      last ? { ts: instant(last, 'MODIF', tz), id: `${String(last.KIND).trim()}-${String(last.ID)}` } : null,
      headers.length === limit,
    );
    return { records, rejected, next, done };
  };

  return { test, warehouses, products, stock, sales, customers, close: session.close };
};
