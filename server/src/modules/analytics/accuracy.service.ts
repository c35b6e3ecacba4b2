import { sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { PageQuery } from '../../platform/http/pagination.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import { tenantCalendar } from '../identity/index.ts';
import { type AccuracyRow, accuracyRows } from './accuracy.facts.ts';
import { type Accuracy, accuracyBy, accuracyOf, addMonths, monthsBetween } from './domain/accuracy.ts';
import { locationsOf, productsOf } from './scope.ts';

export const ACCURACY_GROUPS = ['method', 'class', 'month', 'item'] as const;
export type AccuracyGroup = (typeof ACCURACY_GROUPS)[number];
/** Two years of months at most: the window and its scale history stay one bounded read. */
export const MAX_ACCURACY_MONTHS = 24;
export const DEFAULT_ACCURACY_MONTHS = 6;

export type AccuracyQuery = PageQuery & {
  from?: string | undefined;
  to?: string | undefined;
  location?: string | undefined;
  category?: string | undefined;
  group_by: AccuracyGroup;
};

const bad = (field: string, message: string) =>
  new DomainError('platform.validation', { detail: `${field}: ${message}`, errors: [{ field, message }] });

/** The complete months a request asks for (first days): by default the last six before this one. */
export const accuracyWindow = (q: { from?: string | undefined; to?: string | undefined }, today: string) => {
  const current = `${today.slice(0, 7)}-01`;
  const to = q.to ? `${q.to}-01` : addMonths(current, -1);
  const from = q.from ? `${q.from}-01` : addMonths(to, 1 - DEFAULT_ACCURACY_MONTHS);
  if (to >= current) throw bad('query.to', `must be a complete month, before ${current.slice(0, 7)}`);
  if (from > to) throw bad('query.from', 'must not be after to');
  if (monthsBetween(from, to).length > MAX_ACCURACY_MONTHS)
    throw bad('query.from', `the range may span at most ${MAX_ACCURACY_MONTHS} months`);
  return { from, to };
};

const keyOf: Record<AccuracyGroup, (r: AccuracyRow) => string> = {
  method: (r) => r.method,
  class: (r) => r.demandClass,
  month: (r) => r.month.slice(0, 7),
  item: (r) => r.item,
};

type Group = Accuracy & { key: string };
/** Worst first for items (largest absolute error), by key for the rest. */
const order: Record<AccuracyGroup, (a: Group, b: Group) => number> = {
  method: (a, b) => a.key.localeCompare(b.key),
  class: (a, b) => a.key.localeCompare(b.key),
  month: (a, b) => a.key.localeCompare(b.key),
  item: (a, b) => (b.mae ?? 0) * b.item_months - (a.mae ?? 0) * a.item_months || a.key.localeCompare(b.key),
};

/** Forecast accuracy after the fact, overall, by month and by the group asked for. */
export const createAccuracyService = (p: Platform) => ({
  accuracy: (ctx: RequestContext, q: AccuracyQuery) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const t = ctx.tenantId;
      const { from, to } = accuracyWindow(q, await tenantCalendar.today(tx, t));
      const location = await locationsOf(tx, ctx, q.location);
      const products = await productsOf(tx, t, q.category);
      const rows = await accuracyRows(tx, t, from, to, {
        locationIds: location.ids,
        productIds: products.ids,
      });
      const groups = accuracyBy(rows, keyOf[q.group_by]).sort(order[q.group_by]);
      const page = groups.slice((q.page - 1) * q.limit, q.page * q.limit);
      const { rows: locations } = await tx.execute<{ id: string; code: string }>(
        sql`select id, code from catalog_locations where tenant_id = ${t}`,
      );
      const codeOf = new Map(locations.map((l) => [l.id, l.code]));
      const itemOf = (key: string) => {
        if (q.group_by !== 'item') return { sku: null, name: null, location_code: null };
        const [productId = '', locationId = ''] = key.split('|');
        const facts = products.facts.get(productId);
        return {
          sku: facts?.sku ?? null,
          name: facts?.name ?? null,
          location_code: codeOf.get(locationId) ?? null,
        };
      };
      const byMonth = new Map(accuracyBy(rows, keyOf.month).map((g) => [g.key, g]));
      return {
        ...pageOf(
          page.map((g) => ({ ...g, ...itemOf(g.key) })),
          groups.length,
          q,
        ),
        from: from.slice(0, 7),
        to: to.slice(0, 7),
        location: location.code,
        category: q.category ?? null,
        group_by: q.group_by,
        overall: accuracyOf(rows),
        series: monthsBetween(from, to).map((m) => {
          const { key: _, ...g } = byMonth.get(m.slice(0, 7)) ?? { key: '', ...accuracyOf([]) };
          return { month: m.slice(0, 7), ...g };
        }),
      };
    }),
});

export type AccuracyService = ReturnType<typeof createAccuracyService>;
