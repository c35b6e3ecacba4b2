import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../../platform/domain/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, paged } from '../../platform/http/pagination.ts';
import { IMPORT_KINDS, KIND_FIELDS } from './domain/kinds.ts';
import { errorFileCsv, errorFileXlsx } from './imports.export.ts';
import type { ImportsService, Lang, Upload } from './imports.service.ts';
import { IMPORT_MODES, IMPORT_STATUSES } from './schema.ts';

const tags = ['integrations'];
const IdParam = z.object({ id: z.uuid() });
const Kind = z.enum(IMPORT_KINDS);
const FIELDS = [...new Set(Object.values(KIND_FIELDS).flat())] as [string, ...string[]];
const Target = z
  .union([
    z.enum(FIELDS),
    z.object({ period: z.object({ start: z.iso.date(), end: z.iso.date() }) }),
    z.null(),
  ])
  .describe('a field of the kind, a sales period, or null to ignore the column');
const Mapping = z.record(z.string().max(200), Target).refine((m) => Object.keys(m).length <= 500, {
  message: 'at most 500 columns',
});
const Store = z.object({ id: z.uuid(), code: z.string(), name: z.string() });
const ImportOut = z.object({
  id: z.uuid(),
  filename: z.string(),
  sha256: z.string(),
  size_bytes: z.number().int(),
  format: z.enum(['xlsx', 'xls', 'csv']),
  sheet: z.string().nullable(),
  header_row: z.number().int(),
  headers: z.array(z.string()),
  kind: Kind.nullable(),
  mapping: z.record(z.string(), Target),
  store: Store.nullable(),
  store_guess: z.string().nullable(),
  create_products: z.boolean(),
  duplicate_of: z.uuid().nullable(),
  status: z.enum(IMPORT_STATUSES),
  mode: z.enum(IMPORT_MODES).nullable(),
  progress: z.number().min(0).max(1),
  total_rows: z.number().int().nullable(),
  valid: z.number().int().nullable(),
  invalid: z.number().int().nullable(),
  new_products: z.number().int().nullable(),
  date_from: z.string().nullable(),
  date_to: z.string().nullable(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  failed: z.number().int(),
  error: z.string().nullable(),
  created_by: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
});
const Cell = z.union([z.string(), z.number(), z.null()]);
const UploadOut = ImportOut.extend({
  detected: z.object({
    kind: Kind.nullable(),
    store: z.string().nullable(),
    date_from: z.string().nullable(),
    date_to: z.string().nullable(),
    mapping: z.record(z.string(), Target),
    confidence: z.number(),
    candidates: z.array(z.object({ kind: Kind, score: z.number() })),
  }),
  preview: z.array(z.object({ row: z.number().int(), cells: z.record(z.string(), Cell) })),
});
const Problem = z.object({
  row: z.number().int(),
  column: z.string(),
  value: z.string(),
  code: z.string(),
  message: z.string(),
});
const LangQuery = z.object({ lang: z.enum(['es', 'en']).optional() });

/** The language of words in answers and error files: asked for, else the browser's, else Spanish. */
const langOf = (req: FastifyRequest, asked?: Lang): Lang =>
  asked ?? (/^\s*en\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'es');

/** Reads one multipart upload: the file (size checked as it streams) and the small fields beside it. */
const readUpload = async (req: FastifyRequest): Promise<Upload> => {
  if (!req.isMultipart())
    throw new DomainError('integrations.no_file', {
      errors: [{ field: 'file', message: 'send multipart/form-data with the file in `file`' }],
    });
  let file: { filename: string; bytes: Buffer } | undefined;
  const fields: Record<string, string> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') {
        part.file.resume();
        continue;
      }
      try {
        file = { filename: part.filename || 'file', bytes: await part.toBuffer() };
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw new DomainError('integrations.file_too_large', {
            detail: `${part.filename} is larger than 10 MB.`,
            errors: [{ field: 'file', message: `${part.filename} is larger than 10 MB` }],
          });
        throw err;
      }
    } else fields[part.fieldname] = String(part.value);
  }
  if (!file || file.bytes.length === 0)
    throw new DomainError('integrations.no_file', { errors: [{ field: 'file', message: 'is required' }] });
  const kind = fields.kind ? Kind.safeParse(fields.kind) : undefined;
  if (kind && !kind.success)
    throw new DomainError('platform.validation', {
      detail: `kind: must be one of ${IMPORT_KINDS.join(', ')}`,
      errors: [{ field: 'kind', message: `must be one of ${IMPORT_KINDS.join(', ')}` }],
    });
  const store = fields.store_id?.trim();
  if (store && store.length > 64)
    throw new DomainError('platform.validation', { errors: [{ field: 'store_id', message: 'is too long' }] });
  return { ...file, kind: kind?.data, store_id: store || undefined };
};

