// A thousand people at once on the production shape, as separate processes on this machine:
// API replicas and a worker (`flujo serve`, `flujo worker`) on a fresh PostgreSQL database with
// NATS and Redis. Planners read the buffer board, the inventory and the suggestions inbox; store
// staff read their store's stock, post stock changes and reserve; shoppers browse the shop and
// check out. Every signed-in user keeps the web app's event stream open, and each stock change is
// timed from its response to its event on every stream that receives it. Three shapes under the
// same load: two replicas, one replica, and two replicas through PgBouncer in transaction mode.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ensureTenant, SELF_PERMISSIONS, SYSTEM_ROLES } from '../server/src/modules/identity/index.ts';
import { loadConfig } from '../server/src/platform/config/config.ts';
import { createLogger } from '../server/src/platform/observability/log.ts';
import { scaleLocationCode } from '../server/src/scale-seed.ts';
import { seedScaleBuffers } from '../server/src/scale-seed-planning.ts';
import { buildFlujo } from '../server/src/server.ts';
import { type PgBouncer, pgbouncerBinary, startPgBouncer } from '../server/test/pgbouncer.ts';
import { type FlujoProcess, spawnFlujo } from '../server/test/process.ts';
import {
  adminToken,
  createDatabase,
  databaseUrl,
  dropDatabase,
  dropStreams,
  machine,
  percentile,
  productionReachable,
  round,
  servers,
  table,
  writeResult,
} from './setup.ts';

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const USERS = env('LOAD_USERS', 1000);
const SECONDS = env('LOAD_SECONDS', 60);
const PRODUCTS = env('LOAD_PRODUCTS', 300);
/** Stores 2..5 of the scale seed; the first location is the warehouse. */
const LOCATIONS = 5;
const SHOP_STORE = scaleLocationCode(2);
const APPROVED = '4242424242424242';
const SLUG = 'load';

type Shape = { key: string; label: string; replicas: number; bouncer: boolean };
const SHAPES: Shape[] = [
  { key: 'a', label: 'two replicas + worker', replicas: 2, bouncer: false },
  { key: 'b', label: 'one replica + worker', replicas: 1, bouncer: false },
  { key: 'c', label: 'two replicas + worker, PgBouncer (transaction pooling)', replicas: 2, bouncer: true },
];

/** Who the simulated people are: a share of the users, the pause between actions, and whether they follow the live stream. */
const PEOPLE = {
  planner: { share: 0.25, thinkS: [8, 16] as const },
  seller: { share: 0.5, thinkS: [5, 15] as const },
  customer: { share: 0.25, thinkS: [4, 12] as const },
};
type Kind = keyof typeof PEOPLE;

// ---------------------------------------------------------------------------------------------
// HTTP on node:http with keep-alive: cheaper per request than fetch, and the load generator
// shares the two cores with everything it measures.

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

type Answer = { status: number; body: string };
const call = (
  base: URL,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent,
        headers: body
          ? { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
          : headers,
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          data += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });

// ---------------------------------------------------------------------------------------------
// What is measured.

type Tally = { ms: number[]; ok: number; refused: number; errors: number; codes: Record<string, number> };
const tallies = new Map<string, Tally>();
let measuring = false;
const record = (target: string, ms: number, status: number, refusal: boolean) => {
  if (!measuring) return;
  let t = tallies.get(target);
  if (!t) {
    t = { ms: [], ok: 0, refused: 0, errors: 0, codes: {} };
    tallies.set(target, t);
  }
  t.ms.push(ms);
  if (status >= 200 && status < 300) t.ok++;
  else if (refusal) t.refused++;
  else {
    t.errors++;
    t.codes[String(status)] = (t.codes[String(status)] ?? 0) + 1;
  }
};

/** A stock change's response time by `product|location code|version`, and the lag to each stream that got it. */
const posted = new Map<string, { at: number; seen: number }>();
const lags: number[] = [];
const firstLags: number[] = [];
const early = new Map<string, number>();
let framesSeen = 0;

