import type { Lang } from './imports.service.ts';
import { type Column, csvStream, xlsxStream } from '../../platform/http/tabular.ts';

type ErrorRow = { row: number; column: string; value: string; message: string };

const HEADINGS: Record<Lang, [string, string, string, string]> = {
  es: ['Fila', 'Columna', 'Valor', 'Problema'],
  en: ['Row', 'Column', 'Value', 'Problem'],
};

const columnsOf = (lang: Lang): Column<ErrorRow>[] => {
  const [row, column, value, message] = HEADINGS[lang];
  return [
    { header: row, value: (r) => r.row },
    { header: column, value: (r) => r.column },
    { header: value, value: (r) => r.value },
    { header: message, value: (r) => r.message },
  ];
};

/** The error file: one line per problem, the row numbered as the spreadsheet numbers it. */
export const errorFileCsv = (rows: AsyncIterable<ErrorRow>, lang: Lang) => csvStream(columnsOf(lang), rows);
export const errorFileXlsx = (rows: AsyncIterable<ErrorRow>, lang: Lang) =>
  xlsxStream(lang === 'es' ? 'Errores' : 'Errors', columnsOf(lang), rows);
