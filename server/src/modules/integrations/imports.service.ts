import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import {
  assertStoreAccess,
  hasPermission,
  inStoreScope,
  type RequestContext,
} from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { PageQuery } from '../../platform/http/pagination.ts';
import { offsetOf, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade, locationsByCodeOrName } from '../catalog/index.ts';
import { detect, mappingFor, shapeOf } from './domain/headers.ts';
import { IMPORT_KINDS, type ImportKind, KIND_FIELDS, type Mapping } from './domain/kinds.ts';
import { problemMessage } from './domain/messages.ts';
import { checkBatch, KIND_PERMISSION } from './imports.apply.ts';
import { batches, dataRows, decimalCommaOf, previewCell, readHead } from './imports.file.ts';
import { fileSeen, type ImportScope } from './imports.scope.ts';
import { type ImportRow, importViews, listImports, loadImport } from './imports.view.ts';
import { importErrors, importFiles, importMappings, imports, type ImportMode } from './schema.ts';
import { sniffFile } from './spreadsheet/sniff.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const COMMIT_JOB = 'integrations-import-commit';
const PREVIEW_ROWS = 20;
const CHECK_BATCH = 1000;
const SHOWN_ERRORS = 100;

export type Lang = 'es' | 'en';
export type Upload = {
  filename: string;
  bytes: Buffer;
  kind?: ImportKind | undefined;
  store_id?: string | undefined;
};
export type Correction = {
  kind?: ImportKind | undefined;
  store_id?: string | null | undefined;
  mapping?: MappingInput | undefined;
  create_products?: boolean | undefined;
};
/** A mapping as a client sends it; `checkMapping` makes it a `Mapping` of the import's kind. */
export type MappingInput = Record<string, string | { period: { start: string; end: string } } | null>;

/** What a commit job carries: the import, and who committed it (their rights apply to every row). */
export type CommitJob = { tenantId: string; importId: string; ctx: RequestContext };

/** Problem rows are stored with a key that one row's problems cannot collide on, so resumes add none twice. */
export const errorSeq = (row: number, k: number) => row * 64 + Math.min(k, 63);

export const insertProblems = async (
  tx: Tx,
  tenantId: string,
  importId: string,
  problems: {
    row: number;
    column: string;
    value: string;
    code: string;
    params?: Record<string, string | number> | undefined;
  }[],
) => {
  const byRow = new Map<number, number>();
  for (let i = 0; i < problems.length; i += 1000) {
    const part = problems.slice(i, i + 1000).map((p) => {
      const k = byRow.get(p.row) ?? 0;
      byRow.set(p.row, k + 1);
      return { ...p, seq: errorSeq(p.row, k) };
    });
    await tx
      .insert(importErrors)
      .values(
        part.map((p) => ({
          tenantId,
          importId,
          row: p.row,
          seq: p.seq,
          column: p.column.slice(0, 200),
          value: p.value.slice(0, 200),
          code: p.code,
          params: p.params ?? null,
        })),
      )
      .onConflictDoNothing();
  }
};

/** The scope every batch of this import is checked and written in. */
export const scopeOf = async (
  tx: Tx,
  ctx: RequestContext,
  imp: ImportRow,
  bytes: Buffer,
): Promise<ImportScope> => {
  const store = imp.locationId ? await catalogFacade.location(tx, imp.tenantId, imp.locationId) : null;
  return {
    importId: imp.id,
    tenantId: imp.tenantId,
    ctx,
    kind: imp.kind as ImportKind,
    mapping: imp.mapping,
    headers: imp.headers,
    decimalComma: decimalCommaOf(bytes, imp.format),
    sha256: imp.sha256,
    store: store ? { id: store.id, code: store.code } : null,
    createProducts: imp.createProducts,
  };
};