const STOCK_EVENT = 'event: inventory.stock.updated\n';
/** Frames received by event type (which events the streams carry). */
const frameTypes = new Map<string, number>();
const onFrame = (frame: string, at: number) => {
  framesSeen++;
  const type = frame.match(/^event: (\S+)$/m)?.[1] ?? 'comment';
  frameTypes.set(type, (frameTypes.get(type) ?? 0) + 1);
  if (!frame.includes(STOCK_EVENT)) return;
  // The envelope has a version of its own: the balance's is inside the payload.
  const payload = frame.slice(frame.indexOf('"payload":'));
  const product = payload.match(/"product_id":"([^"]+)"/)?.[1];
  const code = payload.match(/"location_code":"([^"]+)"/)?.[1];
  const version = payload.match(/"version":(\d+)/)?.[1];
  const key = `${product}|${code}|${version}`;
  const p = posted.get(key);
  if (!p) {
    // An event may overtake the response it follows (no lag at all); counted when it is posted.
    early.set(key, (early.get(key) ?? 0) + 1);
    return;
  }
  const lag = Math.max(0, at - p.at);
  lags.push(lag);
  if (p.seen++ === 0) firstLags.push(lag);
};

type Stream = { close: () => void; broken: () => boolean };
const openStream = (base: URL, token: string, ip: string) =>
  new Promise<Stream>((resolve, reject) => {
    let broken = false;
    const req = http.get(
      {
        host: base.hostname,
        port: base.port,
        path: '/api/v1/events/stream?types=inventory.,planning.,analytics.',
        agent: streamAgent,
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'x-forwarded-for': ip },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`event stream: ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        let connected = false;
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const frame = buffer.slice(0, end + 1);
            buffer = buffer.slice(end + 2);
            if (!connected && frame.includes(': connected')) {
              connected = true;
              resolve({ close: () => req.destroy(), broken: () => broken });
            } else onFrame(frame, at);
          }
        });
        res.on('close', () => {
          broken = true;
        });
      },
    );
    req.on('error', (err) => {
      broken = true;
      reject(err);
    });
  });

// ---------------------------------------------------------------------------------------------
// Seeding: one organisation with planners, store staff and a shop, through the app's own code.

type Seeded = {
  tenantId: string;
  products: string[];
  /** Store location codes and ids (sellers work at one each). */
  stores: { code: string; id: string }[];
  tokens: { planner: string[]; seller: Map<string, string[]> };
};

const permissionsOf = (role: 'Planner' | 'Seller') => [
  ...(SYSTEM_ROLES.find((r) => r.name === role)?.permissions ?? []),
  ...SELF_PERMISSIONS,
];

const seed = async (envVars: Record<string, string>, directUrl: string): Promise<Seeded> => {
  // The seed's thousands of requests come from one caller: no per-address limit for it.
  const config = loadConfig({
    ...envVars,
    DATABASE_URL: directUrl,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '1000000',
  });
  const flujo = await buildFlujo({ config, role: 'api', ephemeral: true, log: createLogger(config) });
  try {
    const p = flujo.platform;
    const password = config.FLUJO_DEMO_PASSWORD;
    const t = await ensureTenant(p, {
      slug: SLUG,
      name: 'Carga S.A.',
      admin: { email: `admin@${SLUG}.flujo.dev`, name: 'Admin', password },
      users: [
        { email: `planner@${SLUG}.flujo.dev`, name: 'Planner', password, role: 'Planner' },
        ...[2, 3, 4, 5].map((n) => ({
          email: `seller${n}@${SLUG}.flujo.dev`,
          name: `Seller ${n}`,
          password,
          role: 'Seller' as const,
        })),
      ],
    });
    // Products at every location with a buffer each and two months of history behind them.
    await seedScaleBuffers(p, { tenantId: t.tenantId, products: PRODUCTS, locations: LOCATIONS, days: 60 });
    const q = <T>(text: string, values: unknown[]) =>
      p.database.pool.query(text, values).then((r) => r.rows as T[]);
    const products = (
      await q<{ id: string }>('select id from products where tenant_id = $1 order by sku', [t.tenantId])
    ).map((r) => r.id);
    const stores = await q<{ code: string; id: string }>(
      `select code, id from locations where tenant_id = $1 and code <> $2 order by code`,
      [t.tenantId, scaleLocationCode(1)],
    );
    const admin = await adminToken(p, t, 3600);
    const inject = async (url: string, payload: object) => {
      const r = await flujo.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${admin}` },
        payload,
      });
      if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    };
    // Enough stock that a minute of sales, reservations and checkouts never runs a shelf empty,
    // received through the API so the ledger stays the source of on hand.
    for (const s of stores) {
      const queue = [...products];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let id = queue.shift(); id; id = queue.shift())
            await inject('/api/v1/stock', {
              product_id: id,
              store_id: s.code,
              quantity_change: 100_000,
              reason: 'load bench',
            });
        }),
      );
    }
    // The shop sells every product at one store.
    for (const id of products)
      await inject('/api/v1/listings', {
        product_id: id,
        store_id: SHOP_STORE,
        title: `Artículo ${id.slice(0, 8)}`,
        price_minor: 1250,
        published: true,
      });
    // Every simulated person is a user of their own (per-user limits and audit see people, not
    // one shared account): copies of the seeded planner and sellers, with their role and, for
    // store staff, their store. Bulk SQL as the owner; passwords are the template's.
    const clone = async (template: string, prefix: string, n: number, storeId?: string) =>
      (
        await q<{ id: string }>(
          `with src as (select * from users where tenant_id = $1 and email = $2),
           ins as (
             insert into users (tenant_id, email, name, password_hash, language, email_verified_at)
             select s.tenant_id, $3 || g || '@${SLUG}.flujo.dev', s.name || ' ' || g, s.password_hash,
               s.language, s.email_verified_at
             from src s, generate_series(1, $4::int) g returning id),
           r as (insert into user_roles (tenant_id, user_id, role_id)
             select $1, ins.id, ur.role_id from ins, user_roles ur, src where ur.user_id = src.id),
           st as (insert into user_stores (tenant_id, user_id, store_id)
             select $1, ins.id, $5::uuid from ins where $5::uuid is not null)
           select id from ins`,
          [t.tenantId, template, prefix, n, storeId ?? null],
        )
      ).map((r) => r.id);
    // One token per person, with the claims sign-in gives them (a day's lifetime).
    const sign = (id: string, role: 'Planner' | 'Seller', storeIds: string[] | null) =>
      p.tokens.sign(
        {
          tenantId: t.tenantId,
          userId: id,
          kind: 'user',
          roles: [role],
          permissions: permissionsOf(role),
          storeIds,
        },
        86_400,
      );
    const counts = split(USERS);
    const planner: string[] = [];
    for (const id of await clone(`planner@${SLUG}.flujo.dev`, 'planner-', counts.planner))
      planner.push(await sign(id, 'Planner', null));
    const seller = new Map<string, string[]>();
    for (const [k, s] of stores.entries()) {
      const n = Math.floor(counts.seller / stores.length) + (k < counts.seller % stores.length ? 1 : 0);
      const list: string[] = [];
      const template = `seller${Number(s.code.slice(-1))}@${SLUG}.flujo.dev`;
      for (const id of await clone(template, `seller-${s.code}-`, n, s.id))
        list.push(await sign(id, 'Seller', [s.id]));
      seller.set(s.code, list);
    }
    await p.database.db.execute(sql`vacuum analyze`);
    return { tenantId: t.tenantId, products, stores, tokens: { planner, seller } };
  } finally {
    await flujo.shutdown();
  }
};

