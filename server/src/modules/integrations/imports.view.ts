import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { catalogLocations } from '../catalog/index.ts';
import { usersByIds } from '../identity/index.ts';
import { imports } from './schema.ts';

export type ImportRow = typeof imports.$inferSelect;

const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);

/** One import of the tenant, or 404. */
export const loadImport = async (tx: Executor, tenantId: string, id: string, lock = false) => {
  const q = tx
    .select()
    .from(imports)
    .where(and(eq(imports.id, id), eq(imports.tenantId, tenantId)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new DomainError('integrations.import_not_found');
  return row;
};

/** Imports as the API shows them, with who started each and the store it is about. */
export const importViews = async (tx: Executor, tenantId: string, rows: ImportRow[]) => {
  const people = await usersByIds(
    tx,
    tenantId,
    rows.flatMap((r) => (r.createdBy ? [r.createdBy] : [])),
  );
  const ids = [...new Set(rows.flatMap((r) => (r.locationId ? [r.locationId] : [])))];
  const places = new Map(
    ids.length
      ? (
          await tx
            .select({ id: catalogLocations.id, code: catalogLocations.code, name: catalogLocations.name })
            .from(catalogLocations)
            .where(sql`${catalogLocations.id} = any(${sql.param(ids)}::uuid[])`)
        ).map((l) => [l.id, l])
      : [],
  );
  return rows.map((r) => {
    const total = r.totalRows ?? 0;
    const who = r.createdBy ? people.get(r.createdBy) : undefined;
    return {
      id: r.id,
      filename: r.filename,
      sha256: r.sha256,
      size_bytes: r.sizeBytes,
      format: r.format,
      sheet: r.sheet,
      header_row: r.headerRow,
      headers: r.headers,
      kind: r.kind,
      mapping: r.mapping,
      store: r.locationId ? (places.get(r.locationId) ?? null) : null,
      store_guess: r.storeGuess,
      create_products: r.createProducts,
      duplicate_of: r.duplicateOf,
      status: r.status,
      mode: r.mode,
      progress: r.status === 'completed' ? 1 : total > 0 ? Math.min(1, r.processed / total) : 0,
      total_rows: r.totalRows,
      valid: r.validRows,
      invalid: r.invalidRows,
      new_products: r.newProducts,
      date_from: r.dateFrom,
      date_to: r.dateTo,
      processed: r.processed,
      created: r.created,
      updated: r.updated,
      failed: r.failed,
      error: r.error,
      created_by: who ? { id: r.createdBy as string, name: who.name, email: who.email } : null,
      created_at: new Date(r.createdAt).toISOString(),
      started_at: iso(r.startedAt),
      completed_at: iso(r.completedAt),
    };
  });
};

export type ImportView = Awaited<ReturnType<typeof importViews>>[number];

export const listImports = async (tx: Executor, tenantId: string, limit: number, offset: number) => {
  const rows = await tx
    .select()
    .from(imports)
    .where(eq(imports.tenantId, tenantId))
    .orderBy(desc(imports.createdAt))
    .limit(limit)
    .offset(offset);
  const [n] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(imports)
    .where(eq(imports.tenantId, tenantId));
  return { rows: await importViews(tx, tenantId, rows), total: n?.n ?? 0 };
};
