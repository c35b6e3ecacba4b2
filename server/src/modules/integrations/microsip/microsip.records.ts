import type {
  ErpCustomer,
  ErpProduct,
  ErpSale,
  ErpStock,
  ErpWarehouse,
  Rejected,
} from '../connectors/connector.ts';
import { day, decimal, id, instant, type Row, RowProblem, requiredText, text } from './row-reader.ts';

/** Rows → records; a row that cannot be read becomes a rejection, and only that row. */
export const readRows = <T>(
  rows: Row[],
  externalId: (row: Row) => string,
  read: (row: Row) => T,
): { records: T[]; rejected: Rejected[] } => {
  const records: T[] = [];
  const rejected: Rejected[] = [];
  for (const row of rows) {
    try {
      records.push(read(row));
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      rejected.push({ external_id: externalId(row), reason: err.message });
    }
  }
  return { records, rejected };
};

/** ESTATUS of an article: A activo; B baja, S suspendido and the rest are not for sale. */
export const toProduct = (row: Row, timeZone: string): ErpProduct => ({
  external_id: id(row, 'ARTICULO_ID'),
  sku: requiredText(row, 'CLAVE', 'article key (CLAVES_ARTICULOS)'),
  name: requiredText(row, 'NOMBRE', 'name'),
  category: text(row, 'LINEA'),
  unit: text(row, 'UNIDAD_VENTA'),
  price: decimal(row, 'PRECIO'),
  cost: null,
  active: text(row, 'ESTATUS') === 'A',
  modified_at: instant(row, 'MODIF', timeZone),
});

/** Warehouses are few and named by hand; a name that cannot be read falls back to the code. */
const nameOr = (row: Row, col: string, fallback: string | null) => {
  try {
    return text(row, col) ?? fallback;
  } catch {
    return fallback;
  }
};

export const toWarehouse = (row: Row): ErpWarehouse => {
  const code = id(row, 'ALMACEN_ID');
  return { code, name: nameOr(row, 'NOMBRE', code)!, branch: nameOr(row, 'SUCURSAL', null) };
};

/** Null for an article with no readable key: `products` reports it; stock cannot name it. */
export const toStock = (row: Row): ErpStock | null => {
  try {
    const code = id(row, 'ALMACEN_ID');
    return {
      sku: requiredText(row, 'CLAVE', 'key'),
      warehouse_code: code,
      warehouse_name: nameOr(row, 'ALMACEN', code)!,
      on_hand: decimal(row, 'EXISTENCIA') ?? '0',
    };
  } catch (err) {
    if (err instanceof RowProblem) return null;
    throw err;
  }
};

/**
 * A sales line. It comes back `cancelled` when its document is cancelled (ESTATUS C), and when
 * it is a remisión already invoiced (ESTATUS F): the factura made from it carries the same
 * lines, so the demand moves there instead of counting twice.
 */
export const toSale = (row: Row, kind: 'VE' | 'PV', modifiedAt: string): ErpSale => {
  const status = text(row, 'ESTATUS');
  const invoicedRemision = kind === 'VE' && text(row, 'TIPO_DOCTO') === 'R' && status === 'F';
  const warehouse = row.ALMACEN_ID;
  if (warehouse === null || warehouse === undefined) throw new RowProblem('document has no warehouse');
  return {
    external_id: `${kind}-${id(row, 'LINE_ID')}`,
    folio: requiredText(row, 'FOLIO', 'folio'),
    sku: requiredText(row, 'CLAVE', 'article key (CLAVES_ARTICULOS)'),
    warehouse_code: id(row, 'ALMACEN_ID'),
    date: day(row, 'FECHA'),
    quantity: decimal(row, 'UNIDADES') ?? '0',
    cancelled: status === 'C' || invoicedRemision,
    modified_at: modifiedAt,
  };
};

/** ESTATUS of a customer: only B (baja) retires one; the other states are holds, not an end. */
export const toCustomer = (row: Row, timeZone: string): ErpCustomer => ({
  external_id: id(row, 'CLIENTE_ID'),
  name: requiredText(row, 'NOMBRE', 'name'),
  email: text(row, 'EMAIL'),
  phone: text(row, 'TELEFONO'),
  active: text(row, 'ESTATUS') !== 'B',
  modified_at: instant(row, 'MODIF', timeZone),
});
