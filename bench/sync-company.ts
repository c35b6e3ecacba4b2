// The sync benchmark's Microsip company: a Firebird database beside the one in FIREBIRD_URL,
// made from the connector's fixture schema and filled with seeded rows (articles with a key, a
// line and a price; stock per article × warehouse over a few months; a year of sales in
// DOCTOS_VE and DOCTOS_PV), kept between runs. `change` stamps 1 % of it as changed for the
// incremental run and `restore` puts it back, so the next run finds the same company.
import path from 'node:path';
import Firebird from 'node-firebird';
import { createCompanyDatabase, parseFirebirdUrl } from '../server/src/modules/integrations/index.ts';

export type Size = { articles: number; lines: number };
export type Company = {
  server: ReturnType<typeof parseFirebirdUrl>;
  database: string;
  size: Size;
  /** Rows of the connector's stock query: one per article × warehouse. */
  stockRows: number;
  documents: number;
};

export const SEED = 20_260_101;
/** Bumped when the generated rows change, so an older bench database is made again. */
const VERSION = 1;
export const WAREHOUSES = [
  { id: 11, name: 'Almacén General', branch: 1 },
  { id: 12, name: 'Almacén Norte', branch: 2 },
  { id: 13, name: 'Almacén Sur', branch: 3 },
] as const;
const LINES_PER_DOC = 10;
export const PRINCIPAL_ROLE = 17;
/** Customers in the company; the full sync reads them between products and stock. */
export const CUSTOMERS = 50;
/** Id ranges; Microsip draws every id from one generator, so they never collide. */
const ID = {
  article: 100_000,
  key: 1_000_000,
  barcode: 1_500_000,
  price: 2_000_000,
  ve: 3_000_000,
  pv: 4_000_000,
  newDoc: 5_000_000,
  veLine: 10_000_000,
  pvLine: 20_000_000,
  newLine: 30_000_000,
} as const;
/** The incremental run's changes are stamped after every generated row (all of 2025). */
const CHANGED_AT = Date.UTC(2026, 0, 15, 10, 0, 0);

/** A 32-bit linear congruential generator: the same rows from the same seed, on every machine. */
const random = (seed: number) => {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
};
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** Wall-clock text in the company's zone, as Microsip stores it. */
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

const sku = (i: number) => `ART-${pad(i, 6)}`;
const articleName = (i: number, rev: boolean) =>
  `Artículo ${pad(i, 6)} línea ${(i % 20) + 1}${rev ? ' (revisado)' : ''}`;
const articleModif = (i: number, n: number) =>
  stamp(Date.UTC(2025, 0, 1) + Math.floor((i / n) * 364 * 86_400_000));
const price = (i: number, rev: boolean) => ((i % 997) + 5 + (rev ? 1.5 : 0)).toFixed(2);
/** Every hundredth article changes for the incremental run: 1 %. */
const changedArticles = (n: number) => Array.from({ length: Math.floor(n / 100) }, (_, k) => (k + 1) * 100);

/**
 * Statements batched into EXECUTE BLOCKs (one round trip each) and committed every few
 * thousand rows: Firebird 3 has no batch API, and a statement's text stops at 64 kB.
 */
const loader = (db: Firebird.Database) => {
  let block: string[] = [];
  let size = 0;
  let contexts = 0;
  let tx: Firebird.Transaction | null = null;
  let inTx = 0;
  const flush = async () => {
    if (block.length === 0) return;
    tx ??= await db.transactionAsync();
    await tx.queryAsync(`EXECUTE BLOCK AS BEGIN\n${block.join(';\n')};\nEND`, []);
    inTx += block.length;
    block = [];
    size = 0;
    contexts = 0;
    if (inTx >= 5_000) await commit();
  };
  const commit = async () => {
    await tx?.commitAsync();
    tx = null;
    inTx = 0;
  };
  return {
    add: async (statement: string) => {
      // A request holds at most 255 table contexts: an INSERT takes one, an UPDATE or DELETE two.
      const cost = statement.startsWith('INSERT') ? 1 : 2;
      if (size + statement.length > 48_000 || contexts + cost > 250) await flush();
      block.push(statement);
      size += statement.length + 2;
      contexts += cost;
    },
    done: async () => {
      await flush();
      await commit();
    },
    abort: async () => {
      await tx?.rollbackAsync();
      tx = null;
    },
  };
};

const insert = (table: string, values: (string | number | null)[]) =>
  `INSERT INTO ${table} VALUES (${values.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : q(v))).join(', ')})`;

