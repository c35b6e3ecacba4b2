import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { TestApp } from '../../../test/helpers.ts';
import { form } from '../../../test/multipart.ts';

export type Headers = Record<string, string>;

/** A workbook with one sheet of these rows, as a spreadsheet program would save it. */
export const xlsx = async (rows: (string | number | Date | null)[][], sheet = 'Hoja1') => {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
};

export type ImportOut = {
  id: string;
  status: string;
  kind: string | null;
  total_rows: number | null;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  duplicate_of: string | null;
  store: { code: string } | null;
  date_from: string | null;
  date_to: string | null;
  error: string | null;
  detected: {
    kind: string | null;
    store: string | null;
    mapping: Record<string, unknown>;
    date_from: string | null;
    date_to: string | null;
  };
  preview: { row: number; cells: Record<string, unknown> }[];
};
export type Checked = {
  total: number;
  valid: number;
  invalid: number;
  new_products: number;
  errors: { row: number; column: string; value: string; code: string; message: string }[];
  error_file: string;
};

/** The import API as the web wizard calls it. */
export const importClient = (t: TestApp, h: () => Headers) => {
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, as: Headers = h()) =>
    t.app.inject({ method, url, headers: as, ...(payload ? { payload } : {}) });
  const upload = async (
    name: string,
    bytes: Buffer,
    fields: Record<string, string> = {},
    as: Headers = h(),
    url = '/api/v1/imports',
  ) => {
    const body = await form(fields, { name, bytes });
    return t.app.inject({
      method: 'POST',
      url,
      headers: { ...as, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const uploaded = async (name: string, bytes: Buffer, fields: Record<string, string> = {}) => {
    const r = await upload(name, bytes, fields);
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as ImportOut;
  };
  const validate = async (id: string, lang = 'es', as: Headers = h()) => {
    const r = await call('POST', `/api/v1/imports/${id}/validate?lang=${lang}`, undefined, as);
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as Checked;
  };
  const get = async (id: string) => (await call('GET', `/api/v1/imports/${id}`)).json() as ImportOut;
  const commit = (id: string, mode: 'all_or_nothing' | 'valid_rows', as: Headers = h()) =>
    call('POST', `/api/v1/imports/${id}/commit`, { mode }, as);
  /** Waits for the commit job to finish, either way. */
  const settled = async (id: string) => {
    const until = Date.now() + 20_000;
    for (;;) {
      const i = await get(id);
      if (i.status === 'completed' || i.status === 'failed') return i;
      if (Date.now() > until) throw new Error(`import ${id} still ${i.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { call, upload, uploaded, validate, get, commit, settled };
};
