// HTTP throughput of Flujo against a bare Fastify hello-world measured in the same run (so the
// ratio, not the absolute number, is what compares across machines): the health and readiness
// probes, and an authenticated read served from the cache (one product's availability with a
// bearer token). The whole app runs as `startApp` builds it: production mode (PostgreSQL, NATS,
// Redis) by default, embedded with `--mode embedded`, or both one after the other, each with
// its own hello-world baseline. Last, the time from `flujo serve --all` to ready on a fresh and
// on an existing data directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { seedScale } from '../server/src/scale-seed.ts';
import { spawnFlujo } from '../server/test/process.ts';
import { measure, type Row } from './lib.ts';
import { machine, productionReachable, round, servers, startApp, table, writeResult } from './setup.ts';

type Mode = 'embedded' | 'production';

/** Milliseconds from spawn to the "is ready at" line; then a clean SIGTERM. */
const startup = async (dataDir: string) => {
  const started = performance.now();
  const p = await spawnFlujo(dataDir);
  const ms = Math.round(performance.now() - started);
  await p.stop();
  return ms;
};

const LOCATIONS = 3;

/** One mode: the hello-world baseline before and after Flujo's rows, each row against their mean. */
const measureMode = async (mode: Mode, duration: number, connections: number) => {
  const hello = Fastify();
  hello.get('/', async () => ({ ok: true }));
  const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
  const app = await startApp({ mode });
  try {
    // One product stocked at three locations; its availability is what the cached row reads.
    await seedScale(app.flujo.platform, { tenantId: app.tenantId, products: 1, locations: LOCATIONS });
    const { rows } = await app.flujo.platform.database.pool.query<{ id: string }>(
      'select id from products where tenant_id = $1',
      [app.tenantId],
    );
    const productId = rows[0]?.id ?? '';
    const availability = `${app.url}/api/v1/products/${productId}/availability`;
    const auth = { authorization: `Bearer ${app.token}` };
    const first = await fetch(availability, { headers: auth });
    const body = (await first.json()) as { stores: { store_id: string }[] };
    if (first.status !== 200 || body.stores.length !== LOCATIONS)
      throw new Error(`availability: ${first.status} ${JSON.stringify(body)}`);
    // The entry lives 30 s; the warm-up request of the row fills it again if it has gone.
    const cacheKey = `avail:${app.tenantId}:${productId}`;
    const cached = async () => (await app.flujo.platform.cache.get(cacheKey)) !== undefined;
    if (!(await cached())) throw new Error('the availability read did not fill the cache');

    const out: Row[] = [];
    out.push(await measure('fastify hello-world GET /', { url: `${helloUrl}/`, duration, connections }));
    out.push(await measure('flujo GET /api/health', { url: `${app.url}/api/health`, duration, connections }));
    out.push(await measure('flujo GET /api/ready', { url: `${app.url}/api/ready`, duration, connections }));
    out.push(
      await measure(
        `flujo GET /api/v1/products/:id/availability (bearer token, cached, ${LOCATIONS} stores)`,
        {
          url: availability,
          headers: auth,
          duration,
          connections,
        },
      ),
    );
    if (!(await cached())) throw new Error('the availability entry was not in the cache after the run');
    // The baseline again at the end: the ratios use the mean of both, so a change in the
    // machine's load during the run shifts the baseline as it shifts Flujo's rows.
    out.push(
      await measure('fastify hello-world GET / (again)', { url: `${helloUrl}/`, duration, connections }),
    );
    const base = ((out[0]?.rps ?? 0) + (out.at(-1)?.rps ?? 0)) / 2 || 1;
    return out.map((r) => ({ ...r, ratio_vs_hello: round(r.rps / base) }));
  } finally {
    await hello.close();
    await app.close();
  }
};

export const run = async (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      mode: { type: 'string', default: 'production' },
    },
  });
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const asked = values.mode === 'both' ? (['production', 'embedded'] as const) : [values.mode as Mode];
  const reachable = await productionReachable();
  const modes = asked.filter((m) => m === 'embedded' || reachable);
  if (modes.length < asked.length)
    console.log(`production mode skipped: ${Object.values(servers).join(', ')} not all reachable`);
  if (modes.length === 0) return;

  const start = machine();
  const results: Record<string, Awaited<ReturnType<typeof measureMode>>> = {};
  for (const mode of modes) results[mode] = await measureMode(mode, duration, connections);
  const end = machine();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-bench-'));
  const fresh = await startup(dataDir);
  const second = await startup(dataDir);
  fs.rmSync(dataDir, { recursive: true, force: true });

  for (const [mode, rows] of Object.entries(results)) {
    console.log(`\nHTTP, ${connections} connections, ${duration} s each (${mode} mode)\n`);
    table(
      ['target', 'req/s', 'p50 ms', 'p99 ms', 'vs hello-world', 'errors'],
      rows.map((r) => [r.target, r.rps, r.p50, r.p99, r.ratio_vs_hello.toFixed(3), r.errors]),
    );
  }
  console.log(
    `\nload average (1 min): ${start.load_average_1m} at the start, ${end.load_average_1m} at the end`,
  );
  console.log(`start-up to ready (embedded): fresh data directory ${fresh} ms, second start ${second} ms`);

  writeResult('http', {
    ...start,
    load_average_1m_end: end.load_average_1m,
    duration_s: duration,
    connections,
    /** The load generator runs in the same process as the servers, for the baseline and Flujo alike. */
    client: 'autocannon in the benchmark process',
    modes: results,
    startup: { mode: 'embedded', fresh_ms: fresh, second_ms: second },
  });
};