/** Masters, stock and sales, all from SEED. */
const generate = async (db: Firebird.Database, size: Size) => {
  const load = loader(db);
  const r = random(SEED);
  await load.add(insert('MONEDAS', [1, 'Moneda nacional', '$', 'MXN']));
  for (const w of WAREHOUSES) await load.add(insert('SUCURSALES', [w.branch, `Sucursal ${w.branch}`, 'A']));
  for (const w of WAREHOUSES) await load.add(insert('ALMACENES', [w.id, w.name, null, 'N', w.branch]));
  for (let l = 1; l <= 20; l++) await load.add(insert('LINEAS_ARTICULOS', [l, `Línea ${l}`, null]));
  await load.add(insert('ROLES_CLAVES_ARTICULOS', [PRINCIPAL_ROLE, 'Clave principal', 'S']));
  await load.add(insert('ROLES_CLAVES_ARTICULOS', [18, 'Código de barras', 'N']));
  await load.add(insert('PRECIOS_EMPRESA', [42, 'Precio de lista']));
  for (let c = 1; c <= CUSTOMERS; c++)
    await load.add(
      `INSERT INTO CLIENTES (CLIENTE_ID, NOMBRE, ESTATUS, MONEDA_ID) VALUES (${c}, 'Cliente ${c}', 'A', 1)`,
    );
  const n = size.articles;
  for (let i = 1; i <= n; i++) {
    await load.add(
      `INSERT INTO ARTICULOS (ARTICULO_ID, NOMBRE, ESTATUS, LINEA_ARTICULO_ID, UNIDAD_VENTA, FECHA_HORA_CREACION, FECHA_HORA_ULT_MODIF) VALUES (${ID.article + i}, ${q(articleName(i, false))}, 'A', ${(i % 20) + 1}, 'Pieza', '2024-12-31 12:00:00', '${articleModif(i, n)}')`,
    );
    await load.add(insert('CLAVES_ARTICULOS', [ID.key + i, sku(i), ID.article + i, PRINCIPAL_ROLE]));
    // A tenth also have a barcode, with a lower id than the principal key: the key query has to choose.
    if (i % 10 === 0)
      await load.add(insert('CLAVES_ARTICULOS', [ID.barcode - i, `750${pad(i, 9)}`, ID.article + i, 18]));
    await load.add(insert('PRECIOS_ARTICULOS', [ID.price + i, ID.article + i, 42, price(i, false), 1, null]));
    for (const w of WAREHOUSES) {
      // Two to five months of 2025; one in fifty ends at zero and one in a hundred below it.
      const months = int(r, 2, 5);
      let total = 0;
      for (let m = 13 - months; m <= 12; m++) {
        const inUnits = int(r, 0, 120);
        let outUnits = Math.min(total + inUnits, int(r, 0, 60));
        const last = m === 12;
        const fate = last ? r() : 1;
        if (fate < 0.01) outUnits = total + inUnits + int(r, 1, 5);
        else if (fate < 0.03) outUnits = total + inUnits;
        total += inUnits - outUnits;
        await load.add(insert('SALDOS_IN', [ID.article + i, w.id, 2025, m, inUnits, outUnits, 0, 0]));
      }
    }
  }
  // Sales: about ten lines a document, dated over 2025, popular articles sold more; one
  // document in two hundred cancelled.
  let line = 0;
  let doc = 0;
  while (line < size.lines) {
    const count = Math.min(size.lines - line, int(r, 1, 2 * LINES_PER_DOC - 1));
    const pv = r() < 0.6;
    const day = Math.floor((line / size.lines) * 365);
    const at = Date.UTC(2025, 0, 1) + day * 86_400_000 + int(r, 8 * 3600, 20 * 3600) * 1000;
    const date = stamp(at).slice(0, 10);
    const status = r() < 0.005 ? 'C' : 'N';
    const warehouse = WAREHOUSES[int(r, 0, WAREHOUSES.length - 1)]!.id;
    const branch = WAREHOUSES.find((w) => w.id === warehouse)!.branch;
    const id = (pv ? ID.pv : ID.ve) + doc;
    await load.add(
      pv
        ? `INSERT INTO DOCTOS_PV (DOCTO_PV_ID, CAJA_ID, TIPO_DOCTO, SUCURSAL_ID, FOLIO, FECHA, ALMACEN_ID, MONEDA_ID, ESTATUS, FECHA_HORA_CREACION, FECHA_HORA_ULT_MODIF) VALUES (${id}, 1, 'V', ${branch}, 'T${pad(doc, 8)}', '${date}', ${warehouse}, 1, '${status}', '${stamp(at)}', '${stamp(at)}')`
        : `INSERT INTO DOCTOS_VE (DOCTO_VE_ID, TIPO_DOCTO, SUCURSAL_ID, FOLIO, FECHA, CLIENTE_ID, ALMACEN_ID, MONEDA_ID, ESTATUS, FECHA_HORA_CREACION, FECHA_HORA_ULT_MODIF) VALUES (${id}, '${r() < 0.7 ? 'F' : 'R'}', ${branch}, 'F${pad(doc, 8)}', '${date}', ${int(r, 1, 50)}, ${warehouse}, 1, '${status}', '${stamp(at)}', '${stamp(at)}')`,
    );
    for (let k = 0; k < count; k++, line++) {
      const article = 1 + Math.floor(r() ** 2 * n);
      await load.add(
        pv
          ? insert('DOCTOS_PV_DET', [
              ID.pvLine + line,
              id,
              sku(article),
              ID.article + article,
              int(r, 1, 12),
              price(article, false),
              k + 1,
            ])
          : `INSERT INTO DOCTOS_VE_DET (DOCTO_VE_DET_ID, DOCTO_VE_ID, CLAVE_ARTICULO, ARTICULO_ID, UNIDADES, PRECIO_UNITARIO, POSICION) VALUES (${ID.veLine + line}, ${id}, '${sku(article)}', ${ID.article + article}, ${int(r, 1, 12)}, ${price(article, false)}, ${k + 1})`,
      );
    }
    doc++;
  }
  await load.add(
    `INSERT INTO BENCH_INFO (VERSION, SEED, ARTICLES, LINES, DOCUMENTS, DIRTY) VALUES (${VERSION}, ${SEED}, ${n}, ${size.lines}, ${doc}, 0)`,
  );
  await load.done();
  return doc;
};