const split = (users: number) => {
  const planner = Math.round(users * PEOPLE.planner.share);
  const seller = Math.round(users * PEOPLE.seller.share);
  return { planner, seller, customer: Math.max(0, users - planner - seller) };
};

// ---------------------------------------------------------------------------------------------
// The people.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const think = (kind: Kind) => {
  const [lo, hi] = PEOPLE[kind].thinkS;
  return (lo + Math.random() * (hi - lo)) * 1000;
};

/** `ip`: each person's own address, as the proxy in front of the replicas forwards it. */
type Person = { kind: Kind; base: URL; ip: string; token?: string; store?: string };

const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

const timed = async (
  target: string,
  run: () => Promise<Answer>,
  refusal: (status: number) => boolean = () => false,
) => {
  const t0 = performance.now();
  try {
    const r = await run();
    record(target, performance.now() - t0, r.status, refusal(r.status));
    return r;
  } catch {
    record(target, performance.now() - t0, 0, false);
    return undefined;
  }
};

const act = async (person: Person, seeded: Seeded) => {
  const auth = { authorization: `Bearer ${person.token}`, 'x-forwarded-for': person.ip };
  const { base } = person;
  const product = () => pick(seeded.products);
  if (person.kind === 'planner') {
    const page = Math.random();
    if (page < 0.4)
      await timed('planner: buffer board', () => call(base, 'GET', '/api/v1/buffers?page=1&limit=50', auth));
    else if (page < 0.75)
      await timed('planner: inventory', () => call(base, 'GET', '/api/v1/inventory?page=1&limit=25', auth));
    else
      await timed('planner: suggestions', () =>
        call(base, 'GET', '/api/v1/replenishment-suggestions?page=1&limit=25&status=OPEN', auth),
      );
    return;
  }
  if (person.kind === 'seller') {
    const store = person.store ?? '';
    const what = Math.random();
    if (what < 0.5) {
      await timed('store: inventory', () =>
        call(base, 'GET', `/api/v1/inventory?page=1&limit=25&location=${store}`, auth),
      );
    } else if (what < 0.8) {
      // A sale at the till or a delivery counted in: small changes either way.
      const change = Math.random() < 0.6 ? -1 : 1 + Math.floor(Math.random() * 5);
      const productId = product();
      const r = await timed(
        'store: stock change',
        () =>
          call(
            base,
            'POST',
            '/api/v1/stock',
            auth,
            JSON.stringify({
              product_id: productId,
              store_id: store,
              quantity_change: change,
              reason: 'load',
            }),
          ),
        (s) => s === 409,
      );
      if (r?.status === 200 && measuring) {
        const body = JSON.parse(r.body) as { version?: number };
        // The response is in hand now: what a second screen waits is measured from here.
        const key = `${productId}|${store}|${body.version}`;
        const before = early.get(key) ?? 0;
        posted.set(key, { at: performance.now(), seen: before });
        for (let i = 0; i < before; i++) lags.push(0);
        if (before > 0) firstLags.push(0);
      }
    } else {
      await timed(
        'store: reservation',
        () =>
          call(
            base,
            'POST',
            '/api/v1/reservations',
            auth,
            JSON.stringify({
              product_id: product(),
              store_id: store,
              quantity: 1,
              customer_id: 'load',
              ttl: 600,
            }),
          ),
        (s) => s === 409,
      );
    }
    return;
  }
  if (Math.random() < 0.65) {
    const page = 1 + Math.floor(Math.random() * 5);
    await timed('shop: catalog', () =>
      call(base, 'GET', `/api/v1/shop/${SLUG}/catalog?page=${page}&limit=24&store_id=${SHOP_STORE}`, {
        'x-forwarded-for': person.ip,
      }),
    );
  } else {
    await timed(
      'shop: checkout',
      () =>
        call(
          base,
          'POST',
          `/api/v1/shop/${SLUG}/checkout`,
          { 'idempotency-key': randomUUID(), 'x-forwarded-for': person.ip },
          JSON.stringify({
            lines: [{ product_id: product(), quantity: 1 }],
            store_id: SHOP_STORE,
            customer: { name: 'Cliente', email: 'cliente@example.com' },
            payment: { method: 'card', card_number: APPROVED },
          }),
        ),
      (s) => s === 409,
    );
  }
};

