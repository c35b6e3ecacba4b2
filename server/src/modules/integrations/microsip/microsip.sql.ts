/**
 * The SQL the connector runs against a Microsip company database (Firebird 3 dialect 3).
 * Times are read as text (CAST … AS VARCHAR) because they carry no zone; the connector
 * interprets them in the company's zone. Page sizes are inlined after a check that they are
 * small positive integers; every value from outside goes as a parameter.
 */

/** The article's principal key (role ES_PPAL = 'S'); without one, its oldest key. */
const mainKey = (articleId: string) => `(
  SELECT FIRST 1 c.CLAVE_ARTICULO
  FROM CLAVES_ARTICULOS c
  LEFT JOIN ROLES_CLAVES_ARTICULOS r ON r.ROL_CLAVE_ART_ID = c.ROL_CLAVE_ART_ID
  WHERE c.ARTICULO_ID = ${articleId}
  ORDER BY CASE r.ES_PPAL WHEN 'S' THEN 0 ELSE 1 END, c.CLAVE_ARTICULO_ID)`;

export const pageSize = (limit: number) => {
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new Error(`page size must be 1 to 10000, not ${limit}`);
  return limit;
};

/**
 * Rows with no FECHA_HORA_ULT_MODIF (from before Microsip stamped them) still have to be read
 * once, so the change time is an expression; it costs the index on the column, if the
 * database has one, and a scan of the table per page.
 */
export const ARTICLE_CHANGED = `COALESCE(a.FECHA_HORA_ULT_MODIF, TIMESTAMP '1900-01-01 00:00:00')`;
export const CUSTOMER_CHANGED = `COALESCE(c.FECHA_HORA_ULT_MODIF, TIMESTAMP '1900-01-01 00:00:00')`;
/** A document without the stamp counts as changed on its own date (alias `d` for either table). */
export const DOCUMENT_CHANGED = `COALESCE(d.FECHA_HORA_ULT_MODIF, CAST(d.FECHA AS TIMESTAMP))`;

/** Price: the article's price in the first price list (lowest PRECIO_EMPRESA_ID) that has one. */
export const productsSql = (where: string, limit: number) => `
  SELECT FIRST ${pageSize(limit)}
    a.ARTICULO_ID, a.NOMBRE, a.ESTATUS, a.UNIDAD_VENTA,
    l.NOMBRE AS LINEA,
    ${mainKey('a.ARTICULO_ID')} AS CLAVE,
    (SELECT FIRST 1 p.PRECIO FROM PRECIOS_ARTICULOS p
      WHERE p.ARTICULO_ID = a.ARTICULO_ID
      ORDER BY p.PRECIO_EMPRESA_ID, p.PRECIO_ARTICULO_ID) AS PRECIO,
    CAST(${ARTICLE_CHANGED} AS VARCHAR(24)) AS MODIF
  FROM ARTICULOS a
  LEFT JOIN LINEAS_ARTICULOS l ON l.LINEA_ARTICULO_ID = a.LINEA_ARTICULO_ID
  WHERE ${where}
  ORDER BY ${ARTICLE_CHANGED}, a.ARTICULO_ID`;

/**
 * On hand per article and warehouse: every month of SALDOS_IN summed (there is no running
 * balance column), zero and negative included, so the sync learns of an article that ran out.
 * Paged by (article, warehouse).
 */
export const stockSql = (limit: number) => `
  SELECT g.ARTICULO_ID, g.ALMACEN_ID, g.EXISTENCIA, al.NOMBRE AS ALMACEN,
    ${mainKey('g.ARTICULO_ID')} AS CLAVE
  FROM (
    SELECT FIRST ${pageSize(limit)} s.ARTICULO_ID, s.ALMACEN_ID,
      SUM(s.ENTRADAS_UNIDADES - s.SALIDAS_UNIDADES) AS EXISTENCIA
    FROM SALDOS_IN s
    WHERE s.ARTICULO_ID > ? OR (s.ARTICULO_ID = ? AND s.ALMACEN_ID > ?)
    GROUP BY s.ARTICULO_ID, s.ALMACEN_ID
    ORDER BY s.ARTICULO_ID, s.ALMACEN_ID
  ) g
  JOIN ALMACENES al ON al.ALMACEN_ID = g.ALMACEN_ID
  ORDER BY g.ARTICULO_ID, g.ALMACEN_ID`;

export const warehousesSql = `
  SELECT al.ALMACEN_ID, al.NOMBRE, s.NOMBRE AS SUCURSAL
  FROM ALMACENES al
  LEFT JOIN SUCURSALES s ON s.SUCURSAL_ID = al.SUCURSAL_ID
  ORDER BY al.ALMACEN_ID`;