/** The bench database: DATABASE, or `flujo_microsip_bench.fdb` beside the one in the URL. */
export const benchTarget = (firebirdUrl: string, database?: string) => {
  const server = parseFirebirdUrl(firebirdUrl);
  return {
    server,
    database: database ?? path.posix.join(path.posix.dirname(server.database), 'flujo_microsip_bench.fdb'),
  };
};

export const attach = (c: Pick<Company, 'server' | 'database'>) =>
  Firebird.attachAsync({ ...c.server, database: c.database, encoding: 'UTF8' });

export type Query = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

/** Queries in one transaction, committed after (the driver's own per-query transactions can linger). */
export const reading = async <T>(db: Firebird.Database, work: (q: Query) => Promise<T>) => {
  const tx = await db.transactionAsync();
  try {
    return await work((sql, params) => tx.queryAsync(sql, params ?? []));
  } finally {
    await tx.commitAsync();
  }
};

type Info = {
  VERSION: number;
  SEED: number;
  ARTICLES: number;
  LINES: number;
  DOCUMENTS: number;
  DIRTY: number;
};

/**
 * The company of this size, made now (answering how long that took) or found from an earlier
 * run; `fresh` makes it again regardless.
 */
export const ensureCompany = async (
  target: { server: Company['server']; database: string },
  size: Size,
  fresh: boolean,
): Promise<{ company: Company; loadMs: number | null }> => {
  const company = (documents: number): Company => ({
    ...target,
    size,
    stockRows: size.articles * WAREHOUSES.length,
    documents,
  });
  const existing = await attach(target).catch(() => null);
  if (existing) {
    const info = await reading(existing, (q) => q<Info>('SELECT * FROM BENCH_INFO'))
      .then((rows) => rows[0] ?? null)
      .catch(() => null);
    const same =
      info?.VERSION === VERSION &&
      info.SEED === SEED &&
      info.ARTICLES === size.articles &&
      info.LINES === size.lines;
    if (same && !fresh) {
      await existing.detachAsync();
      const c = company(info.DOCUMENTS);
      if (info.DIRTY) await restore(c);
      return { company: c, loadMs: null };
    }
    await existing.dropAsync();
  }
  const started = performance.now();
  const db = await createCompanyDatabase(target.server, target.database, { seed: false });
  try {
    await db.queryAsync(
      'CREATE TABLE BENCH_INFO (VERSION INTEGER, SEED INTEGER, ARTICLES INTEGER, LINES INTEGER, DOCUMENTS INTEGER, DIRTY SMALLINT)',
      [],
    );
    const documents = await generate(db, size);
    return { company: company(documents), loadMs: performance.now() - started };
  } finally {
    await db.detachAsync();
  }
};

