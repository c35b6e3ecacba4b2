// The assistant's overheads (ADR 0014), each against its bare calls in the same run: (1) the
// built-in planner's answer through `POST /api/v1/ai/chat` against the same tools called directly
// through the same in-process API caller; (2) the SQL guard, and guard + read-only runner, against
// the same SELECT run bare as the views' owner; (3) chat turns per second with a fake model,
// against the same model requests sent to it directly. Embedded mode, or production mode with
// `--mode production` (the default when DATABASE_URL is set).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  AI_VIEWS,
  answerOffline,
  createApiCaller,
  guardSql,
  type Lang,
  QUERY_EXAMPLES,
  runReadOnly,
  runTool,
} from '../server/src/modules/assistant/index.ts';
import { seedDemo } from '../server/src/demo.ts';
import type { RequestContext } from '../server/src/platform/domain/context.ts';
import { startFakeLlm } from '../server/test/fake-llm.ts';
import { chatTurn, closedLoop, type Load, modelTurn, type Scenario, script } from './assistant-turns.ts';
import { type BenchApp, machine, percentile, round, startApp, table } from './setup.ts';

type Mode = BenchApp['mode'];
type Stats = { p50: number; p99: number };
type DemoApp = BenchApp & { ctx: RequestContext; demoHeaders: Record<string, string> };

const QUESTIONS: { text: string; lang: Lang }[] = [
  { text: '¿Qué productos están en rojo?', lang: 'es' },
  { text: 'which buffers need an order today?', lang: 'en' },
  { text: '¿Cuándo se agota TOR-M6-40 en MAD-001?', lang: 'es' },
  { text: 'estado del buffer TOR-M6-40', lang: 'es' },
  { text: 'sugerencias pendientes', lang: 'es' },
  { text: 'productos con stock bajo', lang: 'es' },
  { text: '¿Cómo va el proveedor Herramientas del Norte?', lang: 'es' },
];
const WARM_UP = 5;
/** What the query route uses when the caller gives no limit. */
const ROW_LIMIT = 100;

const stats = (ms: number[]): Stats => ({ p50: percentile(ms, 50), p99: percentile(ms, 99) });
const timed = async (into: number[], fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  into.push(performance.now() - t0);
};

/** The app with the demo organisation and its data, and the demo admin as the asker. */
const demoApp = async (mode: Mode, env?: Record<string, string>): Promise<DemoApp> => {
  const app = await startApp({ mode, ...(env ? { env } : {}) });
  try {
    const demo = await seedDemo(app.flujo.platform, app.flujo.modules, { data: true });
    const ctx: RequestContext = {
      tenantId: demo.tenantId,
      userId: demo.adminUserId,
      kind: 'user',
      roles: ['Admin'],
      permissions: ['*:*'],
      storeIds: null,
    };
    const token = await app.flujo.platform.tokens.sign(ctx, 86_400);
    return {
      ...app,
      ctx,
      demoHeaders: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    };
  } catch (err) {
    await app.close();
    throw err;
  }
};

type ChatAnswer = {
  route: { target: string };
  tool_calls: { name: string; arguments: unknown; ok: boolean; result_summary: string }[];
};

/** (1) Each question: the whole answer, the planner alone (no HTTP, nothing stored), the tools alone. */
const planner = async (app: DemoApp, iterations: number) => {
  const apiFor = createApiCaller(app.flujo.platform, () => app.flujo.app);
  const rows = [];
  for (const q of QUESTIONS) {
    const ask = async () => {
      const r = await app.flujo.app.inject({
        method: 'POST',
        url: '/api/v1/ai/chat',
        headers: app.demoHeaders,
        payload: { message: q.text },
      });
      if (r.statusCode !== 200) throw new Error(`${q.text}: ${r.statusCode} ${r.body}`);
      return r.json() as ChatAnswer;
    };
    const first = await ask();
    if (first.route.target !== 'offline' || first.tool_calls.length === 0)
      throw new Error(`${q.text}: not answered by the planner through tools: ${JSON.stringify(first)}`);
    const calls = first.tool_calls;
    // A new caller per answer, as the chat makes one per turn (one token signed each).
    const direct = async () => {
      const api = apiFor(app.ctx);
      const out = [];
      for (const c of calls) out.push(await runTool(api, c.name, c.arguments, q.lang));
      return out;
    };
    const check = await direct();
    calls.forEach((c, i) => {
      if (check[i]?.ok !== c.ok || check[i]?.summary !== c.result_summary)
        throw new Error(`${q.text}: ${c.name} called directly answers otherwise than in the chat`);
    });
    const alone = () => answerOffline(apiFor(app.ctx), q.text);
    for (let i = 0; i < WARM_UP; i++) {
      await ask();
      await alone();
      await direct();
    }
    const chat: number[] = [];
    const plannerOnly: number[] = [];
    const tools: number[] = [];
    // Interleaved, so whatever else the machine does weighs on all three alike.
    for (let i = 0; i < iterations; i++) {
      await timed(chat, ask);
      await timed(plannerOnly, alone);
      await timed(tools, direct);
    }
    const row = {
      question: q.text,
      tools: calls.map((c) => `${c.name} ${JSON.stringify(c.arguments)}`),
      chat: stats(chat),
      planner_alone: stats(plannerOnly),
      tools_direct: stats(tools),
      chat_over_tools_p50: round(percentile(chat, 50) / percentile(tools, 50), 2),
      stored_and_http_p50_ms: round(percentile(chat, 50) - percentile(plannerOnly, 50), 2),
    };
    console.log(`  ${q.text}: chat ${row.chat.p50} ms, tools ${row.tools_direct.p50} ms`);
    rows.push(row);
  }
  return rows;
};

