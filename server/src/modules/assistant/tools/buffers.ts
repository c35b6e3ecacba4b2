import { z } from 'zod';
import { query } from './api.ts';
import { type Ctx, defineTool, listOf, num } from './context.ts';
import { findLocation, findProduct } from './resolve.ts';
import type { Card, Lang } from './types.ts';

/** A buffer as GET /api/v1/buffers and /buffers/{id} return it (the fields the tools read). */
export type BufferRow = {
  id: string;
  product_id: string;
  sku: string;
  product_name: string;
  location_code: string;
  location_name: string;
  profile: { name: string; replenish_method: string; lead_time_factor: number; variability_factor: number };
  settings: {
    adu_method: string;
    adu_fixed: number | null;
    adu_horizon_days: number;
    adu_future_horizon_days: number | null;
    adu_past_weight: number;
    dlt_days: number | null;
    extra_lead_time_days: number;
    order_cycle_days: number;
    min_batch: number;
    qty_multiple: number;
    red_override: number | null;
    yellow_override: number | null;
    green_override: number | null;
  };
  adu: number | null;
  dlt: number | null;
  zones: { red: number | null; yellow: number | null; green: number | null } & Record<
    'top_of_red' | 'top_of_yellow' | 'top_of_green',
    number | null
  >;
  on_hand: number | null;
  on_order: number | null;
  qualified_demand: number | null;
  net_flow_position: number | null;
  net_flow_percent: number | null;
  planning_priority: 'red' | 'yellow' | 'green' | null;
  recommended_qty: number | null;
  propagated_adu: number | null;
  applied_factors: {
    demand: number;
    lead_time: number;
    zones: { red: number; yellow: number; green: number };
  } | null;
};
type Page<T> = { data: T[]; pagination: { total: number; total_pages: number } };

const READ = { es: 'consultar los buffers', en: 'read buffers' };
const ZONE_WORD: Record<string, { es: string; en: string }> = {
  red: { es: 'rojo', en: 'red' },
  yellow: { es: 'amarillo', en: 'yellow' },
  green: { es: 'verde', en: 'green' },
  over: { es: 'sobre el verde', en: 'over green' },
};
export const zoneWord = (zone: string | null, lang: Lang) => (zone ? (ZONE_WORD[zone]?.[lang] ?? zone) : '—');

/** Net flow above the top of green is "over"; otherwise the zone the engine gave. */
const zoneOf = (b: BufferRow) =>
  b.net_flow_position !== null && b.zones.top_of_green !== null && b.net_flow_position > b.zones.top_of_green
    ? 'over'
    : (b.planning_priority ?? 'unknown');

export const bufferCard = (b: BufferRow): Card => ({
  type: 'buffer',
  buffer_id: b.id,
  sku: b.sku,
  name: b.product_name,
  location: b.location_code,
  zone: zoneOf(b),
  net_flow: Number(b.net_flow_position ?? 0),
  on_hand: Number(b.on_hand ?? 0),
  tor: Number(b.zones.top_of_red ?? 0),
  toy: Number(b.zones.top_of_yellow ?? 0),
  tog: Number(b.zones.top_of_green ?? 0),
  adu: b.adu,
  dlt_days: b.dlt,
  priority_pct: b.net_flow_percent,
});

/** One buffer in a line: "TOR-M6-40 en MAD-001: rojo, flujo neto 12 (9 % del TOG 130)". */
const line = (b: BufferRow, lang: Lang) =>
  lang === 'es'
    ? `${b.sku} en ${b.location_code}: ${zoneWord(zoneOf(b), lang)}, flujo neto ${num(b.net_flow_position)} (${num(b.net_flow_percent)} % del TOG ${num(b.zones.top_of_green)}), en mano ${num(b.on_hand)}, pedido ${num(b.on_order)}, a pedir ${num(b.recommended_qty)}`
    : `${b.sku} at ${b.location_code}: ${zoneWord(zoneOf(b), lang)}, net flow ${num(b.net_flow_position)} (${num(b.net_flow_percent)} % of TOG ${num(b.zones.top_of_green)}), on hand ${num(b.on_hand)}, on order ${num(b.on_order)}, to order ${num(b.recommended_qty)}`;

