import type * as XLSX from '@e965/xlsx';
import { excelSerialDate } from '../domain/calendar.ts';
import type { Cell, SheetRow } from '../domain/kinds.ts';
import { FileProblem } from './file-problem.ts';

type SheetJS = typeof XLSX;
let loaded: Promise<SheetJS> | undefined;

/** SheetJS and its code pages are large and legacy files rare: they load with the first one. */
const sheetJs = () =>
  (loaded ??= Promise.all([import('@e965/xlsx'), import('@e965/xlsx/dist/cpexcel.full.mjs')]).then(
    ([xlsx, cptable]) => {
      // BIFF5 files (Excel 95, still written by some ERPs) keep text in the Windows code page.
      xlsx.set_cptable(cptable);
      return xlsx;
    },
  ));

type XCell = { t: string; v?: unknown; z?: string | number };

const open = (XLSX: SheetJS, bytes: Uint8Array, opts: XLSX.ParsingOptions): XLSX.WorkBook => {
  try {
    // raw: text of HTML and XML "xls" files stays text; the cells are parsed by Flujo's rules.
    return XLSX.read(bytes, { type: 'buffer', raw: true, cellHTML: false, cellText: false, ...opts });
  } catch (err) {
    const message = (err as Error).message;
    if (/password/i.test(message)) throw new FileProblem('password_protected', message);
    throw new FileProblem('unreadable', message);
  }
};

const plain = (XLSX: SheetJS, c: XCell | undefined, date1904: boolean): Cell => {
  if (!c) return null;
  switch (c.t) {
    case 's':
      return typeof c.v === 'string' && c.v.trim() !== '' ? c.v : null;
    case 'n': {
      const v = c.v as number;
      if (!Number.isFinite(v)) return null;
      return typeof c.z === 'string' && XLSX.SSF.is_date(c.z) ? excelSerialDate(v, date1904) : v;
    }
    case 'b':
      return c.v ? 'TRUE' : 'FALSE';
    case 'd':
      return c.v instanceof Date ? c.v : null;
    default:
      // 'e' is an error (#N/A, #DIV/0!), 'z' a cell with a style and no value.
      return null;
  }
};

/**
 * Rows of a legacy `.xls` (BIFF2–BIFF8) or an HTML/XML "xls", read whole by SheetJS: such
 * files hold 65,536 rows at most. The named sheet, or the first visible one that has rows.
 */
export async function* readXls(bytes: Uint8Array, sheet?: string): AsyncGenerator<SheetRow> {
  const XLSX = await sheetJs();
  const wb = open(XLSX, bytes, {
    dense: true,
    cellNF: true,
    ...(sheet === undefined ? {} : { sheets: sheet }),
  });
  const date1904 = !!wb.Workbook?.WBProps?.date1904;
  const hidden = (i: number) => !!wb.Workbook?.Sheets?.[i]?.Hidden;
  const order = wb.SheetNames.map((name, i) => ({ name, i }));
  const candidates =
    sheet === undefined
      ? [...order.filter((s) => !hidden(s.i)), ...order.filter((s) => hidden(s.i))]
      : order.filter((s) => s.name === sheet);
  if (sheet !== undefined && candidates.length === 0)
    throw new FileProblem('sheet_not_found', undefined, { sheet });
  for (const { name } of candidates) {
    const data = (wb.Sheets[name]?.['!data'] ?? []) as (XCell[] | undefined)[];
    let any = false;
    for (let r = 0; r < data.length; r++) {
      const cells = Array.from(data[r] ?? [], (c) => plain(XLSX, c, date1904));
      while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
      if (cells.length === 0) continue;
      any = true;
      yield { sheet: name, row: r + 1, cells };
    }
    if (any) return;
  }
  throw new FileProblem('empty');
}

export const xlsSheetNames = async (bytes: Uint8Array): Promise<string[]> =>
  open(await sheetJs(), bytes, { bookSheets: true }).SheetNames;
