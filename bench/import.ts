// Spreadsheet import: a generated sales file (.xlsx and .csv) through the whole import —
// upload, detection, dry run over every row, commit of every row — against a bare streaming
// parse of the same file with the same library, in the same run. Each measurement runs in its
// own process, so its peak resident memory is its own: the import streams if that peak does not
// grow with the rows (10,000 against 100,000). Node collects lazily: a long import lets garbage
// pile up until the heap reaches a limit set from the live size, so the bench also reports what
// is still live after a full collection at the end (it must not grow with the rows either) and a
// third, larger file where the peak has reached that limit and stops growing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { machine, round, startApp, table, writeResult } from './setup.ts';

type Format = 'xlsx' | 'csv';
type Measured = { ms: number; rows: number; peak_rss_mb: number; live_mb: number };

const SKUS = 1000;
const STORE = 'BENCH-1';

const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86_400_000);
const dmy = (d: Date) =>
  `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
const row = (i: number) => [
  `SKU-${String(i % SKUS).padStart(5, '0')}`,
  STORE,
  day(Math.floor(i / SKUS)),
  (i % 7) + 1,
  `F-${i}`,
];
const HEAD = ['Clave', 'Sucursal', 'Fecha', 'Cantidad', 'Folio'];

/** Writes the file with a streaming writer, so even making it stays small. */
const generate = async (file: string, format: Format, rows: number) => {
  if (format === 'csv') {
    const out = fs.createWriteStream(file);
    out.write(`${HEAD.join(',')}\r\n`);
    for (let i = 0; i < rows; i++) {
      const [sku, store, d, q, folio] = row(i);
      if (!out.write(`${sku},${store},${dmy(d as Date)},${q},${folio}\r\n`))
        await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    return;
  }
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const ws = book.addWorksheet('Ventas');
  ws.addRow(HEAD).commit();
  for (let i = 0; i < rows; i++) ws.addRow(row(i)).commit();
  ws.commit();
  await book.commit();
};

/** The floor: the same library reading the same bytes, row by row, doing nothing with them. */
const bareParse = async (bytes: Buffer, format: Format) => {
  let rows = 0;
  if (format === 'csv') {
    const parser = parse({ bom: true, relax_column_count: true });
    const input = new PassThrough();
    input.end(bytes);
    for await (const _ of input.pipe(parser)) rows++;
    return rows - 1;
  }
  const input = new PassThrough();
  input.end(bytes);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    worksheets: 'emit',
  });
  for await (const ws of reader) for await (const _ of ws) rows++;
  return rows - 1;
};

/** The whole import through the API, as the wizard drives it, until the commit job is done. */
const fullImport = async (bytes: Buffer, name: string, mode: 'embedded' | 'production') => {
  const app = await startApp({ mode });
  try {
    const auth = { authorization: app.headers.authorization as string };
    const json = async (method: string, url: string, body?: object) => {
      const r = await fetch(`${app.url}${url}`, {
        method,
        headers: body ? { ...auth, 'content-type': 'application/json' } : auth,
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<Record<string, unknown>>;
    };
    await json('POST', '/api/v1/locations', { code: STORE, name: 'Bench', type: 'store' });
    const started = performance.now();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    const up = await fetch(`${app.url}/api/v1/imports`, { method: 'POST', headers: auth, body: form });
    if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
    const { id } = (await up.json()) as { id: string };
    const checked = await json('POST', `/api/v1/imports/${id}/validate`);
    if (checked.invalid !== 0) throw new Error(`unexpected invalid rows: ${JSON.stringify(checked.errors)}`);
    await json('POST', `/api/v1/imports/${id}/commit`, { mode: 'valid_rows' });
    for (;;) {
      const i = await json('GET', `/api/v1/imports/${id}`);
      if (i.status === 'completed')
        return { ms: performance.now() - started, rows: Number(i.processed), live_mb: liveMb() };
      if (i.status === 'failed') throw new Error(`import failed: ${String(i.error)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await app.close();
  }
};

/** What is still in use once everything the run made is collected (the child runs with --expose-gc). */
const liveMb = () => {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
  return round(process.memoryUsage().heapUsed / 1024 / 1024, 1);
};

/** One measurement, in this process (as a child of the bench): prints its outcome as JSON. */
const child = async (
  what: 'bare' | 'import',
  file: string,
  format: Format,
  mode: 'embedded' | 'production',
) => {
  const bytes = fs.readFileSync(file);
  const started = performance.now();
  const out =
    what === 'bare'
      ? { rows: await bareParse(bytes, format), ms: performance.now() - started, live_mb: liveMb() }
      : await fullImport(bytes, path.basename(file), mode);
  const peak = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...out, peak_rss_mb: round(peak, 1) })}\n`);
};

const inChild = (args: string[]) =>
  new Promise<Measured>((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', import.meta.filename, '--child', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`child ${args.join(' ')} exited ${code}`));
      else resolve(JSON.parse(last) as Measured);
    });
  });

export const run = async (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '10000,100000,240000' },
      mode: { type: 'string', default: process.env.DATABASE_URL ? 'production' : 'embedded' },
    },
  });
  const mode = values.mode === 'production' ? 'production' : 'embedded';
  const sizes = values.rows.split(',').map(Number);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-import-bench-'));
  const results: Record<string, unknown>[] = [];
  try {
    for (const rows of sizes)
      for (const format of ['xlsx', 'csv'] as const) {
        const file = path.join(dir, `ventas-${rows}.${format}`);
        await generate(file, format, rows);
        const bare = await inChild(['bare', file, format, mode]);
        const full = await inChild(['import', file, format, mode]);
        if (full.rows !== rows || bare.rows !== rows)
          throw new Error(`row counts ${bare.rows} / ${full.rows} ≠ ${rows}`);
        results.push({
          format,
          rows,
          file_mb: round(fs.statSync(file).size / 1024 / 1024, 2),
          bare_rows_per_s: Math.round(rows / (bare.ms / 1000)),
          import_rows_per_s: Math.round(rows / (full.ms / 1000)),
          import_over_bare: round(full.ms / bare.ms, 2),
          bare_peak_rss_mb: bare.peak_rss_mb,
          import_peak_rss_mb: full.peak_rss_mb,
          import_live_after_mb: full.live_mb,
        });
        console.log(
          `${format} ${rows} rows: bare ${Math.round(bare.ms)} ms, import ${Math.round(full.ms)} ms`,
        );
      }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nSpreadsheet import of a sales file, ${mode} mode (upload, dry run, commit of every row)\n`);
  table(
    [
      'format',
      'rows',
      'MB',
      'bare parse rows/s',
      'import rows/s',
      'import ÷ bare',
      'bare peak RSS MB',
      'import peak RSS MB',
      'live after MB',
    ],
    results.map((r) => [
      String(r.format),
      Number(r.rows),
      Number(r.file_mb),
      Number(r.bare_rows_per_s),
      Number(r.import_rows_per_s),
      Number(r.import_over_bare),
      Number(r.bare_peak_rss_mb),
      Number(r.import_peak_rss_mb),
      Number(r.import_live_after_mb),
    ]),
  );
  writeResult(`import-${mode}`, { machine: machine(), mode, results });
};

if (process.argv[2] === '--child') {
  const [, , , what, file, format, mode] = process.argv;
  await child(what as 'bare' | 'import', file as string, format as Format, mode as 'embedded' | 'production');
  process.exit(0);
}