// ---------------------------------------------------------------------------------------------
// Processes and their CPU.

const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
const clock = (fields: string[]) => (Number(fields[11]) + Number(fields[12])) / TICKS;

const clock0 = (pid: number | undefined) => {
  if (!pid) return 0;
  try {
    return clock(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []);
  } catch {
    return 0;
  }
};

/** CPU seconds of every PostgreSQL process on the machine (the server's backends and its own workers). */
const postgresCpu = () => {
  let total = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm === 'postgres') total += clock0(Number(pid));
    } catch {}
  }
  return total;
};

type Row = {
  shape: string;
  users: number;
  streams: number;
  seconds: number;
  requests: number;
  per_s: number;
  errors: number;
  refusals: number;
  targets: {
    target: string;
    n: number;
    per_s: number;
    p50: number;
    p99: number;
    refused: number;
    errors: number;
    codes: Record<string, number>;
  }[];
  stock_changes: number;
  event_deliveries: number;
  event_lag_p50: number;
  event_lag_p99: number;
  first_delivery_p99: number;
  /** Stock changes whose event reached no stream within 5 s of the end. */
  undelivered: number;
  broken_streams: number;
  people_stopped: number;
  sse_frames_by_type: Record<string, number>;
  logged_errors: Record<string, number>;
  sse_frames_per_s: number;
  cpu_share: Record<string, number>;
};