const multipartDoc = {
  consumes: ['multipart/form-data'],
  description:
    'multipart/form-data with `file` (.xlsx, .xls or .csv, at most 10 MB) and optional `kind` and `store_id`.',
};

const OneShotOut = z.object({
  success: z.boolean(),
  filename: z.string(),
  records_processed: z.number().int(),
  records_created: z.number().int(),
  records_updated: z.number().int(),
  records_failed: z.number().int(),
  file_type: Kind.nullable(),
  store: z.string().nullable(),
  import_id: z.uuid(),
  error_file: z.string().nullable(),
});
type OneShot = (ctx: FastifyRequest['ctx'], u: Upload, lang: Lang) => Promise<z.infer<typeof OneShotOut>>;

export const importsRoutes = (app: App, svc: ImportsService, oneShot: OneShot) => {
  app.post(
    '/api/v1/inventory/upload',
    {
      config: { permission: 'import:write' },
      schema: {
        tags,
        summary: 'Upload a spreadsheet and load its valid rows in one call (seed 004)',
        ...multipartDoc,
        querystring: LangQuery,
        response: { 200: OneShotOut },
      },
    },
    async (req) => oneShot(req.ctx, await readUpload(req), langOf(req, req.query.lang)),
  );
  app.get(
    '/api/v1/imports',
    {
      config: { permission: 'import:read' },
      schema: {
        tags,
        summary: 'Spreadsheet imports, newest first',
        querystring: PageQuery,
        response: { 200: paged(ImportOut) },
      },
    },
    async (req) => svc.list(req.ctx, req.query),
  );
  app.post(
    '/api/v1/imports',
    {
      config: { permission: 'import:write' },
      schema: {
        tags,
        summary: 'Upload a spreadsheet: detect, preview, keep the file',
        ...multipartDoc,
        response: { 201: UploadOut },
      },
    },
    async (req, reply) => reply.code(201).send(await svc.upload(req.ctx, await readUpload(req))),
  );
  app.get(
    '/api/v1/imports/:id',
    {
      config: { permission: 'import:read' },
      schema: {
        tags,
        summary: 'One import, with its progress',
        params: IdParam,
        response: { 200: ImportOut },
      },
    },
    async (req) => svc.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/imports/:id',
    {
      config: { permission: 'import:write' },
      schema: {
        tags,
        summary: 'Correct what was detected: kind, store, column mapping',
        params: IdParam,
        body: z.object({
          kind: Kind.optional(),
          store_id: z.string().trim().min(1).max(64).nullable().optional(),
          mapping: Mapping.optional(),
          create_products: z.boolean().optional(),
        }),
        response: { 200: ImportOut },
      },
    },
    async (req) => svc.update(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/imports/:id/validate',
    {
      config: { permission: 'import:write' },
      schema: {
        tags,
        summary: 'Dry run over every row: counts, the first 100 problems, the error file',
        params: IdParam,
        querystring: LangQuery,
        response: {
          200: z.object({
            total: z.number().int(),
            valid: z.number().int(),
            invalid: z.number().int(),
            new_products: z.number().int(),
            errors: z.array(Problem),
            error_file: z.string(),
          }),
        },
      },
    },
    async (req) => svc.validate(req.ctx, req.params.id, langOf(req, req.query.lang)),
  );
  app.post(
    '/api/v1/imports/:id/commit',
    {
      config: { permission: 'import:write' },
      schema: {
        tags,
        summary: 'Write the rows, as a job: all or nothing, or only the valid rows',
        params: IdParam,
        body: z.object({ mode: z.enum(IMPORT_MODES) }),
        response: { 202: ImportOut },
      },
    },
    async (req, reply) => reply.code(202).send(await svc.commit(req.ctx, req.params.id, req.body.mode)),
  );
  app.get(
    '/api/v1/imports/:id/errors',
    {
      config: { permission: 'import:read' },
      schema: {
        tags,
        summary: 'The error file: row, column, value and message for every problem',
        params: IdParam,
        querystring: LangQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }),
      },
    },
    async (req, reply) => {
      const lang = langOf(req, req.query.lang);
      await svc.get(req.ctx, req.params.id);
      const rows = svc.errorRows(req.ctx, req.params.id, lang);
      const name = `errors-${req.params.id.slice(0, 8)}.${req.query.format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (req.query.format === 'xlsx') {
        reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        return reply.send(errorFileXlsx(rows, lang));
      }
      reply.type('text/csv; charset=utf-8');
      return reply.send(errorFileCsv(rows, lang));
    },
  );
};
