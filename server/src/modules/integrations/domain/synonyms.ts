import { fold } from './calendar.ts';
import type { ImportField } from './kinds.ts';

/** Lower case, accents stripped, punctuation and runs of spaces turned into one space. */
export const normalizeHeader = (s: string) =>
  fold(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

// Articles and prepositions say nothing about a column: "Clave del artículo" is "clave articulo".
const STOP = new Set([
  'de',
  'del',
  'la',
  'el',
  'los',
  'las',
  'en',
  'por',
  'para',
  'of',
  'the',
  'y',
  'and',
  'al',
]);
const key = (s: string) =>
  normalizeHeader(s)
    .split(' ')
    .filter((w) => w && !STOP.has(w))
    .join(' ');

/**
 * What ERP and spreadsheet exports in Spanish and English call each field. Written as people
 * write them; compared after `normalizeHeader` and without articles and prepositions.
 */
const SYNONYMS: Record<ImportField, string> = {
  sku: 'clave | clave articulo | clave producto | clave art | cve | cve art | código | codigo articulo | codigo producto | codigo interno | sku | artículo | item | item code | item number | item no | product code | product id | part number | part no | número de parte | no parte | num parte | referencia | ref',
  name: 'descripción | nombre | articulo nombre | nombre articulo | nombre producto | descripcion articulo | descripcion producto | desc | description | name | product | product name | item name | item description | producto',
  price:
    'precio | precio venta | precio lista | precio público | precio unitario | precio 1 | pvp | price | list price | sale price | selling price | unit price',
  cost: 'costo | costo unitario | costo promedio | último costo | costo ultimo | costo estándar | coste | cost | unit cost | average cost | avg cost | standard cost | last cost',
  category:
    'categoría | línea | familia | grupo | departamento | depto | subcategoria | category | line | family | group | department',
  unit: 'unidad | unidad de medida | unidad medida | um | u m | unidad venta | medida | unit | uom | unit of measure',
  barcode: 'código de barras | cod barras | codigo barra | ean | upc | gtin | barcode | bar code',
  store:
    'almacén | sucursal | tienda | bodega | punto de venta | clave almacen | nombre almacen | store | warehouse | branch | location | site',
  on_hand:
    'existencia | existencias | existencia actual | exist | inventario | inventario actual | stock | stock actual | disponible | cantidad disponible | saldo | en existencia | on hand | qty on hand | quantity on hand | available',
  min: 'mínimo | min | stock mínimo | existencia mínima | inventario mínimo | punto de reorden | minimum | reorder point',
  max: 'máximo | max | stock máximo | existencia máxima | inventario máximo | maximum',
  date: 'fecha | fecha venta | fecha documento | fecha factura | fecha ticket | fecha emisión | día | date | sale date | invoice date | order date | day',
  quantity:
    'cantidad | cant | unidades | piezas | pzas | uds | ventas | vendido | cantidad vendida | unidades vendidas | qty | quantity | units | sold | qty sold',
  folio:
    'folio | folio factura | documento | número de documento | no documento | ticket | factura | número de factura | nota | remisión | invoice | invoice number | doc | document number',
  supplier:
    'proveedor | nombre proveedor | clave proveedor | razón social | supplier | supplier name | vendor | vendor name',
  tax_id: 'rfc | nif | cif | nit | ruc | cuit | tax id | vat | vat number',
  email: 'email | e mail | correo | correo electrónico | mail',
  phone: 'teléfono | tel | celular | móvil | phone | phone number | mobile',
  currency: 'moneda | divisa | currency',
  lead_time_days:
    'tiempo de entrega | tiempo entrega | días de entrega | dias entrega | plazo de entrega | lead time | lead time days',
  min_qty:
    'mínimo de compra | minimo compra | mínimo pedido | cantidad mínima | lote mínimo | moq | min order | minimum order | min order qty',
  preferred: 'preferido | proveedor preferido | principal | preferred | default',
  parent_sku:
    'producto terminado | padre | clave padre | artículo padre | producto padre | sku padre | ensamble | kit | parent | parent sku | finished good | assembly',
  component_sku:
    'componente | clave componente | sku componente | artículo componente | insumo | material | materia prima | ingrediente | component | component sku',
  start_date: 'inicio | fecha inicio | fecha inicial | desde | start | start date | from | valid from',
  end_date: 'fin | fecha fin | fecha final | hasta | end | end date | to | valid to',
};

// Columns that look like a field by their first word but are something else (Mexican tax codes).
const IGNORED = new Set(
  ['clave sat', 'clave prod serv', 'clave producto servicio', 'clave unidad', 'clave unidad sat'].map(key),
);

const TABLE = (Object.entries(SYNONYMS) as [ImportField, string][]).flatMap(([field, list]) =>
  list.split('|').map((s) => ({ field, key: key(s), words: key(s).split(' ').length })),
);

/** How well a header names a field: the higher, the surer; whole word matches only. */
export type FieldMatch = { field: ImportField; score: number };

/**
 * Every field a header may name, best first: the header is a synonym (30), starts with one
 * (20: "Existencia actual total") or holds one of four letters or more (10: "Total existencia",
 * but not the "to" of "Qty to order"); a longer synonym
 * scores a little higher, so "Código de barras" is a barcode before it is a code.
 */
export const fieldMatches = (header: string): FieldMatch[] => {
  const h = key(header);
  if (!h || IGNORED.has(h)) return [];
  const best = new Map<ImportField, number>();
  for (const s of TABLE) {
    const strength =
      h === s.key
        ? 30
        : h.startsWith(`${s.key} `)
          ? 20
          : s.key.length >= 4 && ` ${h} `.includes(` ${s.key} `)
            ? 10
            : 0;
    const score = strength && strength + Math.min(s.words, 9);
    if (score > (best.get(s.field) ?? 0)) best.set(s.field, score);
  }
  return [...best].map(([field, score]) => ({ field, score })).sort((a, b) => b.score - a.score);
};
