import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogFacade } from '../catalog/index.ts';
import { calculateOne } from './buffers.recalculate.ts';
import { bufferView, loadBuffer } from './buffers.view.ts';
import { ensureStandardProfiles, findProfile, standardProfileId } from './profiles.service.ts';
import { type ADU_METHODS, type AUTO_PROCURE, buffers, type ORDER_TRIGGERS } from './schema.ts';

const num = (v: string | null) => (v === null ? null : Number(v));
const str = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** Settings a planner sets; every one optional on update. */
export type BufferSettings = {
  profile_id?: string | undefined;
  adu_method?: (typeof ADU_METHODS)[number] | undefined;
  adu_fixed?: number | null | undefined;
  adu_horizon_days?: number | undefined;
  adu_future_horizon_days?: number | null | undefined;
  adu_past_weight?: number | undefined;
  source_location?: string | null | undefined;
  incoming_safety_factor?: number | undefined;
  order_trigger?: (typeof ORDER_TRIGGERS)[number] | undefined;
  dlt_days?: number | null | undefined;
  extra_lead_time_days?: number | undefined;
  order_cycle_days?: number | undefined;
  spike_horizon_days?: number | null | undefined;
  spike_threshold_pct?: number | undefined;
  spike_threshold?: number | null | undefined;
  qty_multiple?: number | undefined;
  multiple_tolerance_pct?: number | undefined;
  min_batch?: number | undefined;
  max_batch?: number | null | undefined;
  storage_capacity?: number | null | undefined;
  red_override?: number | null | undefined;
  yellow_override?: number | null | undefined;
  green_override?: number | null | undefined;
  auto_procure?: (typeof AUTO_PROCURE)[number] | undefined;
};

const columns = (s: BufferSettings) => {
  const out: Partial<typeof buffers.$inferInsert> = {};
  const set = <K extends keyof typeof buffers.$inferInsert>(
    k: K,
    v: (typeof buffers.$inferInsert)[K] | undefined,
  ) => {
    if (v !== undefined) out[k] = v;
  };
  set('profileId', s.profile_id);
  set('aduMethod', s.adu_method);
  set('aduFixed', s.adu_fixed === undefined ? undefined : str(s.adu_fixed));
  set('aduHorizonDays', s.adu_horizon_days);
  set('aduFutureHorizonDays', s.adu_future_horizon_days);
  set('aduPastWeight', str(s.adu_past_weight) ?? undefined);
  set('incomingSafetyFactor', str(s.incoming_safety_factor) ?? undefined);
  set('orderTrigger', s.order_trigger);
  set('dltDays', s.dlt_days === undefined ? undefined : str(s.dlt_days));
  set('extraLeadTimeDays', str(s.extra_lead_time_days) ?? undefined);
  set('orderCycleDays', str(s.order_cycle_days) ?? undefined);
  set('spikeHorizonDays', s.spike_horizon_days);
  set('spikeThresholdPct', str(s.spike_threshold_pct) ?? undefined);
  set('spikeThreshold', s.spike_threshold === undefined ? undefined : str(s.spike_threshold));
  set('qtyMultiple', str(s.qty_multiple) ?? undefined);
  set('multipleTolerancePct', str(s.multiple_tolerance_pct) ?? undefined);
  set('minBatch', str(s.min_batch) ?? undefined);
  set('maxBatch', s.max_batch === undefined ? undefined : str(s.max_batch));
  set('storageCapacity', s.storage_capacity === undefined ? undefined : str(s.storage_capacity));
  set('redOverride', s.red_override === undefined ? undefined : str(s.red_override));
  set('yellowOverride', s.yellow_override === undefined ? undefined : str(s.yellow_override));
  set('greenOverride', s.green_override === undefined ? undefined : str(s.green_override));
  set('autoProcure', s.auto_procure);
  return out;
};