const runShape = async (shape: Shape): Promise<Row> => {
  tallies.clear();
  posted.clear();
  lags.length = 0;
  firstLags.length = 0;
  early.clear();
  frameTypes.clear();
  framesSeen = 0;
  const id = randomBytes(4).toString('hex');
  const name = `flujo_bench_${id}`;
  const direct = databaseUrl(name);
  await createDatabase(name);
  let bouncer: PgBouncer | undefined;
  const procs: FlujoProcess[] = [];
  const streams: Stream[] = [];
  const envVars: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    NATS_URL: servers.nats,
    REDIS_URL: servers.redis,
    NATS_STREAM_PREFIX: `load${id}`,
    REDIS_KEY_PREFIX: `load${id}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // The replicas sit behind a proxy that forwards each person's address (as in deploy/),
    // so per-address limits apply per person; the organisation's budget is raised out of the way.
    TRUST_PROXY: '1',
    TENANT_RATE_LIMIT_MAX: '10000000',
  };
  try {
    const started = performance.now();
    const seeded = await seed(envVars, direct);
    console.log(`${shape.label}: seeded in ${round((performance.now() - started) / 1000, 1)} s`);
    if (shape.bouncer)
      bouncer = await startPgBouncer({ server: servers.database, poolSize: 20, maxClients: 200 });
    const appUrl = bouncer ? bouncer.url(direct) : direct;
    const procEnv = { ...envVars, DATABASE_URL: appUrl };
    procs.push(await spawnFlujo(os.tmpdir(), procEnv, ['worker']));
    for (let i = 0; i < shape.replicas; i++) procs.push(await spawnFlujo(os.tmpdir(), procEnv, ['serve']));
    const replicas = procs.slice(1).map((p) => new URL(p.url.replace('localhost', '127.0.0.1')));
    // The seed's own events (its stock receipts and listings, and the buffer recalculations they
    // start) go out first: the measured minute carries only the people's work.
    await settle(direct);

    // The people, spread over the replicas in turn.
    const counts = split(USERS);
    const people: Person[] = [];
    for (let i = 0; i < counts.planner; i++)
      people.push({
        kind: 'planner',
        base: replicas[people.length % replicas.length] as URL,
        ip: ipOf(people.length),
        token: seeded.tokens.planner[i],
      });
    const sellerTokens = [...seeded.tokens.seller.entries()].flatMap(([store, ts]) =>
      ts.map((token) => ({ store, token })),
    );
    for (const s of sellerTokens)
      people.push({
        kind: 'seller',
        base: replicas[people.length % replicas.length] as URL,
        ip: ipOf(people.length),
        token: s.token,
        store: s.store,
      });
    for (let i = 0; i < counts.customer; i++)
      people.push({
        kind: 'customer',
        base: replicas[people.length % replicas.length] as URL,
        ip: ipOf(people.length),
      });

    // Signed-in people open the web app's stream first, twenty at a time.
    const signedIn = people.filter((p) => p.token);
    for (let i = 0; i < signedIn.length; i += 20) {
      streams.push(
        ...(await Promise.all(signedIn.slice(i, i + 20).map((p) => openStream(p.base, p.token ?? '', p.ip)))),
      );
    }

    // Everyone starts at a random moment of their first pause, so arrivals are spread out.
    let running = true;
    let stopped = 0;
    const loops = people.map(async (p) => {
      try {
        await sleep(Math.random() * think(p.kind));
        while (running) {
          await act(p, seeded);
          await sleep(think(p.kind));
        }
      } catch (err) {
        // Counted and shown: a person who met an unexpected answer stops.
        if (stopped++ === 0) console.log(`  a person stopped: ${String(err)}`);
      }
    });
    // Ramp-up: a full pause of the slowest kind, unmeasured.
    await sleep(Math.min(16, SECONDS / 2) * 1000);
    const pids = {
      worker: procs[0]?.child.pid,
      replicas: procs.slice(1).map((p) => p.child.pid),
      bouncer: bouncer?.child.pid,
    };
    const cpu = () => ({
      generator: process.cpuUsage(),
      worker: clock0(pids.worker),
      replicas: pids.replicas.reduce<number>((n, pid) => n + clock0(pid), 0),
      pgbouncer: clock0(pids.bouncer),
      postgres: postgresCpu(),
    });
    const c0 = cpu();
    const t0 = performance.now();
    measuring = true;
    await sleep(SECONDS * 1000);
    measuring = false;
    const wall = (performance.now() - t0) / 1000;
    const c1 = cpu();
    // People stop at their next pause; their last requests are not counted.
    running = false;
    void loops;
    // Late events of the last changes still count toward their lag.
    await sleep(5000);
    const share = (s: number) => round(s / wall / os.availableParallelism(), 3);
    const generatorS =
      (c1.generator.user - c0.generator.user + c1.generator.system - c0.generator.system) / 1e6;
    const targets = [...tallies.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([target, t]) => ({
        target,
        n: t.ms.length,
        per_s: round(t.ms.length / wall, 1),
        p50: percentile(t.ms, 50),
        p99: percentile(t.ms, 99),
        refused: t.refused,
        errors: t.errors,
        codes: t.codes,
      }));
    const requests = targets.reduce((n, t) => n + t.n, 0);
    // What the processes logged at error level, by message: the first place to look at a 5xx.
    const logged: Record<string, number> = {};
    for (const line of procs.flatMap((p) => p.output().split('\n'))) {
      if (!line.includes('"level":50')) continue;
      const m = line.match(/"msg":"([^"]{0,160})/)?.[1] ?? 'unknown';
      const e = line.match(/"message":"([^"]{0,160})/)?.[1];
      const k = e ? `${m}: ${e}` : m;
      logged[k] = (logged[k] ?? 0) + 1;
    }
    const undelivered = [...posted.values()].filter((p) => p.seen === 0).length;
    return {
      shape: shape.label,
      users: people.length,
      streams: streams.length,
      seconds: round(wall, 1),
      requests,
      per_s: round(requests / wall, 1),
      errors: targets.reduce((n, t) => n + t.errors, 0),
      refusals: targets.reduce((n, t) => n + t.refused, 0),
      targets,
      stock_changes: posted.size,
      event_deliveries: lags.length,
      event_lag_p50: percentile(lags, 50),
      event_lag_p99: percentile(lags, 99),
      first_delivery_p99: percentile(firstLags, 99),
      undelivered,
      broken_streams: streams.filter((s) => s.broken()).length,
      people_stopped: stopped,
      logged_errors: logged,
      sse_frames_per_s: round(framesSeen / (wall + 5), 0),
      sse_frames_by_type: Object.fromEntries([...frameTypes.entries()].sort((a, b) => b[1] - a[1])),
      // Shares of the whole machine (all cores) over the measured window.
      cpu_share: {
        load_generator: share(generatorS),
        api_replicas: share(c1.replicas - c0.replicas),
        worker: share(c1.worker - c0.worker),
        postgres: share(c1.postgres - c0.postgres),
        ...(bouncer ? { pgbouncer: share(c1.pgbouncer - c0.pgbouncer) } : {}),
      },
    };
  } finally {
    for (const s of streams) s.close();
    for (const p of procs.reverse()) await p.stop();
    await bouncer?.stop();
    await dropStreams(envVars.NATS_STREAM_PREFIX ?? '').catch(() => {});
    await dropKeys(envVars.REDIS_KEY_PREFIX ?? '').catch(() => {});
    await dropDatabase(name);
  }
};

/** Waits until the outbox is drained and no job is waiting or running (at most two minutes). */
const settle = async (url: string) => {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const until = Date.now() + 120_000;
    for (let quiet = 0; quiet < 3 && Date.now() < until; ) {
      const { rows } = await db.query<{ n: number }>(
        `select (select count(*) from outbox where published_at is null)
           + (select count(*) from pgboss.job where state in ('created', 'retry', 'active') and start_after <= now()
                and name not like '\\_\\_pgboss%')::int as n`,
      );
      quiet = rows[0]?.n === 0 ? quiet + 1 : 0;
      await sleep(1000);
    }
  } finally {
    await db.end();
  }
};

const dropKeys = async (prefix: string) => {
  const redis = new Redis(servers.redis, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
};

// ---------------------------------------------------------------------------------------------

export const run = async () => {
  if (!(await productionReachable()))
    throw new Error(`the load bench needs PostgreSQL, NATS and Redis: ${Object.values(servers).join(', ')}`);
  const only = process.env.LOAD_SHAPES?.split(',').map((s) => s.trim());
  let shapes = SHAPES.filter((s) => !only || only.includes(s.key));
  if (!pgbouncerBinary()) {
    console.log('PgBouncer is not installed (apt-get install pgbouncer): its shape is skipped');
    shapes = shapes.filter((s) => !s.bouncer);
  }
  const loadBefore = round(os.loadavg()[0] ?? 0, 2);
  const rows: Row[] = [];
  for (const shape of shapes) {
    rows.push(await runShape(shape));
    const r = rows.at(-1);
    console.log(`  ${r?.per_s} req/s, errors ${r?.errors}, event lag p99 ${r?.event_lag_p99} ms`);
  }
  const counts = split(USERS);
  console.log(
    `\n${USERS} people (${counts.planner} planners, ${counts.seller} store staff, ${counts.customer} shoppers), ` +
      `${SECONDS} s measured per shape, production mode, separate processes\n`,
  );
  table(
    ['shape', 'req/s', 'errors', '409 refusals', 'streams', 'event lag p50', 'event lag p99', 'undelivered'],
    rows.map((r) => [
      r.shape,
      r.per_s,
      r.errors,
      r.refusals,
      r.streams,
      r.event_lag_p50,
      r.event_lag_p99,
      r.undelivered,
    ]),
  );
  console.log('');
  const targets = [...new Set(rows.flatMap((r) => r.targets.map((t) => t.target)))];
  table(
    ['request', ...rows.flatMap((r) => [`${r.shape} p50`, 'p99'])],
    targets.map((t) => [
      t,
      ...rows.flatMap((r): (string | number)[] => {
        const x = r.targets.find((y) => y.target === t);
        return x ? [x.p50, x.p99] : ['', ''];
      }),
    ]),
  );
  console.log('');
  table(
    ['shape', 'load generator', 'API replicas', 'worker', 'PostgreSQL', 'PgBouncer'],
    rows.map((r) => [
      r.shape,
      r.cpu_share.load_generator ?? 0,
      r.cpu_share.api_replicas ?? 0,
      r.cpu_share.worker ?? 0,
      r.cpu_share.postgres ?? 0,
      r.cpu_share.pgbouncer ?? '',
    ]),
  );
  writeResult('load', {
    ...machine(),
    load_average_1m_before: loadBefore,
    users: USERS,
    people: counts,
    think_time_s: Object.fromEntries(Object.entries(PEOPLE).map(([k, v]) => [k, v.thinkS])),
    seconds: SECONDS,
    products: PRODUCTS,
    stores: LOCATIONS - 1,
    cpu_share_note: 'shares of the whole machine (all cores) over the measured window',
    rows,
  });
};
