import { and, asc, between, eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantCalendar } from '../identity/index.ts';
import { addDays, dayNumber } from './domain/dates.ts';
import { integrityMetrics } from './domain/integrity.ts';
import { LIMITS } from './domain/limits.ts';
import { signalIntegrity } from './domain/signal.ts';
import { bufferHistory, buffers, replenishmentSuggestions } from './schema.ts';

const num = (v: string | null) => (v === null ? null : Number(v));

/** Two years and a leap day: enough for a year-on-year look, small enough for one response. */
const MAX_DAYS = LIMITS.historyDays;
export const DEFAULT_DAYS = 90;

const badFrom = (message: string) =>
  new DomainError('platform.validation', {
    detail: `query.from: ${message}`,
    errors: [{ field: 'query.from', message }],
  });

/** The days a request asks for: through the tenant's `today` and the 90 days before, unless it names them. */
export const historyRange = (q: { from?: string | undefined; to?: string | undefined }, today: string) => {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, 1 - DEFAULT_DAYS);
  if (from > to) throw badFrom('must not be after to');
  if (dayNumber(to) - dayNumber(from) >= MAX_DAYS)
    throw badFrom(`the range may span at most ${MAX_DAYS} days`);
  return { from, to };
};

/** A buffer's daily snapshots between two days (inclusive) and its integrity over them. */
export const createHistoryService = (p: Platform) => ({
  history: (
    ctx: RequestContext,
    bufferId: string,
    range: { from?: string | undefined; to?: string | undefined },
  ) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const { from, to } = historyRange(range, await tenantCalendar.today(tx, ctx.tenantId));
      const [owned] = await tx
        .select({ id: buffers.id })
        .from(buffers)
        .where(and(eq(buffers.tenantId, ctx.tenantId), eq(buffers.id, bufferId)));
      if (!owned) throw new DomainError('planning.buffer_not_found');
      const rows = await tx
        .select()
        .from(bufferHistory)
        .where(
          and(
            eq(bufferHistory.tenantId, ctx.tenantId),
            eq(bufferHistory.bufferId, bufferId),
            between(bufferHistory.date, from, to),
          ),
        )
        .orderBy(asc(bufferHistory.date));
      const data = rows.map((r) => ({
        date: r.date,
        adu: num(r.adu),
        dlt: num(r.dlt),
        red: num(r.red),
        yellow: num(r.yellow),
        green: num(r.green),
        top_of_red: num(r.topOfRed),
        top_of_yellow: num(r.topOfYellow),
        top_of_green: num(r.topOfGreen),
        on_hand: num(r.onHand),
        on_order: num(r.onOrder),
        qualified_demand: num(r.qualifiedDemand),
        net_flow_position: num(r.netFlow),
        net_flow_percent: num(r.netFlowPercent),
        planning_priority: r.planningPriority,
        on_hand_alert: r.onHandAlert,
      }));
      const metrics = integrityMetrics(data.map((d) => ({ ...d, net_flow: d.net_flow_position })));
      const suggestions = await tx
        .select()
        .from(replenishmentSuggestions)
        .where(
          and(
            eq(replenishmentSuggestions.tenantId, ctx.tenantId),
            eq(replenishmentSuggestions.bufferId, bufferId),
            sql`${replenishmentSuggestions.createdAt} >= ${from}::date`,
            sql`${replenishmentSuggestions.createdAt} < ${to}::date + 1`,
          ),
        );
      const signal = signalIntegrity(
        suggestions.map((s) => ({
          status: s.status,
          quantity: Number(s.quantity),
          suggested_quantity: num(s.suggestedQuantity),
          created_at: new Date(s.createdAt).toISOString(),
          closed_at: s.closedAt ? new Date(s.closedAt).toISOString() : null,
        })),
      );
      return { buffer_id: bufferId, from, to, data, metrics, signal };
    }),
});

export type HistoryService = ReturnType<typeof createHistoryService>;