/** (2) Each example: the guard alone, guard + read-only runner, and the bare SELECT as the owner. */
const guard = async (app: DemoApp, iterations: number) => {
  const p = app.flujo.platform;
  const opts = { views: AI_VIEWS, permissions: app.ctx.permissions, allowSensitive: true };
  const rows = [];
  for (const ex of QUERY_EXAMPLES) {
    const guarded = async () => {
      const g = await guardSql(ex.sql, opts);
      if (!g.ok) throw new Error(`${ex.id}: refused (${g.rule}) ${g.detail}`);
      return g.sql;
    };
    const full = async () => runReadOnly(p, app.ctx, await guarded(), ROW_LIMIT);
    const bare = async () => {
      const c = await p.database.pool.connect();
      try {
        await c.query('begin');
        await c.query("select set_config('app.tenant_id', $1, true), set_config('app.ai_scope', '*', true)", [
          app.ctx.tenantId,
        ]);
        const r = await c.query(ex.sql);
        await c.query('commit');
        return r.rows.length;
      } catch (err) {
        await c.query('rollback');
        throw err;
      } finally {
        c.release();
      }
    };
    const rowsBack = await bare();
    const ran = await full();
    for (let i = 0; i < WARM_UP; i++) {
      await guarded();
      await full();
      await bare();
    }
    const g: number[] = [];
    const f: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < iterations; i++) {
      await timed(g, guarded);
      await timed(f, full);
      await timed(b, bare);
    }
    const bareP50 = percentile(b, 50);
    rows.push({
      example: ex.id,
      rows: rowsBack,
      rows_through_runner: ran.rows.length,
      guard_us: stats(g.map((ms) => ms * 1000)),
      guard_and_run_ms: stats(f),
      bare_ms: stats(b),
      guard_over_bare_p50: round(percentile(g, 50) / bareP50, 3),
      full_over_bare_p50: round(percentile(f, 50) / bareP50, 2),
    });
  }
  return rows;
};

/** (3) Turns per second with a fake model: text only, and one tool call then text. */
const turns = async (mode: Mode, clients: number, seconds: number) => {
  const fake = await startFakeLlm();
  const app = await demoApp(mode, {
    LLM_BASE_URL: fake.url,
    LLM_MODEL: 'fake',
    // The configuration's ceiling: far above what one process asks of a model.
    AI_REQUESTS_PER_MINUTE: '100000',
    AI_TOKENS_PER_DAY: '0',
  });
  const out: Record<Scenario, { flujo: Load; model_alone: Load; model_requests_per_turn: number }> =
    {} as never;
  try {
    const cases: [Scenario, string, number][] = [
      ['text', 'which buffers need an order today?', 0],
      ['tool', '¿Qué productos están en rojo?', 1],
    ];
    for (const [scenario, message, toolCalls] of cases) {
      script(fake, scenario);
      const flujoTurn = chatTurn(app.url, app.demoHeaders, message, toolCalls);
      await flujoTurn();
      // The model requests of that one turn are what the baseline sends.
      const bodies = fake.requests.map((r) => r.body);
      fake.requests.length = 0;
      const direct = modelTurn(fake, bodies);
      await closedLoop(clients, 1, flujoTurn);
      await closedLoop(clients, 1, direct);
      fake.requests.length = 0;
      const flujo = await closedLoop(clients, seconds, flujoTurn);
      fake.requests.length = 0;
      const alone = await closedLoop(clients, seconds, direct);
      fake.requests.length = 0;
      console.log(`  ${scenario}: flujo ${flujo.per_s} turns/s, model alone ${alone.per_s} turns/s`);
      out[scenario] = { flujo, model_alone: alone, model_requests_per_turn: bodies.length };
    }
  } finally {
    await app.close();
    await fake.close();
  }
  return out;
};