export const fileOf = async (tx: Tx, imp: ImportRow) => {
  const [f] = await tx
    .select({ bytes: importFiles.bytes })
    .from(importFiles)
    .where(and(eq(importFiles.tenantId, imp.tenantId), eq(importFiles.sha256, imp.sha256)));
  if (!f)
    throw new DomainError('integrations.import_not_found', { detail: 'The file of this import is gone.' });
  return f.bytes;
};

const mayDo = (ctx: RequestContext, kind: ImportKind) => {
  if (!hasPermission(ctx.permissions, KIND_PERMISSION[kind]))
    throw new DomainError('platform.forbidden', {
      detail: `Importing ${kind} needs the permission ${KIND_PERMISSION[kind]}.`,
    });
};

/** A mapping names only the file's headers and the kind's fields (or, for sales, periods). */
const checkMapping = (kind: ImportKind, headers: string[], mapping: MappingInput): Mapping => {
  const fields = new Set<string>(KIND_FIELDS[kind]);
  const errors = Object.entries(mapping).flatMap(([header, target]) => {
    if (!headers.includes(header))
      return [{ field: `mapping.${header}`, message: 'is not a column of the file' }];
    if (target === null) return [];
    if (typeof target === 'string')
      return fields.has(target) ? [] : [{ field: `mapping.${header}`, message: `is not a field of ${kind}` }];
    const ok =
      kind === 'sales' &&
      /^\d{4}-\d{2}-\d{2}$/.test(target.period.start) &&
      target.period.end >= target.period.start;
    return ok ? [] : [{ field: `mapping.${header}`, message: 'is not a valid period' }];
  });
  const first = errors[0];
  if (first)
    throw new DomainError('integrations.bad_mapping', { detail: `${first.field}: ${first.message}`, errors });
  return mapping as Mapping;
};

