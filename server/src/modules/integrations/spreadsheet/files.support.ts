import { PassThrough } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { readEntry, zipEntries } from './zip.ts';

/** Files for the reader tests, made in memory the way Excel, exceljs and SheetJS make them. */

type Value = ExcelJS.CellValue;

/** An `.xlsx` written by exceljs; each sheet is a list of rows (`undefined` rows stay blank). */
export const xlsxOf = async (sheets: Record<string, (Value[] | undefined)[]>, hidden: string[] = []) => {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name, { state: hidden.includes(name) ? 'hidden' : 'visible' });
    rows.forEach((r, i) => {
      if (r) ws.getRow(i + 1).values = r;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
};

/** A large `.xlsx` written row by row with exceljs's streaming writer. */
export const bigXlsx = async (rows: number, row: (i: number) => Value[]) => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: true,
    useStyles: false,
  });
  const ws = wb.addWorksheet('Datos');
  for (let i = 0; i < rows; i++) ws.addRow(row(i)).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
};

/** A BIFF8 `.xls` written by SheetJS; `formats` gives number formats by cell address. */
export const xlsOf = (sheets: Record<string, unknown[][]>, formats: Record<string, string> = {}) => {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = XLSX.utils.aoa_to_sheet(rows);
    for (const [address, z] of Object.entries(formats)) if (ws[address]) ws[address].z = z;
    XLSX.utils.book_append_sheet(wb, ws, name);
  }
  return XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer;
};

/** An OLE2 compound file holding the given streams. */
export const oleOf = (streams: Record<string, Buffer>) => {
  const cfb = XLSX.CFB.utils.cfb_new();
  for (const [name, data] of Object.entries(streams)) XLSX.CFB.utils.cfb_add(cfb, name, data);
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }));
};

/** A plain zip archive with a central directory, entries deflated. */
export const zipOf = (files: Record<string, string | Buffer>) => {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const packed = deflateRawSync(data);
    const n = Buffer.from(name);
    const fields = (h: Buffer, at: number) => {
      h.writeUInt16LE(8, at);
      h.writeUInt32LE(crc32(data), at + 6);
      h.writeUInt32LE(packed.length, at + 10);
      h.writeUInt32LE(data.length, at + 14);
      h.writeUInt16LE(n.length, at + 18);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    fields(local, 8);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    fields(central, 10);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    centrals.push(central, n);
    offset += 30 + n.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
};

/** The first bytes of a real PNG: signature and an IHDR chunk. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex');

/** All rows a reader yields. */
export const collect = async <T>(rows: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
};

/** The code of the FileProblem a promise rejects with. */
export const problemOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  return 'no problem';
};

/** The archive with some entries' content changed. */
export const repack = (zip: Buffer, change: (name: string, content: Buffer) => Buffer | string) =>
  zipOf(Object.fromEntries(zipEntries(zip)!.map((e) => [e.name, change(e.name, readEntry(zip, e, 1e8))])));

/** A BIFF8 `.xls` with a FILEPASS record after its BOF, as Excel writes a password-protected one. */
export const lockedXls = () => {
  const cfb = XLSX.CFB.read(xlsOf({ S1: [['a', 1]] }), { type: 'buffer' });
  const book = XLSX.CFB.find(cfb, 'Workbook');
  const content = Buffer.from(book.content);
  const bof = 4 + content.readUInt16LE(2);
  // Record 0x002F, 6 bytes: XOR obfuscation with a key and a password verifier.
  const filepass = Buffer.from('2f000600000034127856', 'hex');
  book.content = Buffer.concat([content.subarray(0, bof), filepass, content.subarray(bof)]);
  book.size = book.content.length;
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }));
};