/**
 * What counts as a sale. DOCTOS_VE: facturas (F) and remisiones (R); quotes (C), orders (P)
 * and returns (D, V) are not demand. DOCTOS_PV: tickets (V); the global invoice of the day's
 * tickets (F) would count them twice, and returns (D) are not read.
 */
export const SALE_TYPES = { VE: ['F', 'R'], PV: ['V'] } as const;

const types = (list: readonly string[]) => list.map((t) => `'${t}'`).join(', ');

/** Document headers changed after the watermark, both tables in one (time, table, id) order. */
export const saleHeadersSql = (pvWhere: string, veWhere: string, limit: number) => `
  SELECT FIRST ${pageSize(limit)} h.KIND, h.ID, h.MODIF
  FROM (
    SELECT 'PV' AS KIND, d.DOCTO_PV_ID AS ID, ${DOCUMENT_CHANGED} AS CHANGED,
      CAST(${DOCUMENT_CHANGED} AS VARCHAR(24)) AS MODIF
    FROM DOCTOS_PV d
    WHERE d.TIPO_DOCTO IN (${types(SALE_TYPES.PV)}) AND ${pvWhere}
    UNION ALL
    SELECT 'VE', d.DOCTO_VE_ID, ${DOCUMENT_CHANGED}, CAST(${DOCUMENT_CHANGED} AS VARCHAR(24))
    FROM DOCTOS_VE d
    WHERE d.TIPO_DOCTO IN (${types(SALE_TYPES.VE)}) AND ${veWhere}
  ) h
  ORDER BY h.CHANGED, h.KIND, h.ID`;

// The list filters the lines' own column: Firebird 3 then reads them through their index on the
// header id, where the same list on the header's key makes it scan every line for every page.
const saleLines = (header: string, lines: string, headerId: string, lineId: string, count: number) => `
  SELECT h.${headerId} AS DOC_ID, d.${lineId} AS LINE_ID, h.TIPO_DOCTO, h.FOLIO,
    CAST(h.FECHA AS VARCHAR(10)) AS FECHA, h.ALMACEN_ID, h.ESTATUS, d.UNIDADES,
    ${mainKey('d.ARTICULO_ID')} AS CLAVE
  FROM ${header} h
  JOIN ${lines} d ON d.${headerId} = h.${headerId}
  WHERE d.${headerId} IN (${Array.from({ length: count }, () => '?').join(', ')})
  ORDER BY h.${headerId}, d.${lineId}`;

/** Documents per query for their lines: Firebird takes at most 1500 values in one IN list. */
export const MAX_IN_LIST = 1000;
export const veLinesSql = (count: number) =>
  saleLines('DOCTOS_VE', 'DOCTOS_VE_DET', 'DOCTO_VE_ID', 'DOCTO_VE_DET_ID', count);
export const pvLinesSql = (count: number) =>
  saleLines('DOCTOS_PV', 'DOCTOS_PV_DET', 'DOCTO_PV_ID', 'DOCTO_PV_DET_ID', count);

/** Email and phone: the first address that has one, the principal address (ES_DIR_PPAL) first. */
const addressField = (field: string) => `(
  SELECT FIRST 1 d.${field} FROM DIRS_CLIENTES d
  WHERE d.CLIENTE_ID = c.CLIENTE_ID AND d.${field} > ''
  ORDER BY CASE d.ES_DIR_PPAL WHEN 'S' THEN 0 ELSE 1 END, d.DIR_CLI_ID)`;

export const customersSql = (where: string, limit: number) => `
  SELECT FIRST ${pageSize(limit)}
    c.CLIENTE_ID, c.NOMBRE, c.ESTATUS,
    ${addressField('EMAIL')} AS EMAIL,
    ${addressField('TELEFONO1')} AS TELEFONO,
    CAST(${CUSTOMER_CHANGED} AS VARCHAR(24)) AS MODIF
  FROM CLIENTES c
  WHERE ${where}
  ORDER BY ${CUSTOMER_CHANGED}, c.CLIENTE_ID`;

/** The tables the connector reads; a database without them is not a Microsip company. */
export const REQUIRED_TABLES = [
  'ARTICULOS',
  'CLAVES_ARTICULOS',
  'ROLES_CLAVES_ARTICULOS',
  'LINEAS_ARTICULOS',
  'PRECIOS_ARTICULOS',
  'ALMACENES',
  'SUCURSALES',
  'SALDOS_IN',
  'CLIENTES',
  'DIRS_CLIENTES',
  'DOCTOS_VE',
  'DOCTOS_VE_DET',
  'DOCTOS_PV',
  'DOCTOS_PV_DET',
] as const;

export const presentTablesSql = `
  SELECT TRIM(r.RDB$RELATION_NAME) AS NAME FROM RDB$RELATIONS r
  WHERE r.RDB$SYSTEM_FLAG = 0 AND r.RDB$RELATION_NAME IN (${REQUIRED_TABLES.map(() => '?').join(', ')})`;
