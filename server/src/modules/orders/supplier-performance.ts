import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays } from '../../platform/dates.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import { catalogSuppliers as suppliers } from '../catalog/index.ts';
import { tenantCalendar } from '../identity/index.ts';
import { trim } from './supply.repo.ts';

const Fact = z.object({
  order_id: z.uuid(),
  order_number: z.string(),
  receipt_id: z.uuid(),
  product_id: z.uuid(),
  sku: z.string(),
  promised_date: z.string(),
  received_date: z.string(),
  days_late: z.number().int().describe('positive when late, negative when early'),
  ordered_quantity: z.string(),
  received_quantity: z.string(),
});
const Out = z.object({
  supplier_id: z.uuid(),
  supplier_name: z.string(),
  from: z.string(),
  to: z.string(),
  receipts: z.number().int(),
  on_time_receipts: z.number().int(),
  on_time_rate: z.number().nullable().describe('share of receipts on or before the promised date (0–1)'),
  average_days_late: z.number().nullable().describe('mean lateness over all receipts, early ones counting 0'),
  fill_rate: z
    .number()
    .nullable()
    .describe('received ÷ ordered over finished lines (0–1; over-deliveries count as full)'),
  facts: z.array(Fact).describe('the last 20 receipts, newest first'),
});
const Query = z.object({
  from: z.iso.date().optional().describe('default: 365 days before `to`'),
  to: z.iso.date().optional().describe("default: today in the organisation's time zone"),
});

const round = (v: number) => Math.round(v * 10_000) / 10_000;

/** Seed 000's supplier performance, from the facts every purchase receipt writes. */
export const supplierPerformanceOf =
  (p: Platform) => (ctx: RequestContext, id: string, q: z.infer<typeof Query>) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const [supplier] = await tx
        .select({ id: suppliers.id, name: suppliers.name })
        .from(suppliers)
        .where(and(eq(suppliers.tenantId, ctx.tenantId), eq(suppliers.id, id)));
      if (!supplier) throw new DomainError('catalog.supplier_not_found');
      const to = q.to ?? (await tenantCalendar.today(tx, ctx.tenantId));
      const from = q.from ?? addDays(to, -365);
      if (from > to)
        throw new DomainError('platform.validation', {
          detail: 'query.from: must not be after query.to',
          errors: [{ field: 'query.from', message: 'must not be after query.to' }],
        });
      // A Seller measures the supplier on their own stores' receipts, not on other stores' orders.
      const scope =
        ctx.storeIds === null
          ? sql``
          : sql`and sp.order_id in (select so.id from supply_orders so where so.location_id = any(${sql.param(ctx.storeIds)}::uuid[]))`;
      const window = sql`sp.tenant_id = ${ctx.tenantId} and sp.supplier_id = ${id}
      and sp.received_date >= ${from} and sp.received_date <= ${to} ${scope}`;
      const { rows: totals } = await tx.execute<{
        receipts: number;
        on_time: number;
        late: string | null;
      }>(sql`
      select count(*)::int as receipts, (count(*) filter (where sp.days_late <= 0))::int as on_time,
        avg(greatest(sp.days_late, 0))::text as late
      from supplier_performance sp where ${window}`);
      // A line is finished when its order is closed or all of it came; its ordered quantity is
      // the fact's (a short-closed line's own quantity was cut to what arrived).
      const { rows: fill } = await tx.execute<{ received: string | null; ordered: string | null }>(sql`
      select sum(least(f.received, f.ordered))::text as received, sum(f.ordered)::text as ordered
      from (
        select r.line_id, max(sp.ordered_quantity) as ordered, sum(sp.received_quantity) as received
        from supplier_performance sp
        join supply_receipts r on r.id = sp.receipt_id
        join supply_order_lines l on l.id = r.line_id
        join supply_orders o on o.id = sp.order_id
        where ${window} and (o.status in ('RECEIVED', 'CANCELLED') or l.received_quantity >= l.quantity)
        group by r.line_id) f`);
      const { rows: facts } = await tx.execute<{
        order_id: string;
        order_number: string;
        receipt_id: string;
        product_id: string;
        sku: string;
        promised_date: string;
        received_date: string;
        days_late: number;
        ordered_quantity: string;
        received_quantity: string;
      }>(sql`
      select sp.order_id, o.number as order_number, sp.receipt_id, sp.product_id, p.sku,
        sp.promised_date, sp.received_date, sp.days_late,
        sp.ordered_quantity::text as ordered_quantity, sp.received_quantity::text as received_quantity
      from supplier_performance sp
      join supply_orders o on o.id = sp.order_id
      join catalog_products p on p.id = sp.product_id
      where ${window}
      order by sp.received_date desc, sp.created_at desc, sp.id desc
      limit 20`);
      const t = totals[0] ?? { receipts: 0, on_time: 0, late: null };
      const ordered = Number(fill[0]?.ordered ?? 0);
      return {
        supplier_id: supplier.id,
        supplier_name: supplier.name,
        from,
        to,
        receipts: t.receipts,
        on_time_receipts: t.on_time,
        on_time_rate: t.receipts ? round(t.on_time / t.receipts) : null,
        average_days_late: t.late === null ? null : round(Number(t.late)),
        fill_rate: ordered > 0 ? round(Number(fill[0]?.received ?? 0) / ordered) : null,
        facts: facts.map((f) => ({
          ...f,
          ordered_quantity: trim(f.ordered_quantity),
          received_quantity: trim(f.received_quantity),
        })),
      };
    });

export const supplierPerformanceRoutes = (app: App, p: Platform) => {
  const of = supplierPerformanceOf(p);
  app.get(
    '/api/v1/suppliers/:id/performance',
    {
      config: { permission: 'order:read' },
      schema: {
        tags: ['orders'],
        summary:
          'On-time rate, lateness and fill rate of a supplier over a window (default the last 365 days)',
        params: z.object({ id: z.uuid() }),
        querystring: Query,
        response: { 200: Out },
      },
    },
    async (req) => of(req.ctx, req.params.id, req.query),
  );
};
