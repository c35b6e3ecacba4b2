// Incremental net flow: from a stock change through the API until the buffer's
// `planning.buffer.calculated` reaches a subscribed event stream (stock event → relay → the
// planning consumer recomputes that buffer → its event → relay → stream), against the plain
// round trip of the same POST and against the stock event itself, in embedded and production mode.
import { parseArgs } from 'node:util';
import { scaleLocationCode, seedScale } from '../server/src/scale-seed.ts';
import { subscribe } from './events.ts';
import {
  machine,
  percentile,
  productionReachable,
  round,
  servers,
  startApp,
  table,
  writeResult,
} from './setup.ts';

type Row = {
  mode: 'embedded' | 'production';
  updates: number;
  buffers: number;
  request_p50: number;
  request_p99: number;
  stock_event_p50: number;
  stock_event_p99: number;
  nfp_p50: number;
  nfp_p99: number;
  nfp_over_stock_event_p50: number;
};

const measure = async (mode: Row['mode'], updates: number, buffers: number): Promise<Row> => {
  const app = await startApp({ mode });
  try {
    // Other buffers of other products: the recompute must touch only the affected one.
    await seedScale(app.flujo.platform, { tenantId: app.tenantId, products: buffers, locations: 1 });
    const { rows } = await app.flujo.platform.database.pool.query<{ id: string }>(
      'select id from products where tenant_id = $1 order by sku',
      [app.tenantId],
    );
    const store = scaleLocationCode(1);
    for (const r of rows) {
      const res = await fetch(`${app.url}/api/v1/buffers`, {
        method: 'POST',
        headers: app.headers,
        body: JSON.stringify({
          product_id: r.id,
          store_id: store,
          adu_method: 'fixed',
          adu_fixed: 5,
          dlt_days: 10,
        }),
      });
      if (res.status !== 201) throw new Error(`POST /api/v1/buffers: ${res.status} ${await res.text()}`);
    }
    const productId = rows[0]?.id ?? '';
    const stock = await subscribe(app);
    const nfp = await subscribe(app, 'planning.buffer.calculated', (p) =>
      p.product_id === productId ? (p.net_flow_position as number) : Number.NaN,
    );
    const request: number[] = [];
    const stockEvent: number[] = [];
    const nfpEvent: number[] = [];
    const warmUp = 10;
    for (let i = 0; i < warmUp + updates; i++) {
      const t0 = performance.now();
      const res = await fetch(`${app.url}/api/v1/stock`, {
        method: 'POST',
        headers: app.headers,
        body: JSON.stringify({ product_id: productId, store_id: store, quantity_change: 1, reason: 'bench' }),
      });
      const body = (await res.json()) as { version: number; available: string };
      const t1 = performance.now();
      if (res.status !== 200) throw new Error(`POST /api/v1/stock: ${res.status} ${JSON.stringify(body)}`);
      const [ts, tn] = await Promise.all([stock.arrival(body.version), nfp.arrival(Number(body.available))]);
      if (i < warmUp) continue;
      request.push(t1 - t0);
      stockEvent.push(ts - t0);
      nfpEvent.push(tn - t0);
    }
    await stock.close();
    await nfp.close();
    const row = {
      mode,
      updates,
      buffers,
      request_p50: percentile(request, 50),
      request_p99: percentile(request, 99),
      stock_event_p50: percentile(stockEvent, 50),
      stock_event_p99: percentile(stockEvent, 99),
      nfp_p50: percentile(nfpEvent, 50),
      nfp_p99: percentile(nfpEvent, 99),
    };
    return { ...row, nfp_over_stock_event_p50: round(row.nfp_p50 / row.stock_event_p50, 2) };
  } finally {
    await app.close();
  }
};

export const run = async (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: { updates: { type: 'string', default: '100' }, buffers: { type: 'string', default: '200' } },
  });
  const updates = Number(values.updates);
  const buffers = Number(values.buffers);
  const rows: Row[] = [await measure('embedded', updates, buffers)];
  const production = await productionReachable();
  if (production) rows.push(await measure('production', updates, buffers));
  else console.log(`\nproduction mode skipped: ${Object.values(servers).join(', ')} not all reachable`);
  console.log(
    `\nStock update → planning.buffer.calculated of its buffer on an SSE stream, ${updates} sequential updates, ${buffers} buffers (ms)\n`,
  );
  table(
    [
      'mode',
      'POST p50',
      'POST p99',
      'stock event p50',
      'stock event p99',
      'NFP event p50',
      'NFP event p99',
      'NFP ÷ stock event p50',
    ],
    rows.map((r) => [
      r.mode,
      r.request_p50,
      r.request_p99,
      r.stock_event_p50,
      r.stock_event_p99,
      r.nfp_p50,
      r.nfp_p99,
      r.nfp_over_stock_event_p50,
    ]),
  );
  writeResult('nfp', { ...machine(), rows });
};
