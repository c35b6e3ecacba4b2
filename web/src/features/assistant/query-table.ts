/** A cell of a query's answer: PostgreSQL numerics arrive as text, so they are told apart here. */
export type Cell = unknown;

const NUMERIC = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
export const isNumeric = (v: Cell) =>
  typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' && NUMERIC.test(v.trim());

/** A column is numeric when every value it has is a number (and it has one). */
export const numericColumns = (columns: readonly string[], rows: readonly Record<string, Cell>[]) =>
  new Set(
    columns.filter((c) => {
      const values = rows.map((r) => r[c]).filter((v) => v !== null && v !== undefined);
      return values.length > 0 && values.every(isNumeric);
    }),
  );

/**
 * The bar chart an answer fits: exactly one text column (the bars' labels) and one numeric
 * column (their heights), with at least two rows and not more than a chart can label.
 */
export const chartOf = (columns: readonly string[], rows: readonly Record<string, Cell>[]) => {
  if (columns.length !== 2 || rows.length < 2 || rows.length > 60) return undefined;
  const numeric = numericColumns(columns, rows);
  const value = columns.find((c) => numeric.has(c));
  const label = columns.find((c) => !numeric.has(c));
  if (!value || !label) return undefined;
  return {
    label,
    value,
    data: rows.map((r) => ({ label: String(r[label] ?? '—'), value: Number(r[value] ?? 0) })),
  };
};

/** Text a spreadsheet would run as a formula gets a leading quote, as the server's exports do. */
const safeText = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

const csvField = (v: Cell) => {
  if (v === null || v === undefined) return '';
  if (isNumeric(v)) return String(v).trim();
  const s = safeText(typeof v === 'object' ? JSON.stringify(v) : String(v));
  return /[",\n\r;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The rows as UTF-8 CSV with a byte-order mark (so Excel reads accents right), CRLF line ends. */
export const toCsv = (columns: readonly string[], rows: readonly Record<string, Cell>[]) =>
  `\ufeff${[columns.map(csvField).join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\r\n')}\r\n`;