/** Both modes keep their figures in one file; a run replaces only its own mode's. */
const writeMode = (mode: Mode, result: object) => {
  const out = path.resolve(import.meta.dirname, 'results/assistant.json');
  const before = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as object) : {};
  fs.writeFileSync(out, `${JSON.stringify({ ...before, [mode]: result }, null, 2)}\n`);
  console.log(`\nwritten ${path.relative(process.cwd(), out)} (${mode})`);
};

export const run = async (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      iterations: { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '8' },
      seconds: { type: 'string', default: '10' },
      mode: { type: 'string', default: process.env.DATABASE_URL ? 'production' : 'embedded' },
    },
  });
  const mode: Mode = values.mode === 'production' ? 'production' : 'embedded';
  const iterations = Number(values.iterations);
  const clients = Number(values.concurrency);
  const seconds = Number(values.seconds);
  const start = machine();
  console.log(`assistant, ${mode} mode, load average ${start.load_average_1m}`);

  const app = await demoApp(mode);
  let answers: Awaited<ReturnType<typeof planner>>;
  let sql: Awaited<ReturnType<typeof guard>>;
  try {
    console.log(`\nplanner: ${QUESTIONS.length} questions × ${iterations}`);
    answers = await planner(app, iterations);
    console.log(`sql: ${QUERY_EXAMPLES.length} examples × ${iterations}`);
    sql = await guard(app, iterations);
  } finally {
    await app.close();
  }
  console.log(`turns: ${clients} clients, ${seconds} s per phase`);
  const load = await turns(mode, clients, seconds);
  const end = machine().load_average_1m;

  console.log(
    `\nOffline planner, ${mode} mode, ${iterations} answers each (ms): the whole chat answer, the planner ` +
      'alone (no HTTP, nothing stored) and the same tools called directly through the same API caller\n',
  );
  table(
    ['question', 'tools', 'chat p50', 'chat p99', 'planner p50', 'tools p50', 'tools p99', 'chat ÷ tools'],
    answers.map((r) => [
      r.question,
      r.tools.map((t) => t.split(' ')[0]).join(', '),
      r.chat.p50,
      r.chat.p99,
      r.planner_alone.p50,
      r.tools_direct.p50,
      r.tools_direct.p99,
      r.chat_over_tools_p50,
    ]),
  );
  const stored = answers.map((r) => r.stored_and_http_p50_ms).sort((a, b) => a - b);
  const storedMedian = stored[Math.floor(stored.length / 2)] ?? 0;
  console.log(
    `\nthe HTTP round and what the chat stores (conversation, two messages, tool audit, routing log): ` +
      `chat p50 − planner p50 = ${stored[0]}–${stored.at(-1)} ms, median ${storedMedian} ms`,
  );

  console.log(
    `\nNL→SQL guard, ${mode} mode, ${iterations} runs each: guardSql alone (µs), guard + runReadOnly ` +
      `(read-only transaction, role, EXPLAIN, row limit ${ROW_LIMIT}) and the bare SELECT as the owner (ms)\n`,
  );
  table(
    [
      'example',
      'rows',
      'guard p50 µs',
      'guard p99 µs',
      'full p50',
      'full p99',
      'bare p50',
      'bare p99',
      'guard ÷ bare',
      'full ÷ bare',
    ],
    sql.map((r) => [
      r.example,
      r.rows,
      r.guard_us.p50,
      r.guard_us.p99,
      r.guard_and_run_ms.p50,
      r.guard_and_run_ms.p99,
      r.bare_ms.p50,
      r.bare_ms.p99,
      r.guard_over_bare_p50,
      r.full_over_bare_p50,
    ]),
  );

  console.log(
    `\nChat turns with a fake model, ${mode} mode, ${clients} clients, ${seconds} s each; model alone = ` +
      'the same model requests sent to the fake server directly\n',
  );
  table(
    ['turn', 'turns/s', 'p50 ms', 'p99 ms', 'errors', 'model alone turns/s', 'p50 ms', 'flujo ÷ model alone'],
    (['text', 'tool'] as const).map((s) => {
      const r = load[s];
      return [
        s === 'text' ? 'text answer' : 'buffers_in_zone, then text',
        r.flujo.per_s,
        r.flujo.p50,
        r.flujo.p99,
        r.flujo.errors,
        r.model_alone.per_s,
        r.model_alone.p50,
        round(r.flujo.per_s / r.model_alone.per_s, 3),
      ];
    }),
  );
  console.log(`\nload average ${start.load_average_1m} at the start, ${end} at the end`);

  writeMode(mode, {
    ...start,
    load_average_1m_end: end,
    mode,
    iterations,
    concurrency: clients,
    seconds,
    planner: { rows: answers, stored_and_http_p50_ms_median: storedMedian },
    sql: { row_limit: ROW_LIMIT, rows: sql },
    turns: Object.fromEntries(
      Object.entries(load).map(([k, v]) => [
        k,
        { ...v, flujo_over_model_alone: round(v.flujo.per_s / v.model_alone.per_s, 3) },
      ]),
    ),
  });
};
