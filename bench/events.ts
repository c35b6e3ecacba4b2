// From a stock change through the API to the `inventory.stock.updated` event on a subscribed
// Server-Sent Events stream, against the plain round trip of the same POST: sequential
// updates, in embedded mode and, when the servers answer, in production mode.
import { parseArgs } from 'node:util';
import { scaleLocationCode, seedScale } from '../server/src/scale-seed.ts';
import {
  type BenchApp,
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
  request_p50: number;
  request_p99: number;
  event_p50: number;
  event_p99: number;
  /** From the response in hand to the event: what a second screen waits beyond the writer. */
  after_response_p50: number;
  after_response_p99: number;
  ratio_p50: number;
  ratio_p99: number;
};

/**
 * Subscribes to the stream for events of `type`; `arrival(key)` resolves when the event whose
 * payload gives that key (`keyOf`) has come.
 */
export const subscribe = async (
  app: BenchApp,
  type = 'inventory.stock.updated',
  keyOf: (payload: Record<string, unknown>) => number = (p) => p.version as number,
) => {
  const abort = new AbortController();
  const res = await fetch(`${app.url}/api/v1/events/stream?types=${type}`, {
    headers: { authorization: app.headers.authorization ?? '' },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`event stream: ${res.status}`);
  const arrived = new Map<number, number>();
  const waiting = new Map<number, (at: number) => void>();
  let connected: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      const at = performance.now();
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.includes(': connected')) connected();
        const data = frame.split('\n').find((l) => l.startsWith('data: '));
        if (!frame.includes(`event: ${type}\n`) || !data) continue;
        const version = keyOf((JSON.parse(data.slice(6)) as { payload: Record<string, unknown> }).payload);
        arrived.set(version, at);
        waiting.get(version)?.(at);
      }
    }
  })().catch(() => {});
  await ready;
  return {
    arrival: (version: number) =>
      new Promise<number>((resolve, reject) => {
        const seen = arrived.get(version);
        if (seen !== undefined) return resolve(seen);
        const timer = setTimeout(() => reject(new Error(`no event for version ${version} in 10 s`)), 10_000);
        waiting.set(version, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      }),
    close: async () => {
      abort.abort();
      await reading;
    },
  };
};

const measure = async (mode: 'embedded' | 'production', updates: number): Promise<Row> => {
  const app = await startApp({ mode });
  try {
    await seedScale(app.flujo.platform, { tenantId: app.tenantId, products: 1, locations: 1 });
    const { rows } = await app.flujo.platform.database.pool.query<{ id: string }>(
      'select id from products where tenant_id = $1',
      [app.tenantId],
    );
    const productId = rows[0]?.id ?? '';
    const stream = await subscribe(app);
    const request: number[] = [];
    const event: number[] = [];
    const after: number[] = [];
    const warmUp = 10;
    for (let i = 0; i < warmUp + updates; i++) {
      const t0 = performance.now();
      const res = await fetch(`${app.url}/api/v1/stock`, {
        method: 'POST',
        headers: app.headers,
        body: JSON.stringify({
          product_id: productId,
          store_id: scaleLocationCode(1),
          quantity_change: 1,
          reason: 'bench',
        }),
      });
      const body = (await res.json()) as { version: number };
      const t1 = performance.now();
      if (res.status !== 200) throw new Error(`POST /api/v1/stock: ${res.status} ${JSON.stringify(body)}`);
      const te = await stream.arrival(body.version);
      if (i < warmUp) continue;
      request.push(t1 - t0);
      event.push(te - t0);
      after.push(te - t1);
    }
    await stream.close();
    const row = {
      mode,
      updates,
      request_p50: percentile(request, 50),
      request_p99: percentile(request, 99),
      event_p50: percentile(event, 50),
      event_p99: percentile(event, 99),
      after_response_p50: percentile(after, 50),
      after_response_p99: percentile(after, 99),
    };
    return {
      ...row,
      ratio_p50: round(row.event_p50 / row.request_p50, 2),
      ratio_p99: round(row.event_p99 / row.request_p99, 2),
    };
  } finally {
    await app.close();
  }
};

export const run = async (argv: string[]) => {
  const { values } = parseArgs({ args: argv, options: { updates: { type: 'string', default: '200' } } });
  const updates = Number(values.updates);
  const rows: Row[] = [await measure('embedded', updates)];
  const production = await productionReachable();
  if (production) rows.push(await measure('production', updates));
  else console.log(`\nproduction mode skipped: ${Object.values(servers).join(', ')} not all reachable`);

  console.log(
    `\nStock update → inventory.stock.updated on an SSE stream, ${updates} sequential updates (ms)\n`,
  );
  table(
    [
      'mode',
      'POST p50',
      'POST p99',
      'event p50',
      'event p99',
      'after response p50',
      'after response p99',
      'event ÷ POST p50',
      'event ÷ POST p99',
    ],
    rows.map((r) => [
      r.mode,
      r.request_p50,
      r.request_p99,
      r.event_p50,
      r.event_p99,
      r.after_response_p50,
      r.after_response_p99,
      r.ratio_p50,
      r.ratio_p99,
    ]),
  );
  writeResult('events', {
    ...machine(),
    updates,
    production_mode: production ? 'measured' : 'skipped: servers not reachable',
    relay: 'outbox relay nudged after each commit (OUTBOX_POLL_MS at its default as the fallback poll)',
    rows,
  });
};
