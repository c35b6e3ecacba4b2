import { stockouts } from '../tools/analytics.ts';
import { query } from '../tools/api.ts';
import type { ApiCall } from '../tools/api.ts';
import type { BufferRow } from '../tools/buffers.ts';
import { type Ctx, context, num, ToolStop } from '../tools/context.ts';
import { runTool } from '../tools/index.ts';
import { listSuggestions } from '../tools/suggestions.ts';
import { isLate, type OrderRow, openOrders } from '../tools/supply.ts';
import type { Lang } from '../tools/types.ts';

export type ReportItem = { sku: string; location: string; zone: string; reason: string };
export type Report = { title: string; body: string; items: ReportItem[]; urgent: number };

/** Items the report names one by one; the rest are counted. */
const TOP = 10;

type Alert = {
  kind: string;
  buffer_id: string | null;
  product_id: string;
  location_code: string;
  details: Record<string, unknown>;
};

/** A source the report can do without: when it is denied or fails, the causes it would give are left out. */
const optional = async <T>(read: () => Promise<T>, none: T): Promise<T> => {
  try {
    return await read();
  } catch (err) {
    if (err instanceof ToolStop) return none;
    throw err;
  }
};

const spikes = (c: Ctx) =>
  optional(
    async () =>
      (
        await c.get<{ data: Alert[] }>(`/api/v1/alerts${query({ kind: 'spike_horizon', limit: 100 })}`, {
          es: 'consultar las alertas',
          en: 'read alerts',
        })
      ).data,
    [] as Alert[],
  );

/**
 * The daily analysis without a model: the most urgent buffers (red by penetration, then
 * yellow), their likely causes (a late supply order, a demand spike, a stockout projected
 * within the lead time) and what to do (approve the open suggestion, expedite the order).
 */
export const buildReport = async (api: ApiCall, lang: Lang): Promise<Report> => {
  const t = (es: string, en: string) => (lang === 'es' ? es : en);
  const c = context(api, lang);
  const listed = await runTool(api, 'buffers_in_zone', { zones: ['red', 'yellow'], limit: 50 }, lang);
  if (!listed.ok) {
    return {
      title: t('No pude preparar el análisis', 'I could not prepare the analysis'),
      body: listed.summary,
      items: [],
      urgent: 0,
    };
  }
  const { totals, buffers } = listed.data as { totals: Record<string, number>; buffers: BufferRow[] };
  const red = totals.red ?? 0;
  const yellow = totals.yellow ?? 0;
  if (buffers.length === 0) {
    return {
      title: t('Todo en orden', 'All in order'),
      body: t(
        'Ningún buffer está en rojo ni en amarillo: no hace falta pedir nada hoy. Buen trabajo.',
        'No buffer is in red or yellow: nothing needs ordering today. Well done.',
      ),
      items: [],
      urgent: 0,
    };
  }
  const [orders, spikeAlerts, projected, suggestions] = await Promise.all([
    optional(() => openOrders(c, {}), [] as OrderRow[]),
    spikes(c),
    optional(() => stockouts(c, { max: 500 }), []),
    optional(() => listSuggestions(c, {}), []),
  ]);
  const late = orders.filter(isLate);
  const items = buffers.slice(0, TOP).map((b): ReportItem => {
    const causes: string[] = [];
    const actions: string[] = [];
    const lateOne =
      late.find(
        (o) => o.store_id === b.location_code && o.lines.some((l) => l.product_id === b.product_id),
      ) ?? late.find((o) => o.lines.some((l) => l.product_id === b.product_id));
    if (lateOne) {
      const who = lateOne.supplier_name ?? lateOne.number;
      causes.push(
        t(
          `proveedor con retraso ${who} (${lateOne.number}, vencía el ${lateOne.due_date.slice(0, 10)})`,
          `late supplier ${who} (${lateOne.number}, due ${lateOne.due_date.slice(0, 10)})`,
        ),
      );
      actions.push(t(`acelerar ${lateOne.number} con ${who}`, `expedite ${lateOne.number} with ${who}`));
    }
    if (
      spikeAlerts.some(
        (a) => a.buffer_id === b.id || (a.product_id === b.product_id && a.location_code === b.location_code),
      )
    ) {
      causes.push(t('pico de demanda', 'demand spike'));
    }
    const out = projected.find((p) => p.product_id === b.product_id && p.location_code === b.location_code);
    if (
      out?.stockout_date &&
      out.days_to_stockout !== null &&
      b.dlt !== null &&
      out.days_to_stockout <= b.dlt
    ) {
      causes.push(
        t(
          `se agota el ${out.stockout_date}, dentro del plazo de reposición de ${num(b.dlt)} días`,
          `runs out on ${out.stockout_date}, within its ${num(b.dlt)}-day lead time`,
        ),
      );
    }
    const suggestion = suggestions.find((s) => s.buffer_id === b.id);
    if (suggestion)
      actions.push(
        t(
          `aprobar la sugerencia de pedir ${num(suggestion.quantity)}`,
          `approve the suggestion to order ${num(suggestion.quantity)}`,
        ),
      );
    else if (b.recommended_qty)
      actions.push(t(`pedir ${num(b.recommended_qty)}`, `order ${num(b.recommended_qty)}`));
    const zone = b.planning_priority ?? 'unknown';
    const head = t(
      `${b.sku} en ${b.location_code}: ${zone === 'red' ? 'rojo' : 'amarillo'}, flujo neto al ${num(b.net_flow_percent)} % del tope del verde (en mano ${num(b.on_hand)}, pedido ${num(b.on_order)})`,
      `${b.sku} at ${b.location_code}: ${zone}, net flow at ${num(b.net_flow_percent)} % of top of green (on hand ${num(b.on_hand)}, on order ${num(b.on_order)})`,
    );
    const why = causes.length
      ? t(`. Causa probable: ${causes.join('; ')}`, `. Likely cause: ${causes.join('; ')}`)
      : '';
    const what = actions.length
      ? t(`. Acción: ${actions.join(' y ')}`, `. Action: ${actions.join(' and ')}`)
      : '';
    return { sku: b.sku, location: b.location_code, zone, reason: `${head}${why}${what}.` };
  });
  const more = red + yellow - items.length;
  const intro = t(
    `Hay ${red} buffers en rojo y ${yellow} en amarillo. Lo más urgente:`,
    `There are ${red} buffers in red and ${yellow} in yellow. Most urgent:`,
  );
  const tail =
    more > 0 ? [t(`Y ${more} más en el tablero de buffers.`, `And ${more} more on the buffer board.`)] : [];
  return {
    title: t(
      `Análisis diario: ${red} en rojo, ${yellow} en amarillo`,
      `Daily analysis: ${red} in red, ${yellow} in yellow`,
    ),
    body: [intro, ...items.map((i) => `• ${i.reason}`), ...tail].join('\n'),
    items,
    urgent: red,
  };
};
