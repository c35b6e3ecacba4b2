import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import type { Platform } from '../../platform/platform.ts';
import { ensureLocations, productIdsBySku, upsertProducts } from '../catalog/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { customerFromErp, type SyncedCustomer, upsertSyncedCustomers } from '../orders/index.ts';
import { type ConnectionRow, connectorFor, loadConnection } from './connections.service.ts';
import type { Connector, ErpSale, ErpStock, Watermark } from './connectors/connector.ts';
import { integrationsEvents } from './events.ts';
import { type SyncType, syncJobs, syncState } from './schema.ts';

const PAGE = 100;
const NOBODY = '00000000-0000-0000-0000-000000000000';

type Counts = { processed: number; created: number; updated: number; failed: number };
type Job = typeof syncJobs.$inferSelect;

/** The rights a sync writes with: the person who started it, or the schedule, over every store. */
const syncContext = (job: Job): RequestContext => ({
  tenantId: job.tenantId,
  userId: job.createdBy ?? NOBODY,
  kind: 'client',
  roles: [],
  permissions: ['*:*'],
  storeIds: null,
});

const readState = async (tx: Tx, job: Job, type: SyncType) => {
  const [s] = await tx
    .select()
    .from(syncState)
    .where(and(eq(syncState.connectionId, job.connectionId), eq(syncState.type, type)));
  return s?.watermark ?? null;
};

const saveState = (tx: Tx, job: Job, type: SyncType, watermark: Watermark) =>
  tx
    .insert(syncState)
    .values({
      tenantId: job.tenantId,
      connectionId: job.connectionId,
      type,
      watermark,
      lastSyncAt: sql`now()`,
    })
    .onConflictDoUpdate({
      target: [syncState.connectionId, syncState.type],
      set: { watermark, lastSyncAt: sql`now()` },
    });

/**
 * Runs one sync job: each kind of record in turn, a page per transaction that also moves the
 * watermark, so a crash resumes after the last page that landed and every write is an upsert
 * (reading a page twice changes nothing).
 */
