/**
 * Questions the query box answers without a model (seed 004's examples): each a fixed,
 * reviewed statement over the ai_* views. `match` holds word sets; a question matches when it
 * contains every word of one set (accents and case ignored).
 */
export type QueryExample = {
  id: string;
  question: { es: string; en: string };
  explanation: { es: string; en: string };
  sql: string;
  match: readonly (readonly string[])[];
};

export const QUERY_EXAMPLES: readonly QueryExample[] = [
  {
    id: 'red_buffers',
    question: { es: '¿Qué productos están en rojo?', en: 'Which products are in the red zone?' },
    explanation: {
      es: 'Buffers en zona roja, los más penetrados primero.',
      en: 'Buffers in the red zone, most penetrated first.',
    },
    sql: `select sku, product_name, location_code, net_flow, top_of_red, net_flow_percent
from ai_buffers
where zone = 'red'
order by net_flow_percent, sku`,
    match: [['rojo'], ['red']],
  },
  {
    id: 'low_stock',
    question: { es: 'Productos con stock bajo', en: 'Products with low stock' },
    explanation: {
      es: 'Existencias por debajo de su mínimo.',
      en: 'Stock below its minimum level.',
    },
    sql: `select sku, product_name, location_code, on_hand, min_qty, available
from ai_inventory
where min_qty is not null and on_hand < min_qty
order by on_hand - min_qty, sku`,
    match: [
      ['stock', 'bajo'],
      ['low', 'stock'],
      ['existencias', 'bajas'],
    ],
  },
  {
    id: 'top_sold_30d',
    question: {
      es: 'Los 10 productos más vendidos en los últimos 30 días',
      en: 'Top 10 products sold in the last 30 days',
    },
    explanation: {
      es: 'Unidades enviadas por producto en los últimos 30 días.',
      en: 'Units shipped per product over the last 30 days.',
    },
    sql: `select sku, -sum(quantity) as units_shipped
from ai_movements_daily
where kind = 'shipment' and day >= current_date - 30
group by sku
order by units_shipped desc, sku
limit 10`,
    match: [
      ['mas', 'vendidos'],
      ['top', 'sold'],
      ['best', 'selling'],
      ['best', 'sellers'],
    ],
  },
  {
    id: 'stock_by_location',
    question: { es: 'Inventario por ubicación', en: 'Stock by location' },
    explanation: {
      es: 'Unidades en existencia y reservadas por ubicación.',
      en: 'Units on hand and reserved per location.',
    },
    sql: `select location_code, count(*) as items, sum(on_hand) as on_hand, sum(reserved) as reserved
from ai_inventory
group by location_code
order by location_code`,
    match: [
      ['inventario', 'ubicacion'],
      ['stock', 'location'],
      ['inventory', 'location'],
    ],
  },
  {
    id: 'open_suggestions',
    question: { es: 'Sugerencias de reabastecimiento abiertas', en: 'Open replenishment suggestions' },
    explanation: {
      es: 'Sugerencias abiertas, las más urgentes primero.',
      en: 'Open suggestions, most urgent first.',
    },
    sql: `select sku, product_name, location_code, quantity, zone, net_flow_percent
from ai_suggestions
where status = 'OPEN'
order by net_flow_percent, sku`,
    match: [['sugerencias'], ['suggestions']],
  },
  {
    id: 'overdue_purchases',
    question: { es: 'Órdenes de compra vencidas', en: 'Overdue purchase orders' },
    explanation: {
      es: 'Líneas de compra abiertas cuya fecha de entrega ya pasó.',
      en: 'Open purchase lines whose due date has passed.',
    },
    sql: `select number, supplier, sku, location_code, quantity - received_quantity as pending, due_date
from ai_supply_lines
where kind = 'purchase'
  and status in ('OPEN', 'IN_PROGRESS', 'IN_TRANSIT', 'PARTIALLY_RECEIVED', 'DELAYED')
  and due_date < to_char(current_date, 'YYYY-MM-DD')
order by due_date, number`,
    match: [
      ['compra', 'vencidas'],
      ['compras', 'atrasadas'],
      ['overdue', 'purchase'],
      ['late', 'purchase'],
    ],
  },
  {
    id: 'forecast_4_weeks',
    question: {
      es: 'Pronóstico de demanda de las próximas 4 semanas',
      en: 'Demand forecast for the next 4 weeks',
    },
    explanation: {
      es: 'Demanda pronosticada por producto y ubicación para las próximas cuatro semanas.',
      en: 'Forecast demand per product and location over the next four weeks.',
    },
    sql: `select sku, location_code, round(sum(mean)::numeric, 1) as forecast_units
from ai_forecasts
where week_start >= current_date - 6 and week_start < current_date + 28
group by sku, location_code
order by forecast_units desc, sku
limit 50`,
    match: [['pronostico'], ['forecast']],
  },
  {
    id: 'value_by_category',
    question: { es: 'Valor del inventario por categoría', en: 'Inventory value by category' },
    explanation: {
      es: 'Existencias valoradas al costo, por categoría.',
      en: 'Stock on hand valued at cost, per category.',
    },
    sql: `select i.category, sum(i.on_hand * coalesce(p.cost, 0)) as value_at_cost
from ai_inventory i
join ai_products p on p.sku = i.sku
group by i.category
order by value_at_cost desc`,
    match: [
      ['valor', 'inventario'],
      ['inventory', 'value'],
      ['stock', 'value'],
    ],
  },
];

export const normalise = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ');

/** The example a question asks for, if any: first by its exact wording, then by its words. */
export const matchExample = (question: string): QueryExample | undefined => {
  const q = normalise(question).trim().replace(/\s+/g, ' ');
  const exact = QUERY_EXAMPLES.find(
    (e) =>
      normalise(e.question.es).trim().replace(/\s+/g, ' ') === q ||
      normalise(e.question.en).trim().replace(/\s+/g, ' ') === q,
  );
  if (exact) return exact;
  const words = new Set(q.split(' '));
  return QUERY_EXAMPLES.find((e) => e.match.some((set) => set.every((w) => words.has(w))));
};
