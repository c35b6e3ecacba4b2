// Whether reads stay flat as the catalog grows: two fresh PostgreSQL databases seeded with
// `seedScale` (the `flujo seed --scale` bulk load), small and large, each behind its own app in
// production mode; product availability (cold from the database and warm from Redis) and the
// inventory list in a few query shapes, large ÷ small.
import { parseArgs } from 'node:util';
import { scaleLocationCode, seedScale } from '../server/src/scale-seed.ts';
import { type BenchApp, machine, percentile, round, startApp, table, writeResult } from './setup.ts';

type Size = { products: number; locations: number };
type Latency = {
  target: string;
  samples: number;
  p50: number;
  p99: number;
  errors: number;
  /** The list's pagination total, and whether the API says it is exact or an estimate. */
  total?: number;
  total_exact?: boolean;
};
type Measured = Size & { seed_s: number; balances: number; rows: Latency[] };

const get = async (app: BenchApp, path: string) => {
  const t0 = performance.now();
  const res = await fetch(`${app.url}${path}`, {
    headers: { authorization: app.headers.authorization ?? '' },
  });
  const body = (await res.json()) as { pagination?: { total: number; total_exact?: boolean } };
  return {
    ms: performance.now() - t0,
    ok: res.status === 200,
    total: body.pagination?.total,
    exact: body.pagination?.total_exact,
  };
};

/** Sequential requests until `samples` are in, or `budgetS` has passed once two are. */
const series = async (
  app: BenchApp,
  target: string,
  paths: () => string,
  o: { samples: number; budgetS: number },
): Promise<Latency> => {
  const ms: number[] = [];
  let errors = 0;
  let total: number | undefined;
  let exact: boolean | undefined;
  const started = performance.now();
  while (ms.length < o.samples && (ms.length < 2 || performance.now() - started < o.budgetS * 1000)) {
    const r = await get(app, paths());
    ms.push(r.ms);
    if (!r.ok) errors++;
    total ??= r.total;
    exact ??= r.exact;
  }
  return {
    target,
    samples: ms.length,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    errors,
    ...(total === undefined ? {} : { total }),
    ...(exact === undefined ? {} : { total_exact: exact }),
  };
};

const measure = async (
  size: Size,
  o: { cold: number; warm: number; samples: number; budgetS: number },
): Promise<Measured> => {
  const app = await startApp({ mode: 'production' });
  try {
    const p = app.flujo.platform;
    let shown = 0;
    const seeded = await seedScale(p, {
      tenantId: app.tenantId,
      products: size.products,
      locations: size.locations,
      onProgress: (done, total) => {
        if (done - shown < 1_000_000 && done < total) return;
        shown = done;
        if (total >= 1_000_000) console.log(`  seeding: ${done} / ${total} balances`);
      },
    });
    console.log(
      `${size.products} × ${size.locations}: seeded ${seeded.balances} balances in ${(seeded.ms / 1000).toFixed(1)} s`,
    );
    const { rows: picked } = await p.database.pool.query<{ id: string }>(
      'select id from products where tenant_id = $1 order by random() limit $2',
      [app.tenantId, o.cold + 10],
    );
    // Ten products warm the process and its connections; the rest are measured.
    const ids = picked.map((r) => r.id);
    for (const id of ids.splice(0, 10)) await get(app, `/api/v1/products/${id}/availability`);
    await get(app, `/api/v1/inventory?product_id=${ids[0]}`);
    const rows: Latency[] = [];
    // Every product once: each is a cache miss, computed from the database and stored.
    let next = 0;
    rows.push(
      await series(
        app,
        'availability, cold (distinct products)',
        () => `/api/v1/products/${ids[next++]}/availability`,
        {
          samples: ids.length,
          budgetS: 600,
        },
      ),
    );
    // The first twenty again and again: served from Redis.
    let i = 0;
    rows.push(
      await series(
        app,
        'availability, warm (cached)',
        () => `/api/v1/products/${ids[i++ % Math.min(20, ids.length)]}/availability`,
        { samples: o.warm, budgetS: 600 },
      ),
    );
    const shapes: [string, () => string][] = [
      ['inventory, first page', () => '/api/v1/inventory'],
      ['inventory, search "tornillo"', () => '/api/v1/inventory?search=tornillo'],
      ['inventory, one location', () => `/api/v1/inventory?location=${scaleLocationCode(2)}`],
      ['inventory, low_stock=true', () => '/api/v1/inventory?low_stock=true'],
      [
        'inventory, one product',
        () => `/api/v1/inventory?product_id=${ids[Math.floor(Math.random() * ids.length)]}`,
      ],
    ];
    for (const [target, path] of shapes) rows.push(await series(app, target, path, o));
    return { ...size, seed_s: round(seeded.ms / 1000, 1), balances: seeded.balances, rows };
  } finally {
    await app.close();
  }
};

export const run = async (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      products: { type: 'string', default: '100000' },
      locations: { type: 'string', default: '50' },
      'small-products': { type: 'string', default: '1000' },
      'small-locations': { type: 'string', default: '5' },
      cold: { type: 'string', default: '300' },
      warm: { type: 'string', default: '1000' },
      samples: { type: 'string', default: '20' },
      budget: { type: 'string', default: '8' },
    },
  });
  const o = {
    cold: Number(values.cold),
    warm: Number(values.warm),
    samples: Number(values.samples),
    budgetS: Number(values.budget),
  };
  const small = await measure(
    { products: Number(values['small-products']), locations: Number(values['small-locations']) },
    o,
  );
  const large = await measure({ products: Number(values.products), locations: Number(values.locations) }, o);

  const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : 0);
  const rows = small.rows.map((s, k) => {
    const l = large.rows[k] ?? s;
    return {
      target: s.target,
      small: s,
      large: l,
      ratio_p50: ratio(l.p50, s.p50),
      ratio_p99: ratio(l.p99, s.p99),
    };
  });
  const label = (m: Measured) => `${m.products.toLocaleString('en')} × ${m.locations}`;
  console.log(
    `\nReads as the catalog grows: ${label(small)} against ${label(large)} balances per tenant, ` +
      `two fresh databases, production mode, sequential requests (ms)\n`,
  );
  table(
    [
      'target',
      'n small / large',
      'small p50',
      'small p99',
      'large p50',
      'large p99',
      'large ÷ small p50',
      'large ÷ small p99',
      'total (large; ~ estimate)',
      'errors',
    ],
    rows.map((r) => [
      r.target,
      `${r.small.samples} / ${r.large.samples}`,
      r.small.p50,
      r.small.p99,
      r.large.p50,
      r.large.p99,
      r.ratio_p50,
      r.ratio_p99,
      r.large.total === undefined ? '' : `${r.large.total_exact === false ? '~' : ''}${r.large.total}`,
      r.small.errors + r.large.errors,
    ]),
  );
  console.log(
    `\nseeding: ${label(small)} in ${small.seed_s} s, ${label(large)} in ${large.seed_s} s ` +
      `(${Math.round(large.balances / Math.max(large.seed_s, 0.1))} balances+receipts/s)`,
  );
  writeResult('scale', {
    ...machine(),
    layout: 'two fresh databases, one tenant each, each behind its own app (production mode)',
    small: { products: small.products, locations: small.locations, seed_s: small.seed_s },
    large: { products: large.products, locations: large.locations, seed_s: large.seed_s },
    options: o,
    rows,
  });
};
