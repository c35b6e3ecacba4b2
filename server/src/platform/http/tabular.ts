import { PassThrough, Readable } from 'node:stream';

/** A column of an exported table: its heading and how a row gives its value. */
export type Column<T> = { header: string; value: (row: T) => string | number | null };

/**
 * Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading quote, so
 * an exported cell can never execute (OWASP CSV injection). Numbers stay numbers.
 */
export const safeText = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

const csvField = (v: string | number | null) => {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const s = safeText(v);
  return /[",\n\r;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Streams rows as UTF-8 CSV with a byte-order mark (so Excel reads accents right); nothing piles up in memory. */
export const csvStream = <T>(columns: Column<T>[], rows: AsyncIterable<T>) =>
  Readable.from(
    (async function* () {
      yield `\ufeff${columns.map((c) => csvField(c.header)).join(',')}\r\n`;
      for await (const r of rows) yield `${columns.map((c) => csvField(c.value(r))).join(',')}\r\n`;
    })(),
  );

const drained = (s: PassThrough) =>
  new Promise<void>((resolve) => {
    const done = () => {
      s.off('drain', done).off('close', done);
      resolve();
    };
    s.once('drain', done).once('close', done);
  });

/** Streams rows as an .xlsx workbook, each row committed as written, so 100,000 rows never sit in memory. */
export const xlsxStream = <T>(sheet: string, columns: Column<T>[], rows: AsyncIterable<T>) => {
  const out = new PassThrough();
  (async () => {
    // exceljs is a large library few requests need: it loads with the first workbook.
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const ws = book.addWorksheet(sheet.slice(0, 31));
    ws.columns = columns.map((c) => ({
      header: c.header,
      width: Math.max(12, Math.min(40, c.header.length + 4)),
    }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for await (const r of rows) {
      // A client that left stops the walk; a slow one makes it wait instead of piling rows up here.
      if (out.destroyed) return;
      ws.addRow(
        columns.map((c) => {
          const v = c.value(r);
          return typeof v === 'string' ? safeText(v) : v;
        }),
      ).commit();
      if (out.writableNeedDrain) await drained(out);
    }
    ws.commit();
    await book.commit();
  })().catch((err: unknown) => out.destroy(err as Error));
  return out;
};