/** The location a distributed buffer is replenished from: not the buffer's own. */
const sourceLocationId = async (tx: Tx, tenantId: string, codeOrId: string | null, own: string) => {
  if (codeOrId === null) return null;
  const src = await catalogFacade.location(tx, tenantId, codeOrId, 'source_location');
  if (src.id === own)
    throw new DomainError('planning.invalid_settings', {
      detail: 'A buffer cannot be replenished from its own location.',
      errors: [{ field: 'source_location', message: 'must differ from the buffer location' }],
    });
  return src.id;
};

/**
 * A partial update is checked against what it leaves stored: a maximum batch below the
 * minimum batch the buffer keeps (or the reverse) is the planner's to fix, named.
 */
const batchesInOrder = (input: BufferSettings, stored: typeof buffers.$inferSelect) => {
  const min = input.min_batch ?? Number(stored.minBatch);
  const max = input.max_batch === undefined ? num(stored.maxBatch) : input.max_batch;
  if (max === null || max >= min) return;
  const field = input.max_batch === undefined ? 'min_batch' : 'max_batch';
  throw new DomainError('planning.invalid_settings', {
    detail: `The maximum batch (${max}) would be below the minimum batch (${min}).`,
    errors: [
      {
        field,
        message:
          field === 'max_batch'
            ? `must not be below min_batch (${min})`
            : `must not exceed max_batch (${max})`,
      },
    ],
  });
};

/** A buffer's settings: creating, changing or removing one; each change recomputes it at once. */
export const createBuffersService = (p: Platform) => ({
  create: (ctx: RequestContext, input: BufferSettings & { product_id: string; store_id: string }) =>
    p.uow
      .forTenant(ctx.tenantId, async (tx, emit) => {
        const location = await catalogFacade.location(tx, ctx.tenantId, input.store_id);
        await catalogFacade.product(tx, ctx.tenantId, input.product_id);
        await ensureStandardProfiles(tx, ctx.tenantId);
        let profileId = input.profile_id;
        if (profileId) await findProfile(tx, ctx.tenantId, profileId);
        else {
          const tree = await catalogFacade.supplyTree(tx, ctx.tenantId, input.product_id, location.id);
          const type = tree.find((t) => t.id === input.product_id)?.manufactured
            ? 'manufactured'
            : 'purchased';
          profileId = await standardProfileId(tx, ctx.tenantId, type);
        }
        if (!profileId) throw new Error('no standard profile');
        const [row] = await tx
          .insert(buffers)
          .values({
            ...columns(input),
            tenantId: ctx.tenantId,
            productId: input.product_id,
            locationId: location.id,
            profileId,
            sourceLocationId:
              input.source_location === undefined
                ? null
                : await sourceLocationId(tx, ctx.tenantId, input.source_location, location.id),
          })
          .returning({ id: buffers.id });
        if (!row) throw new Error('buffer insert returned nothing');
        await calculateOne(tx, ctx.tenantId, row.id, emit);
        return bufferView(await loadBuffer(tx, ctx.tenantId, row.id));
      })
      .catch((err) => mapConstraint(err, { unique: 'planning.buffer_exists' })),

  /** Changing settings recomputes the buffer at once. */
  update: (ctx: RequestContext, id: string, input: BufferSettings) =>
    p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
      const current = await loadBuffer(tx, ctx.tenantId, id);
      batchesInOrder(input, current.b);
      if (input.profile_id) await findProfile(tx, ctx.tenantId, input.profile_id);
      const source =
        input.source_location === undefined
          ? {}
          : {
              sourceLocationId: await sourceLocationId(
                tx,
                ctx.tenantId,
                input.source_location,
                current.b.locationId,
              ),
            };
      await tx
        .update(buffers)
        .set({ ...columns(input), ...source, updatedAt: sql`now()` })
        .where(eq(buffers.id, id));
      await calculateOne(tx, ctx.tenantId, id, emit);
      return bufferView(await loadBuffer(tx, ctx.tenantId, id));
    }),

  remove: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      await loadBuffer(tx, ctx.tenantId, id);
      await tx.delete(buffers).where(eq(buffers.id, id));
    }),
});

export type BuffersService = ReturnType<typeof createBuffersService>;
