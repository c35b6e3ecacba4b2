// HTTP throughput of Flujo's health endpoint against a bare Fastify hello-world in the same
// run (so the ratio, not the absolute number, is what compares across machines), plus the
// time from `flujo serve --all` to ready on a fresh and on an existing data directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { buildTestApp } from '../server/test/helpers.ts';
import { spawnFlujo } from '../server/test/process.ts';
import { benchArgs, measure, type Row } from './lib.ts';

/** Milliseconds from spawn to the "is ready at" line; then a clean SIGTERM. */
const startup = async (dataDir: string) => {
  const started = performance.now();
  const p = await spawnFlujo(dataDir);
  const ms = Math.round(performance.now() - started);
  await p.stop();
  return ms;
};

export const run = async (argv: string[]) => {
  const { duration, connections } = benchArgs(argv);

  const hello = Fastify();
  hello.get('/', async () => ({ ok: true }));
  const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
  const flujo = await buildTestApp();
  const flujoUrl = await flujo.app.listen({ port: 0, host: '127.0.0.1' });

  const rows: Row[] = [];
  rows.push(await measure('fastify hello-world GET /', { url: `${helloUrl}/`, duration, connections }));
  rows.push(await measure('flujo GET /api/health', { url: `${flujoUrl}/api/health`, duration, connections }));
  rows.push(await measure('flujo GET /api/ready', { url: `${flujoUrl}/api/ready`, duration, connections }));
  await hello.close();
  await flujo.close();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-bench-'));
  const fresh = await startup(dataDir);
  const second = await startup(dataDir);
  fs.rmSync(dataDir, { recursive: true, force: true });

  const base = rows[0]?.rps ?? 1;
  console.log(`\nHTTP, ${connections} connections, ${duration} s each (embedded mode)\n`);
  console.log('| target | req/s | p50 ms | p99 ms | vs hello-world | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.target} | ${r.rps} | ${r.p50} | ${r.p99} | ${(r.rps / base).toFixed(3)} | ${r.errors} |`,
    );
  }
  console.log(`\nstart-up to ready: fresh data directory ${fresh} ms, second start ${second} ms\n`);

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    duration_s: duration,
    connections,
    http: rows.map((r) => ({ ...r, ratio_vs_hello: Number((r.rps / base).toFixed(3)) })),
    startup: { fresh_ms: fresh, second_ms: second },
  };
  const out = path.resolve(import.meta.dirname, 'results/http.json');
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written ${path.relative(process.cwd(), out)}`);
};