export const createImportsService = (p: Platform) => {
  const uow = p.uow;

  /** Reads every row once: how many there are and, for sales, the days they cover. */
  const survey = async (
    tx: Tx,
    scope: ImportScope,
    bytes: Buffer,
    imp: Pick<ImportRow, 'sheet' | 'headerRow' | 'format' | 'filename'>,
  ) => {
    let total = 0;
    let from: string | null = null;
    let to: string | null = null;
    for await (const batch of batches(dataRows(bytes, imp.format, imp), CHECK_BATCH)) {
      total += batch.length;
      if (scope.kind !== 'sales') continue;
      const { ready } = await checkBatch(tx, { ...scope, createProducts: true }, batch);
      for (const r of ready)
        for (const l of (r.record as { lines: { start: string; end: string }[] }).lines) {
          if (!from || l.start < from) from = l.start;
          if (!to || l.end > to) to = l.end;
        }
    }
    return { total, from, to };
  };

  const view = async (tx: Tx, tenantId: string, row: ImportRow) => {
    const [shown] = await importViews(tx, tenantId, [row]);
    if (!shown) throw new DomainError('integrations.import_not_found');
    return shown;
  };

  return {
    list: (ctx: RequestContext, q: PageQuery) =>
      uow.forTenant(ctx.tenantId, async (tx) => {
        const { rows, total } = await listImports(tx, ctx.tenantId, q.limit, offsetOf(q));
        return pageOf(rows, total, q);
      }),

    get: (ctx: RequestContext, id: string) =>
      uow.forTenant(ctx.tenantId, async (tx) =>
        view(tx, ctx.tenantId, await loadImport(tx, ctx.tenantId, id)),
      ),

    /** Keeps the file, detects what it holds and shows the first rows; writes nothing else. */
    upload: (ctx: RequestContext, u: Upload) =>
      uow.forTenant(ctx.tenantId, async (tx) => {
        const format = sniffFile(u.bytes);
        if (!format)
          throw new DomainError('integrations.unreadable_file', {
            detail: `${u.filename} is not an .xlsx, .xls or .csv file Flujo can read.`,
            errors: [{ field: 'file', message: `${u.filename} is not a spreadsheet` }],
          });
        const head = await readHead(u.bytes, format, { previewRows: PREVIEW_ROWS }).catch(() => {
          throw new DomainError('integrations.unreadable_file', {
            detail: `${u.filename} could not be read; it may be damaged or protected.`,
            errors: [{ field: 'file', message: `${u.filename} could not be read` }],
          });
        });
        if (head.headers.length === 0)
          throw new DomainError('integrations.unreadable_file', {
            detail: `${u.filename} has no rows.`,
            errors: [{ field: 'file', message: `${u.filename} is empty` }],
          });
        const shape = shapeOf(head.headers);
        const [remembered] = await tx
          .select()
          .from(importMappings)
          .where(and(eq(importMappings.tenantId, ctx.tenantId), eq(importMappings.shape, shape)));
        const guess = detect(head.headers, { filename: u.filename, sheet: head.sheet });
        const kind = u.kind ?? remembered?.kind ?? guess.kind;
        const mapping: Mapping =
          kind && remembered && remembered.kind === kind
            ? remembered.mapping
            : kind && kind !== guess.kind
              ? mappingFor(kind, head.headers)
              : guess.mapping;
        let locationId: string | null = null;
        if (u.store_id) {
          const loc = await catalogFacade.location(tx, ctx.tenantId, u.store_id);
          assertStoreAccess(ctx, loc.id);
          locationId = loc.id;
        } else if (guess.store) {
          // The name's words lose their dashes ("SUC MAD-001" reads "MAD 001"); codes often keep them.
          const dashed = guess.store.replace(/ /g, '-');
          const found = await locationsByCodeOrName(tx, ctx.tenantId, [guess.store, dashed]);
          const hit = found.get(guess.store) ?? found.get(dashed);
          if (hit && inStoreScope(ctx, hit.id)) locationId = hit.id;
        }
        const sha256 = createHash('sha256').update(u.bytes).digest('hex');
        const [prior] = await tx
          .select({ id: imports.id })
          .from(imports)
          .where(and(eq(imports.tenantId, ctx.tenantId), eq(imports.sha256, sha256)))
          .orderBy(desc(imports.createdAt))
          .limit(1);
        await tx
          .insert(importFiles)
          .values({ tenantId: ctx.tenantId, sha256, bytes: u.bytes })
          .onConflictDoNothing();
        const [row] = await tx
          .insert(imports)
          .values({
            tenantId: ctx.tenantId,
            createdBy: ctx.kind === 'user' ? ctx.userId : null,
            filename: u.filename.slice(0, 255),
            sha256,
            sizeBytes: u.bytes.length,
            format,
            sheet: head.sheet || null,
            headerRow: head.headerRow,
            headers: head.headers,
            shape,
            kind,
            mapping,
            locationId,
            storeGuess: guess.store,
            duplicateOf: prior?.id ?? null,
          })
          .returning();
        if (!row) throw new Error('import row not written');
        if (kind) {
          const s = await scopeOf(tx, ctx, row, u.bytes);
          const seen = await survey(tx, s, u.bytes, row);
          await tx
            .update(imports)
            .set({ totalRows: seen.total, dateFrom: seen.from, dateTo: seen.to })
            .where(eq(imports.id, row.id));
          Object.assign(row, { totalRows: seen.total, dateFrom: seen.from, dateTo: seen.to });
        }
        const shown = await view(tx, ctx.tenantId, row);
        return {
          ...shown,
          detected: {
            kind,
            store: shown?.store?.code ?? guess.store,
            date_from: row.dateFrom,
            date_to: row.dateTo,
            mapping,
            confidence: guess.confidence,
            candidates: guess.candidates,
          },
          preview: head.preview.map((r) => ({
            row: r.row,
            cells: Object.fromEntries(head.headers.map((h, i) => [h, previewCell(r.cells[i])])),
          })),
        };
      }),

    /** The user's corrections: what the file holds, its store, its columns. Validation starts over. */
    update: (ctx: RequestContext, id: string, c: Correction) =>
      uow.forTenant(ctx.tenantId, async (tx) => {
        const imp = await loadImport(tx, ctx.tenantId, id, true);
        if (imp.status === 'running' || imp.status === 'completed')
          throw new DomainError('integrations.import_closed');
        const kind = c.kind ?? imp.kind;
        const asked =
          c.mapping ?? (c.kind && c.kind !== imp.kind ? mappingFor(c.kind, imp.headers) : imp.mapping);
        const mapping = kind ? checkMapping(kind, imp.headers, asked) : (asked as Mapping);
        let locationId = imp.locationId;
        if (c.store_id === null) locationId = null;
        else if (c.store_id !== undefined) {
          const loc = await catalogFacade.location(tx, ctx.tenantId, c.store_id);
          assertStoreAccess(ctx, loc.id);
          locationId = loc.id;
        }
        const [row] = await tx
          .update(imports)
          .set({
            kind,
            mapping,
            locationId,
            ...(c.create_products !== undefined ? { createProducts: c.create_products } : {}),
            status: 'uploaded',
            validRows: null,
            invalidRows: null,
            newProducts: null,
            updatedAt: sql`now()`,
          })
          .where(eq(imports.id, id))
          .returning();
        await tx.delete(importErrors).where(eq(importErrors.importId, id));
        if (!row) throw new DomainError('integrations.import_not_found');
        if (kind) {
          const bytes = await fileOf(tx, row);
          const seen = await survey(tx, await scopeOf(tx, ctx, row, bytes), bytes, row);
          await tx
            .update(imports)
            .set({ totalRows: seen.total, dateFrom: seen.from, dateTo: seen.to })
            .where(eq(imports.id, id));
          Object.assign(row, { totalRows: seen.total, dateFrom: seen.from, dateTo: seen.to });
        }
        return view(tx, ctx.tenantId, row);
      }),

    /** The dry run: every row checked against the file's rules and Flujo's data; nothing written but the findings. */
    validate: async (ctx: RequestContext, id: string, lang: Lang) => {
      const { imp, bytes } = await uow.forTenant(ctx.tenantId, async (tx) => {
        const imp = await loadImport(tx, ctx.tenantId, id, true);
        if (imp.status === 'running' || imp.status === 'completed')
          throw new DomainError('integrations.import_closed');
        if (!imp.kind)
          throw new DomainError('integrations.kind_unknown', {
            errors: [{ field: 'kind', message: 'choose what the file holds' }],
          });
        mayDo(ctx, imp.kind);
        await tx.delete(importErrors).where(eq(importErrors.importId, id));
        return { imp, bytes: await fileOf(tx, imp) };
      });
      let valid = 0;
      const invalidRows = new Set<number>();
      const newSkus = new Set<string>();
      let total = 0;
      // One for the whole file: a BOM line or forecast range clashes with rows of earlier batches too.
      const seen = fileSeen(false);
      for await (const batch of batches(dataRows(bytes, imp.format, imp), CHECK_BATCH)) {
        total += batch.length;
        await uow.forTenant(ctx.tenantId, async (tx) => {
          const s = await scopeOf(tx, ctx, imp, bytes);
          const out = await checkBatch(tx, s, batch, seen);
          valid += out.ready.length;
          for (const p of out.problems) invalidRows.add(p.row);
          for (const sku of out.newSkus) newSkus.add(sku);
          await insertProblems(tx, ctx.tenantId, id, out.problems);
        });
      }
      return uow.forTenant(ctx.tenantId, async (tx) => {
        await tx
          .update(imports)
          .set({
            status: 'validated',
            totalRows: total,
            validRows: valid,
            invalidRows: invalidRows.size,
            newProducts: newSkus.size,
            updatedAt: sql`now()`,
          })
          .where(eq(imports.id, id));
        const shown = await tx
          .select()
          .from(importErrors)
          .where(eq(importErrors.importId, id))
          .orderBy(importErrors.seq)
          .limit(SHOWN_ERRORS);
        return {
          total,
          valid,
          invalid: invalidRows.size,
          new_products: newSkus.size,
          errors: shown.map((e) => ({
            row: e.row,
            column: e.column,
            value: e.value,
            code: e.code,
            message: problemMessage({ ...e, code: e.code as never, params: e.params ?? undefined }, lang),
          })),
          error_file: `/api/v1/imports/${id}/errors?format=csv`,
        };
      });
    },

    /** Starts the commit as a job; with `all_or_nothing` only a file without a bad row may start. */
    commit: (ctx: RequestContext, id: string, mode: ImportMode) =>
      uow.forTenant(ctx.tenantId, async (tx) => {
        const imp = await loadImport(tx, ctx.tenantId, id, true);
        if (imp.status === 'running' || imp.status === 'completed')
          throw new DomainError('integrations.import_closed');
        if (!imp.kind) throw new DomainError('integrations.kind_unknown');
        mayDo(ctx, imp.kind);
        if (imp.status !== 'validated' && imp.status !== 'failed')
          throw new DomainError('integrations.import_closed', {
            detail: 'Validate the import before committing it.',
          });
        if (mode === 'all_or_nothing' && (imp.invalidRows ?? 0) > 0)
          throw new DomainError('integrations.import_has_errors', {
            detail: `${imp.invalidRows} rows are not valid; fix them, or commit only the valid rows.`,
          });
        // A failed valid-rows commit resumes where it stopped; anything else starts from the top.
        const resume = imp.status === 'failed' && imp.mode === 'valid_rows' && mode === 'valid_rows';
        const [row] = await tx
          .update(imports)
          .set({
            status: 'running',
            mode,
            error: null,
            startedAt: sql`now()`,
            updatedAt: sql`now()`,
            ...(resume ? {} : { processed: 0, created: 0, updated: 0, failed: 0 }),
          })
          .where(eq(imports.id, id))
          .returning();
        if (!resume) await tx.delete(importErrors).where(eq(importErrors.importId, id));
        await tx
          .insert(importMappings)
          .values({ tenantId: ctx.tenantId, shape: imp.shape, kind: imp.kind, mapping: imp.mapping })
          .onConflictDoUpdate({
            target: [importMappings.tenantId, importMappings.shape],
            set: { kind: imp.kind, mapping: imp.mapping, updatedAt: sql`now()` },
          });
        const job: CommitJob = { tenantId: ctx.tenantId, importId: id, ctx: { ...ctx, token: undefined } };
        await p.jobs.send(COMMIT_JOB, job, { tx, singletonKey: id });
        if (!row) throw new DomainError('integrations.import_not_found');
        return view(tx, ctx.tenantId, row);
      }),

    /** Every stored problem in row order, words in `lang`, for the error file. */
    errorRows: async function* (ctx: RequestContext, id: string, lang: Lang) {
      await uow.forTenant(ctx.tenantId, (tx) => loadImport(tx, ctx.tenantId, id));
      let after = -1;
      for (;;) {
        const page = await uow.forTenant(ctx.tenantId, (tx) =>
          tx
            .select()
            .from(importErrors)
            .where(and(eq(importErrors.importId, id), sql`${importErrors.seq} > ${after}`))
            .orderBy(importErrors.seq)
            .limit(2000),
        );
        for (const e of page)
          yield {
            row: e.row,
            column: e.column,
            value: e.value,
            message: problemMessage({ ...e, code: e.code as never, params: e.params ?? undefined }, lang),
          };
        if (page.length < 2000) return;
        after = page[page.length - 1]?.seq ?? after;
      }
    },
  };
};

export type ImportsService = ReturnType<typeof createImportsService>;
export { IMPORT_KINDS };
