import { z } from 'zod';
import type { RequestContext } from '../domain/context.ts';
import type { App } from './app.ts';
import { type Column, csvStream, xlsxStream } from './tabular.ts';

export const EXPORT_LANGS = ['es', 'en'] as const;
export type ExportLang = (typeof EXPORT_LANGS)[number];

/** A column of an export with its heading in each language the web app speaks. */
export type ExportColumn<T> = {
  header: Record<ExportLang, string>;
  value: (row: T, lang: ExportLang) => ReturnType<Column<T>['value']>;
};

/** A runaway filter stops here rather than streaming the database out. */
export const EXPORT_MAX_ROWS = 1_000_000;
/** Rows asked of a list service at once: large enough to be cheap, small enough to stay light. */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * Walks a paged list service page after page until a short page (or the row bound), so an
 * export holds one page at a time whatever the list's size.
 */
export async function* pagesOf<T>(
  fetch: (page: number, limit: number) => Promise<{ data: T[] }>,
  o: { size?: number; max?: number } = {},
): AsyncGenerator<T> {
  const size = o.size ?? EXPORT_PAGE_SIZE;
  const max = o.max ?? EXPORT_MAX_ROWS;
  let sent = 0;
  for (let page = 1; ; page++) {
    const { data } = await fetch(page, size);
    for (const row of data) {
      if (sent++ >= max) return;
      yield row;
    }
    if (data.length < size) return;
  }
}

/** `?lang` when given, else the first of es/en the browser prefers (RFC 9110 quality order), else es. */
export const exportLang = (lang: ExportLang | undefined, acceptLanguage: string | undefined): ExportLang => {
  if (lang) return lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { primary: tag.split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.primary).find((p): p is ExportLang => p === 'es' || p === 'en') ?? 'es';
};

async function* atMost<T>(rows: AsyncIterable<T>, max: number): AsyncGenerator<T> {
  if (max <= 0) return;
  let sent = 0;
  for await (const r of rows) {
    yield r;
    if (++sent >= max) return;
  }
}

/** Fetches the first row before the response starts, so a refused filter is a problem+json, not a cut file. */
const primed = async <T>(rows: AsyncIterable<T>): Promise<AsyncIterable<T>> => {
  const it = rows[Symbol.asyncIterator]();
  const first = await it.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* { [Symbol.asyncIterator]: () => it };
  })();
};

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

type ListQuery = z.ZodObject;
type Filters<Q extends ListQuery> = Omit<z.output<Q>, 'page' | 'limit'>;

export type ExportRoute<Q extends ListQuery, T> = {
  /** The list's address; the export answers at `<url>/export`. */
  url: string;
  /** The list route's permission: whoever may read the list may take it away. */
  permission: string;
  tags: string[];
  /** The list's querystring; its filters apply to the export, its `page` and `limit` do not. */
  query: Q;
  /** The file's name before the date, e.g. `products`. */
  file: string;
  sheet: Record<ExportLang, string>;
  columns: ExportColumn<T>[];
  /** The rows of the filter, in the list's order, through the same service and scope as the list. */
  rows: (ctx: RequestContext, filters: Filters<Q>) => AsyncIterable<T>;
};

/** Registers `GET <list url>/export?format=csv|xlsx&lang=es|en&<the list's filters>`, streamed. */
export const exportRoute = <Q extends ListQuery, T>(app: App, o: ExportRoute<Q, T>) => {
  const paging = Object.fromEntries(
    ['page', 'limit'].filter((k) => k in o.query.shape).map((k) => [k, true]),
  );
  const querystring = o.query.omit(paging as never).extend({
    format: z.enum(['csv', 'xlsx']).default('csv'),
    lang: z.enum(EXPORT_LANGS).optional().describe('column headings; default: Accept-Language, else es'),
  });
  app.get(
    `${o.url}/export`,
    {
      config: { permission: o.permission },
      schema: {
        tags: o.tags,
        summary: `The ${o.file} list's current filter as a CSV or .xlsx file, streamed`,
        querystring,
        produces: [CONTENT_TYPES.csv, CONTENT_TYPES.xlsx],
        response: { 200: z.string().describe('the file: CSV (UTF-8 with a byte-order mark) or .xlsx') },
      },
    },
    async (req, reply) => {
      const { format, lang, ...filters } = req.query as { format: 'csv' | 'xlsx'; lang?: ExportLang };
      const l = exportLang(lang, req.headers['accept-language']);
      const rows = await primed(atMost(o.rows(req.ctx, filters as Filters<Q>), EXPORT_MAX_ROWS));
      const columns: Column<T>[] = o.columns.map((c) => ({
        header: c.header[l],
        value: (r) => c.value(r, l),
      }));
      const day = new Date().toISOString().slice(0, 10);
      reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="${o.file}-${day}.${format}"`)
        .header('cache-control', 'no-store');
      const file = format === 'xlsx' ? xlsxStream(o.sheet[l], columns, rows) : csvStream(columns, rows);
      // The schema documents the file as text; Fastify pipes a stream as it is, unserialised.
      return reply.send(file as unknown as string);
    },
  );
};

/** A yes/no cell in the heading's language. */
export const yesNo = (v: boolean, lang: ExportLang) =>
  (v ? { es: 'sí', en: 'yes' } : { es: 'no', en: 'no' })[lang];

/** A decimal the API returns as text, as a number a spreadsheet can add up (and never a formula). */
export const decimalCell = (v: string | null | undefined) =>
  v === null || v === undefined ? null : Number(v);
