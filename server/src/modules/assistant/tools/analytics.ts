import { z } from 'zod';
import { query } from './api.ts';
import { type Ctx, defineTool, listOf, num } from './context.ts';
import { findLocation, findProduct, findSupplier } from './resolve.ts';
import type { Card } from './types.ts';

export type StockoutRow = {
  product_id: string;
  sku: string;
  name: string;
  location_code: string;
  on_hand: number;
  open_supply: number;
  daily_demand: number;
  stockout_date: string | null;
  days_to_stockout: number | null;
};
type Page<T> = { data: T[]; pagination: { total: number; total_pages: number } };

/** The projection has no product filter: an item's row is looked for in this many pages of 100. */
const MAX_PAGES = 10;

export const stockoutCard = (r: StockoutRow): Card => ({
  type: 'stockout',
  sku: r.sku,
  name: r.name,
  location: r.location_code,
  on_hand: Number(r.on_hand),
  daily_demand: Number(r.daily_demand),
  stockout_date: r.stockout_date,
  days_to_stockout: r.days_to_stockout,
});

/** Projected stockouts, soonest first, of one location and/or one product. */
export const stockouts = async (
  c: Ctx,
  f: { location?: string; productId?: string; horizon?: number; max?: number },
) => {
  const out: StockoutRow[] = [];
  const max = f.max ?? 50;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await c.get<Page<StockoutRow>>(
      `/api/v1/analytics/projections/stockouts${query({ location: f.location, horizon_days: f.horizon, page, limit: 100 })}`,
      { es: 'consultar la proyección de roturas', en: 'read the stockout projection' },
    );
    out.push(...r.data.filter((x) => !f.productId || x.product_id === f.productId));
    // Soonest first: without a product filter the first rows are the ones wanted.
    if (page >= r.pagination.total_pages || (!f.productId && out.length >= max)) break;
  }
  return out.slice(0, max);
};

export const projectedStockout = defineTool({
  name: 'projected_stockout',
  description:
    'When items are projected to run out (free on hand, open supply on its due day, daily demand from forecasts or ADU), soonest first; for one product and/or location.',
  parameters: z.object({
    sku: z.string().min(1).max(64).optional(),
    location: z.string().min(1).max(64).optional().describe('a location code, e.g. MAD-001'),
    horizon_days: z.number().int().min(1).max(180).optional().describe('days walked forward (default 90)'),
  }),
  run: async (c, a) => {
    const product = a.sku ? await findProduct(c, a.sku) : null;
    const loc = a.location ? await findLocation(c, a.location) : null;
    const rows = await stockouts(c, { location: loc?.code, productId: product?.id, horizon: a.horizon_days });
    const horizon = a.horizon_days ?? 90;
    const out = rows.filter((r) => r.stockout_date !== null);
    const what = [product?.sku, loc?.code].filter(Boolean).join(c.t(' en ', ' at '));
    const item = (r: StockoutRow) =>
      c.t(
        `${r.sku} en ${r.location_code}: se agota el ${r.stockout_date} (en ${r.days_to_stockout} días; en mano ${num(r.on_hand)}, pedido ${num(r.open_supply)}, demanda ${num(r.daily_demand)}/día)`,
        `${r.sku} at ${r.location_code}: runs out on ${r.stockout_date} (in ${r.days_to_stockout} days; on hand ${num(r.on_hand)}, on order ${num(r.open_supply)}, demand ${num(r.daily_demand)}/day)`,
      );
    let summary: string;
    if (product && rows.length === 0) {
      summary = c.t(
        `No hay proyección para ${what}: ni buffer ni consumo en los últimos 90 días.`,
        `There is no projection for ${what}: no buffer and no consumption in the last 90 days.`,
      );
    } else if (out.length === 0) {
      summary = c.t(
        `No se prevé ninguna rotura${what ? ` de ${what}` : ''} en ${horizon} días.`,
        `No stockout${what ? ` of ${what}` : ''} is projected within ${horizon} days.`,
      );
    } else summary = listOf(out.map(item), c.lang, 6);
    return { ok: true, data: rows, cards: out.slice(0, 20).map(stockoutCard), summary };
  },
});

type Performance = {
  supplier_name: string;
  from: string;
  to: string;
  receipts: number;
  on_time: { value: number | null; on_time_receipts: number; receipts: number };
  average_days_late: number | null;
  fill_rate: number | null;
  lead_time: {
    stated_days: number | null;
    mean_days: number | null;
    sd_days: number | null;
    samples: number;
  };
};
const pct = (v: number | null) => (v === null ? '—' : `${num(v * 100)} %`);