export const createSyncRunner = (
  p: Platform,
  open: (p: Platform, c: ConnectionRow) => Connector = connectorFor,
) => {
  const add = (c: Counts, d: Partial<Counts>) => {
    c.processed += d.processed ?? 0;
    c.created += d.created ?? 0;
    c.updated += d.updated ?? 0;
    c.failed += d.failed ?? 0;
  };

  const progress = (tx: Tx, emit: Emit, job: Job, type: SyncType, c: Counts) => {
    emit(
      integrationsEvents.syncProgress.create({
        tenantId: job.tenantId,
        aggregateId: job.id,
        payload: { job_id: job.id, connection_id: job.connectionId, types: job.types, type, ...c },
      }),
    );
    return tx.update(syncJobs).set(c).where(eq(syncJobs.id, job.id));
  };

  const products = async (job: Job, erp: Connector, c: Counts) => {
    let since = job.incremental
      ? await p.uow.forTenant(job.tenantId, (tx) => readState(tx, job, 'products'))
      : null;
    for (;;) {
      const page = await erp.products(since, PAGE);
      await p.uow.forTenant(job.tenantId, async (tx, emit) => {
        const out = await upsertProducts(
          tx,
          job.tenantId,
          emit,
          page.records.map((r) => ({
            sku: r.sku,
            name: r.name,
            category: r.category ?? undefined,
            unit: r.unit ?? undefined,
            price: r.price ?? undefined,
            cost: r.cost ?? undefined,
          })),
          { onlyCreate: false },
        );
        add(c, {
          processed: page.records.length + page.rejected.length,
          ...out,
          failed: page.rejected.length,
        });
        await saveState(tx, job, 'products', page.next);
        await progress(tx, emit, job, 'products', c);
      });
      if (page.done) return;
      since = page.next;
    }
  };

  /** Customers by the ERP's id; one the ERP retired (Microsip's baja) stays, inactive. */
  const customers = async (job: Job, erp: Connector, c: Counts) => {
    let since = job.incremental
      ? await p.uow.forTenant(job.tenantId, (tx) => readState(tx, job, 'customers'))
      : null;
    for (;;) {
      const page = await erp.customers(since, PAGE);
      await p.uow.forTenant(job.tenantId, async (tx, emit) => {
        const kept = page.records.map(customerFromErp);
        const good = kept.filter((r): r is SyncedCustomer => !('reason' in r));
        const out = await upsertSyncedCustomers(tx, job.tenantId, emit, job.connectionId, good);
        add(c, {
          processed: page.records.length + page.rejected.length,
          ...out,
          failed: page.rejected.length + kept.length - good.length,
        });
        await saveState(tx, job, 'customers', page.next);
        await progress(tx, emit, job, 'customers', c);
      });
      if (page.done) return;
      since = page.next;
    }
  };

  /** Stock has no change time: every run reads all of it and counts it in, as a physical count would. */
  const stock = async (job: Job, erp: Connector, c: Counts) => {
    const warehouses = await erp.warehouses();
    const places = await p.uow.forTenant(job.tenantId, (tx, emit) =>
      ensureLocations(
        tx,
        job.tenantId,
        emit,
        warehouses.map((w) => ({ code: w.code, name: w.name })),
      ),
    );
    for await (const rows of erp.stock(PAGE * 10)) {
      await p.uow.forTenant(job.tenantId, async (tx, emit) => {
        const ids = await productIdsBySku(
          tx,
          job.tenantId,
          rows.map((r) => r.sku),
        );
        const known = rows.filter((r) => ids.has(r.sku) && places.has(r.warehouse_code));
        const out = await inventoryFacade.setOnHand(
          tx,
          syncContext(job),
          emit,
          known.map((r: ErpStock) => ({
            productId: ids.get(r.sku) as string,
            locationId: places.get(r.warehouse_code)?.id as string,
            locationCode: r.warehouse_code,
            onHand: Number(r.on_hand) < 0 ? '0' : r.on_hand,
          })),
          { type: 'sync', id: job.id, reason: 'ERP stock' },
        );
        add(c, {
          processed: rows.length,
          updated: out.corrected,
          failed: rows.length - known.length + out.refused.length,
        });
        await progress(tx, emit, job, 'stock', c);
      });
    }
    await p.uow.forTenant(job.tenantId, (tx) => saveState(tx, job, 'stock', null));
  };

  /** Sales lines become demand facts keyed by the ERP's line (ADR 0009); a cancelled document's are removed. */
  const sales = async (job: Job, erp: Connector, c: Counts) => {
    const source = `sync:${job.connectionId}`;
    let since = job.incremental
      ? await p.uow.forTenant(job.tenantId, (tx) => readState(tx, job, 'sales'))
      : null;
    for (;;) {
      const page = await erp.sales(since, PAGE * 10);
      await p.uow.forTenant(job.tenantId, async (tx, emit) => {
        const live = page.records.filter((r) => !r.cancelled);
        const gone = page.records.filter((r) => r.cancelled).map((r) => r.external_id);
        const ids = await productIdsBySku(
          tx,
          job.tenantId,
          live.map((r) => r.sku),
        );
        const places = await ensureLocations(
          tx,
          job.tenantId,
          emit,
          live.map((r) => ({ code: r.warehouse_code, name: r.warehouse_code })),
        );
        const known = live.filter((r: ErpSale) => ids.has(r.sku) && places.has(r.warehouse_code));
        await inventoryFacade.recordDemand(
          tx,
          job.tenantId,
          emit,
          known.map((r) => ({
            productId: ids.get(r.sku) as string,
            locationId: places.get(r.warehouse_code)?.id as string,
            start: r.date,
            end: r.date,
            quantity: r.quantity,
            source,
            reference: r.external_id,
          })),
        );
        const removed = await inventoryFacade.forgetDemand(tx, job.tenantId, emit, source, gone);
        add(c, {
          processed: page.records.length + page.rejected.length,
          created: known.length,
          updated: removed,
          failed: live.length - known.length + page.rejected.length,
        });
        await saveState(tx, job, 'sales', page.next);
        await progress(tx, emit, job, 'sales', c);
      });
      if (page.done) return;
      since = page.next;
    }
  };

  const finish = (job: Job, c: Counts, error: string | null) =>
    p.uow.forTenant(job.tenantId, async (tx, emit) => {
      await tx
        .update(syncJobs)
        .set({ ...c, status: error ? 'failed' : 'completed', error, completedAt: sql`now()` })
        .where(eq(syncJobs.id, job.id));
      const payload = { job_id: job.id, connection_id: job.connectionId, types: job.types, ...c };
      emit(
        error
          ? integrationsEvents.syncFailed.create({
              tenantId: job.tenantId,
              aggregateId: job.id,
              payload: { ...payload, error },
            })
          : integrationsEvents.syncCompleted.create({ tenantId: job.tenantId, aggregateId: job.id, payload }),
      );
    });

  return {
    run: async (tenantId: string, jobId: string) => {
      const job = await p.uow.forTenant(tenantId, async (tx, emit) => {
        const [j] = await tx
          .update(syncJobs)
          .set({ status: 'running', startedAt: sql`coalesce(started_at, now())` })
          .where(and(eq(syncJobs.id, jobId), sql`${syncJobs.status} in ('pending', 'running')`))
          .returning();
        if (j)
          emit(
            integrationsEvents.syncStarted.create({
              tenantId,
              aggregateId: j.id,
              payload: {
                job_id: j.id,
                connection_id: j.connectionId,
                types: j.types,
                processed: 0,
                created: 0,
                updated: 0,
                failed: 0,
              },
            }),
          );
        return j;
      });
      if (!job) return;
      const c: Counts = {
        processed: job.processed,
        created: job.created,
        updated: job.updated,
        failed: job.failed,
      };
      const conn = await p.uow.forTenant(tenantId, (tx) => loadConnection(tx, tenantId, job.connectionId));
      const erp = open(p, conn);
      try {
        // Products first: stock and sales name the products they are about.
        if (job.types.includes('products')) await products(job, erp, c);
        if (job.types.includes('customers')) await customers(job, erp, c);
        if (job.types.includes('stock')) await stock(job, erp, c);
        if (job.types.includes('sales')) await sales(job, erp, c);
        await finish(job, c, null);
      } catch (err) {
        p.log.warn({ err, job: job.id }, 'sync failed');
        await finish(
          job,
          c,
          err instanceof Error ? err.message.slice(0, 500) : 'The sync stopped on an error.',
        );
      } finally {
        await erp.close().catch(() => {});
      }
    },
  };
};