/** The buffers of one product (at one location when given). */
export const buffersOf = async (c: Ctx, sku: string, location?: string) => {
  const product = await findProduct(c, sku);
  const loc = location ? await findLocation(c, location) : null;
  const page = await c.get<Page<BufferRow>>(
    `/api/v1/buffers${query({ product_id: product.id, location: loc?.code, limit: 100 })}`,
    READ,
  );
  if (page.data.length === 0) {
    const where = loc ? c.t(` en ${loc.code}`, ` at ${loc.code}`) : '';
    c.stop('not_found', `${product.sku} no tiene buffer${where}.`, `${product.sku} has no buffer${where}.`);
  }
  return { product, rows: page.data };
};

export const bufferStatus = defineTool({
  name: 'buffer_status',
  description:
    "A product's buffers (one per location, or the one at `location`): zone, net flow, on hand, on order, zones and what to order.",
  parameters: z.object({
    sku: z.string().min(1).max(64).describe('the product SKU, e.g. TOR-M6-40'),
    location: z.string().min(1).max(64).optional().describe('a location code, e.g. MAD-001'),
  }),
  run: async (c, a) => {
    const { rows } = await buffersOf(c, a.sku, a.location);
    return {
      ok: true,
      data: rows,
      cards: rows.map(bufferCard),
      summary: rows.map((b) => line(b, c.lang)).join('. '),
    };
  },
});

/** The board's page size (web/src/features/planning/buffer-board.tsx): same pages, same order. */
const BOARD_LIMIT = 25;
const SEVERITY = ['red', 'yellow'] as const;

export const buffersInZone = defineTool({
  name: 'buffers_in_zone',
  description:
    "Buffers whose net flow is in the red or yellow zone, in the buffer board's order (red first, most penetrated first): what needs an order now.",
  parameters: z.object({
    zones: z.array(z.enum(SEVERITY)).min(1).max(2).describe('red, yellow or both'),
    location: z.string().min(1).max(64).optional().describe('a location code, e.g. MAD-001'),
    limit: z.number().int().min(1).max(50).default(20).describe('at most this many buffers (≤ 50)'),
  }),
  run: async (c, a) => {
    const rows: BufferRow[] = [];
    const totals: Record<string, number> = {};
    // As the board asks: one zone per query (RED, YELLOW), red before yellow, its page size.
    for (const zone of SEVERITY.filter((z) => a.zones.includes(z))) {
      for (let page = 1; ; page++) {
        const r = await c.get<Page<BufferRow>>(
          `/api/v1/buffers${query({ page, limit: BOARD_LIMIT, zone: zone.toUpperCase(), location: a.location?.toUpperCase() })}`,
          READ,
        );
        totals[zone] = r.pagination.total;
        rows.push(...r.data.slice(0, a.limit - rows.length));
        if (rows.length >= a.limit || page >= r.pagination.total_pages) break;
      }
      if (rows.length >= a.limit) break;
    }
    const counts = SEVERITY.filter((z) => a.zones.includes(z))
      .map((z) => `${totals[z] ?? 0} ${c.t('en', 'in')} ${zoneWord(z, c.lang)}`)
      .join(c.t(' y ', ' and '));
    const where = a.location ? c.t(` en ${a.location.toUpperCase()}`, ` at ${a.location.toUpperCase()}`) : '';
    const items = rows.map(
      (b) => `${b.sku} ${c.t('en', 'at')} ${b.location_code} (${num(b.net_flow_percent)} %)`,
    );
    const summary = rows.length
      ? c.t(`Buffers${where}: ${counts}. `, `Buffers${where}: ${counts}. `) + listOf(items, c.lang, 12)
      : c.t(
          `Ningún buffer${where} está en ${a.zones.map((z) => zoneWord(z, 'es')).join(' ni ')}.`,
          `No buffer${where} is in ${a.zones.map((z) => zoneWord(z, 'en')).join(' or ')}.`,
        );
    return { ok: true, data: { totals, buffers: rows }, cards: rows.map(bufferCard), summary };
  },
});