const withLoader = async (c: Company, work: (add: (s: string) => Promise<void>) => Promise<void>) => {
  const db = await attach(c);
  const load = loader(db);
  try {
    await work(load.add);
    await load.done();
  } catch (err) {
    await load.abort().catch(() => {});
    throw err;
  } finally {
    await db.detachAsync();
  }
};

/**
 * 1 % of the company changes, stamped after everything else: names and prices of every
 * hundredth article, a month of stock movements for every hundredth article × warehouse, new
 * documents with 1 % more sales lines, and one existing document in a thousand cancelled.
 */
export const change = (c: Company) =>
  withLoader(c, async (add) => {
    await add('UPDATE BENCH_INFO SET DIRTY = 1');
    const at = (s: number) => `'${stamp(CHANGED_AT + s * 1000)}'`;
    for (const i of changedArticles(c.size.articles)) {
      await add(
        `UPDATE ARTICULOS SET NOMBRE = ${q(articleName(i, true))}, FECHA_HORA_ULT_MODIF = ${at(i % 3600)} WHERE ARTICULO_ID = ${ID.article + i}`,
      );
      await add(
        `UPDATE PRECIOS_ARTICULOS SET PRECIO = ${price(i, true)} WHERE PRECIO_ARTICULO_ID = ${ID.price + i}`,
      );
    }
    const r = random(SEED + 1);
    for (let i = 1; i <= c.size.articles; i++)
      for (const w of WAREHOUSES)
        if ((i * WAREHOUSES.length + w.id) % 100 === 0)
          await add(insert('SALDOS_IN', [ID.article + i, w.id, 2026, 1, int(r, 0, 40), int(r, 0, 20), 0, 0]));
    const newLines = Math.floor(c.size.lines / 100);
    for (let line = 0, doc = 0; line < newLines; doc++) {
      const count = Math.min(newLines - line, LINES_PER_DOC);
      const id = ID.newDoc + doc;
      await add(
        `INSERT INTO DOCTOS_PV (DOCTO_PV_ID, CAJA_ID, TIPO_DOCTO, SUCURSAL_ID, FOLIO, FECHA, ALMACEN_ID, MONEDA_ID, ESTATUS, FECHA_HORA_CREACION, FECHA_HORA_ULT_MODIF) VALUES (${id}, 1, 'V', 1, 'N${pad(doc, 8)}', '2026-01-15', ${WAREHOUSES[0].id}, 1, 'N', ${at(doc)}, ${at(doc)})`,
      );
      for (let k = 0; k < count; k++, line++) {
        const article = 1 + Math.floor(r() * c.size.articles);
        await add(
          insert('DOCTOS_PV_DET', [
            ID.newLine + line,
            id,
            sku(article),
            ID.article + article,
            int(r, 1, 12),
            price(article, false),
            k + 1,
          ]),
        );
      }
    }
    await add(
      `UPDATE DOCTOS_VE SET ESTATUS = 'C', FECHA_HORA_ULT_MODIF = ${at(7200)} WHERE ESTATUS = 'N' AND MOD(DOCTO_VE_ID, 1000) = 7`,
    );
  });

/** Undoes `change`: the company as generated. */
export const restore = (c: Company) =>
  withLoader(c, async (add) => {
    for (const i of changedArticles(c.size.articles)) {
      await add(
        `UPDATE ARTICULOS SET NOMBRE = ${q(articleName(i, false))}, FECHA_HORA_ULT_MODIF = '${articleModif(i, c.size.articles)}' WHERE ARTICULO_ID = ${ID.article + i}`,
      );
      await add(
        `UPDATE PRECIOS_ARTICULOS SET PRECIO = ${price(i, false)} WHERE PRECIO_ARTICULO_ID = ${ID.price + i}`,
      );
    }
    await add('DELETE FROM SALDOS_IN WHERE ANO = 2026');
    await add(`DELETE FROM DOCTOS_PV_DET WHERE DOCTO_PV_ID >= ${ID.newDoc}`);
    await add(`DELETE FROM DOCTOS_PV WHERE DOCTO_PV_ID >= ${ID.newDoc}`);
    await add(
      `UPDATE DOCTOS_VE SET ESTATUS = 'N', FECHA_HORA_ULT_MODIF = FECHA_HORA_CREACION WHERE FECHA_HORA_ULT_MODIF > FECHA_HORA_CREACION`,
    );
    await add('UPDATE BENCH_INFO SET DIRTY = 0');
  });