export const supplierPerformance = defineTool({
  name: 'supplier_performance',
  description:
    "A supplier's record over the last year: on-time share, fill rate, days late, and lead time (mean, spread) against its stated lead time.",
  parameters: z.object({ supplier: z.string().min(1).max(200).describe('the supplier name or part of it') }),
  run: async (c, a) => {
    const s = await findSupplier(c, a.supplier);
    const p = await c.get<Performance>(`/api/v1/analytics/suppliers/${s.id}/performance`, {
      es: 'consultar el desempeño de proveedores',
      en: 'read supplier performance',
    });
    const guess = s.guessed
      ? c.t(
          `(No hay un proveedor «${a.supplier}»; el más parecido es «${s.name}».) `,
          `(No supplier "${a.supplier}"; the closest is "${s.name}".) `,
        )
      : '';
    const lt = p.lead_time;
    const summary =
      guess +
      (p.receipts === 0
        ? c.t(
            `${p.supplier_name}: sin recepciones entre ${p.from} y ${p.to}; plazo declarado ${num(lt.stated_days)} días.`,
            `${p.supplier_name}: no receipts between ${p.from} and ${p.to}; stated lead time ${num(lt.stated_days)} days.`,
          )
        : c.t(
            `${p.supplier_name} (${p.from} a ${p.to}, ${p.receipts} ${p.receipts === 1 ? 'recepción' : 'recepciones'}): a tiempo ${pct(p.on_time.value)}, nivel de servicio ${pct(p.fill_rate)}, retraso medio ${num(p.average_days_late)} días; plazo real ${num(lt.mean_days)} días (desv. ${num(lt.sd_days)}) frente a ${num(lt.stated_days)} declarados.`,
            `${p.supplier_name} (${p.from} to ${p.to}, ${p.receipts} ${p.receipts === 1 ? 'receipt' : 'receipts'}): on time ${pct(p.on_time.value)}, fill rate ${pct(p.fill_rate)}, average ${num(p.average_days_late)} days late; actual lead time ${num(lt.mean_days)} days (sd ${num(lt.sd_days)}) against ${num(lt.stated_days)} stated.`,
          ));
    return { ok: true, data: p, cards: [], summary };
  },
});

type Forecast = {
  sku: string;
  product_name: string;
  location_code: string;
  period: string;
  method: string;
  class: string;
  backtest: { mase: number | null };
  forecast: { start: string; end: string; mean: number; lo80: number; hi80: number }[];
  history: { start: string; quantity: number }[];
};

export const demandForecast = defineTool({
  name: 'demand_forecast',
  description:
    "An item's demand forecast at a location: the next periods with their 80 % band, the method and demand class, and recent actual demand.",
  parameters: z.object({
    sku: z.string().min(1).max(64),
    location: z.string().min(1).max(64).describe('a location code, e.g. MAD-001'),
  }),
  run: async (c, a) => {
    const product = await findProduct(c, a.sku);
    const loc = await findLocation(c, a.location);
    const f = await c.find<Forecast>(
      `/api/v1/analytics/forecasts/${product.id}/${encodeURIComponent(loc.code)}`,
      {
        es: 'consultar los pronósticos',
        en: 'read forecasts',
      },
    );
    if (!f) {
      return c.stop(
        'not_found',
        `No hay pronóstico de ${product.sku} en ${loc.code} todavía.`,
        `There is no forecast of ${product.sku} at ${loc.code} yet.`,
      );
    }
    const next = f.forecast.slice(0, 4);
    const sum = next.reduce((t, x) => t + x.mean, 0);
    const last = f.history.slice(-4).reduce((t, x) => t + x.quantity, 0);
    const periods = next.map((x) => `${x.start}: ${num(x.mean)} (${num(x.lo80)}–${num(x.hi80)})`).join('; ');
    const summary = c.t(
      `Pronóstico de ${f.sku} en ${f.location_code} por ${f.period === 'week' ? 'semana' : f.period} (método ${f.method}, demanda ${f.class}): ${periods}. Próximos ${next.length} periodos ${num(sum)} frente a ${num(last)} en los últimos ${Math.min(4, f.history.length)}.`,
      `Forecast of ${f.sku} at ${f.location_code} per ${f.period} (method ${f.method}, ${f.class} demand): ${periods}. Next ${next.length} periods ${num(sum)} against ${num(last)} in the last ${Math.min(4, f.history.length)}.`,
    );
    return {
      ok: true,
      data: f,
      summary,
      cards: [
        {
          type: 'table',
          title: c.t(`Pronóstico ${f.sku} · ${f.location_code}`, `Forecast ${f.sku} · ${f.location_code}`),
          columns:
            c.lang === 'es'
              ? ['Desde', 'Hasta', 'Media', 'Mín. 80 %', 'Máx. 80 %']
              : ['From', 'To', 'Mean', 'Low 80 %', 'High 80 %'],
          rows: f.forecast
            .slice(0, 13)
            .map((x) => [
              x.start,
              x.end,
              Math.round(x.mean * 100) / 100,
              Math.round(x.lo80 * 100) / 100,
              Math.round(x.hi80 * 100) / 100,
            ]),
        },
      ],
    };
  },
});
