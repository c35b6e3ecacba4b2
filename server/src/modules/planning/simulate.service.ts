import { and, eq } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantCalendar } from '../identity/index.ts';
import { inventoryFacade } from '../inventory/index.ts';
import { addDays, dayNumber, isoDay } from './domain/dates.ts';
import { held } from './domain/limits.ts';
import { roundPlaces } from './domain/rounding.ts';
import { type SimulationInput, type SimulationPolicy, simulation } from './domain/simulate.ts';
import { findProfile } from './profiles.service.ts';
import { aduExclusions, bufferProfiles, buffers } from './schema.ts';

/** Settings a planner may try on a buffer in the simulator; the rest stay the buffer's. */
export type ProposedSettings = {
  adu_horizon_days?: number | undefined;
  dlt_days?: number | undefined;
  order_cycle_days?: number | undefined;
  qty_multiple?: number | undefined;
  min_batch?: number | undefined;
  max_batch?: number | null | undefined;
  minimum_order_qty?: number | undefined;
};

export type SimulateRequest = {
  days: number;
  profile_id?: string | undefined;
  settings?: ProposedSettings | undefined;
  initial_on_hand?: number | undefined;
};

type Profile = typeof bufferProfiles.$inferSelect;
type Buffer = typeof buffers.$inferSelect;

const num = (v: string | null) => (v === null ? null : Number(v));
const { quantity: qty, days, factor } = held;

/**
 * Runs a replay, giving the event loop a turn after every day: the worst day allowed (two years
 * of open orders under a ten-year DLT) takes tens of milliseconds, so other requests wait no longer.
 */
