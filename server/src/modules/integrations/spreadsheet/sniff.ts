import { isOle, oleEntryNames } from './ole.ts';
import { decoderFor, textEncodingOf } from './text.ts';
import { isZip, zipEntries, zipNamesInHead } from './zip.ts';

/** How a file is read: Office Open XML, legacy Excel (BIFF, or an HTML/XML "xls"), or text. */
export type SheetFormat = 'xlsx' | 'xls' | 'csv';

/** How much of a file the text check looks at: the rest of a text file is text too. */
export const HEAD_BYTES = 64 * 1024;

// A workbook part near the start: streaming writers put `xl/workbook.xml` itself last.
const WORKBOOK_PART_IN_HEAD = /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|worksheets\/[^/]+\.xml)$/;

const oleFormat = (names: string[]): SheetFormat | null => {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  if (lower.has('workbook') || lower.has('book')) return 'xls';
  // Excel's "encrypt with password" wraps the .xlsx in an OLE2 file; reading it says so.
  if (lower.has('encryptedpackage')) return 'xlsx';
  return null;
};

/**
 * Markup that Excel and SheetJS open as a sheet: many ERPs "export to Excel" as an HTML table
 * or as XML Spreadsheet 2003 under an `.xls` name. Other markup is no spreadsheet.
 */
const markupFormat = (text: string): SheetFormat | null =>
  /<table[\s>]/i.test(text) || text.includes('urn:schemas-microsoft-com:office:spreadsheet') ? 'xls' : null;

const textFormat = (head: Uint8Array): SheetFormat | null => {
  const encoding = textEncodingOf(head);
  if (!encoding) return null;
  const text = decoderFor(encoding).decode(head).trimStart();
  return text.startsWith('<') ? markupFormat(text) : 'csv';
};

/**
 * The format of a file from its first bytes (at least the first 64 KiB where there are that
 * many), never from its name. With only the head of a zip, its central directory is out of
 * reach and the local headers decide; `sniffFile` is exact.
 */
export const sniffFormat = (head: Uint8Array): SheetFormat | null => {
  if (isZip(head)) {
    const whole = zipEntries(head);
    if (whole) return whole.some((e) => e.name === 'xl/workbook.xml') ? 'xlsx' : null;
    return zipNamesInHead(head).some((n) => WORKBOOK_PART_IN_HEAD.test(n)) ? 'xlsx' : null;
  }
  if (isOle(head)) {
    const names = oleEntryNames(head);
    return names ? oleFormat(names) : null;
  }
  return textFormat(head.subarray(0, HEAD_BYTES));
};

/** The format of a whole file: a zip counts as a workbook only when its directory lists one. */
export const sniffFile = (bytes: Buffer): SheetFormat | null => sniffFormat(bytes);
