import { eq, sql } from 'drizzle-orm';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import type { CellProblem, ImportKind, SheetRow } from './domain/kinds.ts';
import { checkBatch, writeBatch } from './imports.apply.ts';
import { batches, dataRows } from './imports.file.ts';
import { type FileSeen, fileSeen, spansFile } from './imports.scope.ts';
import { type CommitJob, fileOf, insertProblems, scopeOf } from './imports.service.ts';
import { type ImportRow, loadImport } from './imports.view.ts';
import { integrationsEvents } from './events.ts';
import { imports } from './schema.ts';

const WRITE_BATCH = 500;

/** A row failed in all-or-nothing mode: the whole commit rolls back. */
class RowsFailed extends Error {
  readonly problems: CellProblem[];
  constructor(problems: CellProblem[]) {
    super(`${new Set(problems.map((p) => p.row)).size} rows could not be written`);
    this.problems = problems;
  }
}

type Counts = { processed: number; created: number; updated: number; failed: number };

/**
 * Runs a commit. All or nothing: one transaction over every batch, so a failure or a crash
 * leaves nothing behind, and a retry starts from the top. Valid rows: a transaction per batch
 * that also moves the import's checkpoint, so a retry after a crash resumes after the last
 * batch that landed and writes no row twice.
 */
export const createImportCommit = (p: Platform) => {
  const counts = (kind: ImportKind, id: string, total: number, c: Counts) => ({
    import_id: id,
    kind,
    total,
    ...c,
  });

  const fail = async (job: CommitJob, err: unknown) => {
    const problems = err instanceof RowsFailed ? err.problems : [];
    const message =
      err instanceof RowsFailed
        ? err.message
        : err instanceof DomainError
          ? (err.detail ?? err.code)
          : 'The import stopped on an unexpected error; it can be committed again.';
    await p.uow.forTenant(job.tenantId, async (tx, emit) => {
      const imp = await loadImport(tx, job.tenantId, job.importId, true);
      await insertProblems(tx, job.tenantId, imp.id, problems);
      await tx
        .update(imports)
        .set({ status: 'failed', error: message, updatedAt: sql`now()` })
        .where(eq(imports.id, imp.id));
      emit(
        integrationsEvents.importFailed.create({
          tenantId: job.tenantId,
          aggregateId: imp.id,
          payload: { import_id: imp.id, kind: imp.kind, error: message },
        }),
      );
    });
  };

  const allOrNothing = async (job: CommitJob) =>
    p.uow.forTenant(job.tenantId, async (tx, emit) => {
      const imp = await loadImport(tx, job.tenantId, job.importId, true);
      if (imp.status !== 'running') return;
      const bytes = await fileOf(tx, imp);
      const s = await scopeOf(tx, job.ctx, imp, bytes);
      const total = imp.totalRows ?? 0;
      const c: Counts = { processed: 0, created: 0, updated: 0, failed: 0 };
      const seen = fileSeen(true);
      for await (const batch of batches(dataRows(bytes, imp.format, imp), WRITE_BATCH)) {
        const checked = await checkBatch(tx, s, batch, seen);
        if (checked.problems.length) throw new RowsFailed(checked.problems);
        const out = await writeBatch(tx, emit, s, checked.ready);
        if (out.refused.length) throw new RowsFailed(out.refused);
        c.processed += batch.length;
        c.created += out.created;
        c.updated += out.updated;
        // Progress is live only: this transaction's own events land when it commits.
        await p.bus.publish(
          integrationsEvents.importProgress.create({
            tenantId: job.tenantId,
            aggregateId: imp.id,
            payload: counts(s.kind, imp.id, total, c),
          }),
        );
      }
      await tx
        .update(imports)
        .set({ ...c, status: 'completed', completedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(imports.id, imp.id));
      emit(
        integrationsEvents.importCompleted.create({
          tenantId: job.tenantId,
          aggregateId: imp.id,
          payload: counts(s.kind, imp.id, total, c),
        }),
      );
    });

  const replay = (job: CommitJob, imp: ImportRow, bytes: Buffer, batch: SheetRow[], seen: FileSeen) =>
    p.uow.forTenant(job.tenantId, async (tx) => {
      // The same maps and lists, filled as a first run would; no lock, since nothing is written.
      await checkBatch(tx, await scopeOf(tx, job.ctx, imp, bytes), batch, { ...seen, writing: false });
    });

  const validRows = async (job: CommitJob) => {
    const start = await p.uow.forTenant(job.tenantId, async (tx) => {
      const imp = await loadImport(tx, job.tenantId, job.importId);
      return imp.status === 'running' ? { imp, bytes: await fileOf(tx, imp) } : null;
    });
    if (!start) return;
    const { imp, bytes } = start;
    const total = imp.totalRows ?? 0;
    let read = 0;
    const seen = fileSeen(true);
    for await (const batch of batches(dataRows(bytes, imp.format, imp), WRITE_BATCH)) {
      const first = read;
      read += batch.length;
      // Batches are fixed, so the checkpoint always falls between two of them.
      if (read <= imp.processed) {
        // A landed batch is checked again (no writes) only to learn what later rows clash with.
        if (spansFile(imp.kind as ImportKind)) await replay(job, imp, bytes, batch, seen);
        continue;
      }
      const done = await p.uow.forTenant(job.tenantId, async (tx, emit) => {
        const now = await loadImport(tx, job.tenantId, job.importId, true);
        // Another runner moved past this batch, or the import was stopped: nothing to do here.
        if (now.status !== 'running' || now.processed !== first) return false;
        const s = await scopeOf(tx, job.ctx, now, bytes);
        const checked = await checkBatch(tx, s, batch, seen);
        const out = await writeBatch(tx, emit, s, checked.ready);
        const failedRows = new Set([...checked.problems, ...out.refused].map((x) => x.row));
        await insertProblems(tx, job.tenantId, now.id, [...checked.problems, ...out.refused]);
        const c: Counts = {
          processed: now.processed + batch.length,
          created: now.created + out.created,
          updated: now.updated + out.updated,
          failed: now.failed + failedRows.size,
        };
        await tx
          .update(imports)
          .set({ ...c, updatedAt: sql`now()` })
          .where(eq(imports.id, now.id));
        emit(
          integrationsEvents.importProgress.create({
            tenantId: job.tenantId,
            aggregateId: now.id,
            payload: counts(s.kind, now.id, total, c),
          }),
        );
        return true;
      });
      if (!done) return;
    }
    await p.uow.forTenant(job.tenantId, async (tx, emit) => {
      const now = await loadImport(tx, job.tenantId, job.importId, true);
      if (now.status !== 'running') return;
      await tx
        .update(imports)
        .set({ status: 'completed', completedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(imports.id, now.id));
      emit(
        integrationsEvents.importCompleted.create({
          tenantId: job.tenantId,
          aggregateId: now.id,
          payload: counts(now.kind as ImportKind, now.id, total, {
            processed: now.processed,
            created: now.created,
            updated: now.updated,
            failed: now.failed,
          }),
        }),
      );
    });
  };

  return {
    run: async (job: CommitJob) => {
      const mode = await p.uow.forTenant(
        job.tenantId,
        async (tx) => (await loadImport(tx, job.tenantId, job.importId)).mode,
      );
      try {
        if (mode === 'all_or_nothing') await allOrNothing(job);
        else await validRows(job);
      } catch (err) {
        await fail(job, err);
        if (!(err instanceof RowsFailed) && !(err instanceof DomainError))
          p.log.error({ err, import: job.importId }, 'import commit failed');
      }
    },
  };
};