const replayed = async (input: SimulationInput) => {
  const run = simulation(input);
  for (let step = run.next(); ; step = run.next()) {
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
};

/** A buffer's policy as the replay reads it, with a profile and settings tried in its place. */
const policyOf = (b: Buffer, profile: Profile, s: ProposedSettings = {}) => {
  // Rows stored before the limits are held within them, as the live calculation holds them.
  const overrides = {
    red: qty(num(b.redOverride)),
    yellow: qty(num(b.yellowOverride)),
    green: qty(num(b.greenOverride)),
  };
  const complete = Object.values(overrides).every((v) => v !== null);
  // Planned adjustments are not replayed: the stored DLT comes back to its unadjusted value.
  const adjusted = num(b.dlt);
  const stored = adjusted === null ? null : roundPlaces(adjusted / (b.appliedFactors?.lead_time || 1), 2);
  const policy: SimulationPolicy = {
    adu_horizon_days: s.adu_horizon_days ?? b.aduHorizonDays,
    dlt: days(s.dlt_days ?? stored ?? num(b.dltDays) ?? 0),
    extra_lead_time_days: days(Number(b.extraLeadTimeDays)),
    profile: {
      // An override profile without the three zones falls back to computing them, as the buffer does.
      replenish_method:
        profile.replenishMethod === 'override' && !complete ? 'replenish' : profile.replenishMethod,
      lead_time_factor: factor(Number(profile.leadTimeFactor)),
      variability_factor: factor(Number(profile.variabilityFactor)),
    },
    overrides,
    order_cycle_days: days(s.order_cycle_days ?? Number(b.orderCycleDays)),
    minimum_order_qty: s.minimum_order_qty ?? 0,
    qty_multiple: held.step(s.qty_multiple ?? Number(b.qtyMultiple)),
    multiple_tolerance_pct: Number(b.multipleTolerancePct),
    min_batch: s.min_batch ?? qty(Number(b.minBatch)) ?? 0,
    max_batch:
      s.max_batch === undefined ? (b.maxBatch === null ? null : held.step(Number(b.maxBatch))) : s.max_batch,
    storage_capacity: qty(num(b.storageCapacity)),
    order_trigger: b.orderTrigger,
  };
  const maxBatch = policy.max_batch ?? null;
  if (maxBatch !== null && maxBatch < (policy.min_batch ?? 0))
    throw new DomainError('planning.invalid_settings', {
      detail: 'The maximum batch would be below the minimum batch.',
      errors: [{ field: 'settings.max_batch', message: 'must not be below min_batch' }],
    });
  return policy;
};

/** What the answer says of each policy replayed, so a reader sees what was compared. */
const policyView = (policy: SimulationPolicy, profile: Profile) => ({
  profile_id: profile.id,
  profile_name: profile.name,
  lead_time_factor: Number(profile.leadTimeFactor),
  variability_factor: Number(profile.variabilityFactor),
  adu_horizon_days: policy.adu_horizon_days,
  dlt_days: policy.dlt,
  order_cycle_days: policy.order_cycle_days ?? 0,
  minimum_order_qty: policy.minimum_order_qty ?? 0,
  qty_multiple: policy.qty_multiple ?? 1,
  min_batch: policy.min_batch ?? 0,
  max_batch: policy.max_batch ?? null,
});

/**
 * Replays a buffer's consumption over the last `days` complete days (through yesterday)
 * against its own policy and, when one is proposed, against another profile or settings.
 * It reads only: nothing is stored and the buffer is left as it was.
 */
export const createSimulateService = (p: Platform) => ({
  simulate: async (ctx: RequestContext, bufferId: string, req: SimulateRequest) => {
    const read = await p.uow.forTenant(ctx.tenantId, async (tx) => {
      const [row] = await tx
        .select({ b: buffers, profile: bufferProfiles })
        .from(buffers)
        .innerJoin(bufferProfiles, eq(bufferProfiles.id, buffers.profileId))
        .where(and(eq(buffers.tenantId, ctx.tenantId), eq(buffers.id, bufferId)));
      if (!row) throw new DomainError('planning.buffer_not_found');
      const { b } = row;
      const tried = req.profile_id ? await findProfile(tx, ctx.tenantId, req.profile_id) : null;
      const settings = req.settings ?? {};
      const proposing = tried !== null || Object.values(settings).some((v) => v !== undefined);
      const current = policyOf(b, row.profile);
      const proposed = proposing ? policyOf(b, tried ?? row.profile, settings) : null;

      const to = addDays(await tenantCalendar.today(tx, ctx.tenantId), -1);
      const from = addDays(to, 1 - req.days);
      // History before the first day for the longest ADU horizon; a product whose ledger starts
      // later averages only the days since its first movement, not days before it existed.
      const warmUp = Math.max(current.adu_horizon_days, proposed?.adu_horizon_days ?? 0);
      const earliest = addDays(from, -warmUp);
      const before = await inventoryFacade.closingBalancesByDay(
        tx,
        ctx.tenantId,
        [b.productId],
        addDays(from, -1),
      );
      const began = before.reduce((min, r) => Math.min(min, dayNumber(r.date)), dayNumber(from));
      const historyFrom = isoDay(Math.max(began, dayNumber(earliest)));
      // The replay reads demand as ADU does: without the movements planners excluded.
      const excluded = await tx
        .select({ id: aduExclusions.movementId })
        .from(aduExclusions)
        .where(and(eq(aduExclusions.tenantId, ctx.tenantId), eq(aduExclusions.productId, b.productId)));
      const history = await inventoryFacade.consumptionByDay(
        tx,
        ctx.tenantId,
        b.productId,
        b.locationId,
        historyFrom,
        to,
        excluded.map((x) => x.id),
      );
      return { b, profile: row.profile, tried, current, proposed, from, to, history, historyFrom };
    });
    // The replay runs after the transaction has ended: it holds no connection while it computes.
    const replay = async (policy: SimulationPolicy, profile: Profile) => ({
      policy: policyView(policy, profile),
      ...(await replayed({
        from: read.from,
        to: read.to,
        history: read.history,
        history_from: read.historyFrom,
        initial_on_hand: req.initial_on_hand ?? null,
        policy,
      })),
    });
    return {
      buffer_id: read.b.id,
      from: read.from,
      to: read.to,
      current: await replay(read.current, read.profile),
      proposed: read.proposed ? await replay(read.proposed, read.tried ?? read.profile) : null,
    };
  },
});

export type SimulateService = ReturnType<typeof createSimulateService>;
