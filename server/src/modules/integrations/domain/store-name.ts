import { fold, MONTHS } from './calendar.ts';

// Words that introduce a store's name in a file or sheet name ("Existencias SUC CENTRO").
const KEYWORDS = new Set([
  'suc',
  'sucursal',
  'almacen',
  'alm',
  'tienda',
  'bodega',
  'store',
  'warehouse',
  'branch',
]);
// Words that end it: what the report is, and the date it was taken.
const ENDINGS = new Set([
  'al',
  'a',
  'corte',
  'existencias',
  'existencia',
  'inventario',
  'stock',
  'ventas',
  'sales',
  'inventory',
  'reporte',
  'report',
  'xlsx',
  'xls',
  'csv',
]);
const isDateWord = (w: string) => MONTHS.has(w) || /^\d{4}$/.test(w);

/**
 * The store a file or sheet name speaks of: the words after `suc`, `sucursal`, `almacén`, `alm`,
 * `tienda`, `bodega`, `store`, `warehouse` or `branch`, upper case without accents, up to a
 * dash, a bracket, a date or the extension (`Existencias SUC CENTRO.xlsx` → `CENTRO`,
 * `Inventario Sucursal Norte.csv` → `NORTE`). Null when there is no such word.
 */
export const storeFromName = (name: string): string | null => {
  const base = fold(name.split(/[/\\]/).pop() ?? name)
    .replace(/\.(xlsx|xlsm|xls|csv|txt)$/, '')
    .replace(/_/g, ' ')
    // A date such as 15-03-2025 closes the name like a spaced dash does.
    .replace(/\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?/g, ' | ');
  const segments = base.split(/\s[-–]\s|[()[\],;|]|\s-|-\s/);
  for (const segment of segments) {
    const words = segment
      .split(/[\s.:#-]+/)
      .map((w) => w.trim())
      .filter(Boolean);
    const at = words.findIndex((w) => KEYWORDS.has(w));
    if (at < 0) continue;
    const picked: string[] = [];
    const rest = words.slice(at + 1);
    // "Almacén de Materias Primas": the name starts after the article.
    if (rest[0] === 'de' && rest.length > 1) rest.shift();
    for (const w of rest) {
      if (ENDINGS.has(w) || isDateWord(w)) break;
      picked.push(w);
    }
    if (picked.length > 0) return picked.join(' ').toUpperCase();
  }
  return null;
};
