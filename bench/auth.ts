// Sign-in throughput (argon2id dominates) and the cost of the auth hook: authenticated
// GET /api/v1/users/me against the unauthenticated health route, in the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARGON2_PARAMS, ensureTenant } from '../server/src/modules/identity/index.ts';
import { buildTestApp } from '../server/test/helpers.ts';
import { benchArgs, measure, type Row } from './lib.ts';

export const run = async (argv: string[]) => {
  const { duration, connections } = benchArgs(argv);
  const t = await buildTestApp();
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: t.demo.email, password: t.demo.password }),
  });
  const { access_token } = (await login.json()) as { access_token: string };

  const rows: Row[] = [];
  rows.push(await measure('GET /api/health (no auth)', { url: `${url}/api/health`, connections, duration }));
  rows.push(
    await measure('GET /api/v1/users/me (bearer token)', {
      url: `${url}/api/v1/users/me`,
      connections,
      duration,
      headers: { authorization: `Bearer ${access_token}` },
    }),
  );
  // Sign-ins are CPU-bound on argon2: few connections say more than many.
  rows.push(
    await measure('POST /api/v1/auth/login', {
      url: `${url}/api/v1/auth/login`,
      method: 'POST',
      connections: 4,
      duration,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: t.demo.email, password: t.demo.password }),
    }),
  );
  // Enumeration: a known and an unknown email must take the same time (ratio near 1.00), as one
  // prober sees it: one connection, so the latency is the request's own, not a queue's.
  const post = (target: string, route: string, body: object) =>
    measure(target, {
      url: `${url}${route}`,
      method: 'POST',
      connections: 1,
      duration,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const pairs: [Row, Row][] = [
    [
      await post('login, known email, wrong password', '/api/v1/auth/login', {
        email: t.demo.email,
        password: 'not-the-password',
      }),
      await post('login, unknown email', '/api/v1/auth/login', {
        email: 'nobody@demo.flujo.dev',
        password: 'not-the-password',
      }),
    ],
    [
      // The same email in a second organisation: without the organisation, a wrong password
      // must cost what any other does (it used to answer "which organisation?" at once).
      await (async () => {
        await ensureTenant(t.platform, {
          slug: 'bench-second',
          name: 'Second',
          admin: { email: t.demo.email, name: 'Second', password: 'second-org-password' },
        });
        return post('login, email in two organisations, wrong password', '/api/v1/auth/login', {
          email: t.demo.email,
          password: 'not-the-password',
        });
      })(),
      await post('login, unknown email (again)', '/api/v1/auth/login', {
        email: 'nobody@demo.flujo.dev',
        password: 'not-the-password',
      }),
    ],
    [
      await post('forgot-password, known email', '/api/v1/auth/forgot-password', { email: t.demo.email }),
      await post('forgot-password, unknown email', '/api/v1/auth/forgot-password', {
        email: 'nobody@demo.flujo.dev',
      }),
    ],
  ];
  for (const pair of pairs) rows.push(...pair);
  await t.close();

  const base = rows[0]?.rps ?? 1;
  console.log(
    `\nAuth, ${duration} s each (embedded mode); argon2id m=${ARGON2_PARAMS.memoryCost} KiB t=${ARGON2_PARAMS.timeCost} p=${ARGON2_PARAMS.parallelism}\n`,
  );
  console.log('| target | req/s | p50 ms | p99 ms | vs health | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.target} | ${r.rps} | ${r.p50} | ${r.p99} | ${(r.rps / base).toFixed(3)} | ${r.errors} |`,
    );
  console.log('\n| known vs unknown email | p50 ratio |');
  console.log('| --- | ---: |');
  for (const [known, unknown] of pairs)
    console.log(`| ${known.target} | ${(known.p50 / Math.max(unknown.p50, 0.001)).toFixed(2)} |`);
  const out = path.resolve(import.meta.dirname, 'results/auth.json');
  fs.writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, argon2: ARGON2_PARAMS, duration_s: duration, connections, rows: rows.map((r) => ({ ...r, ratio_vs_health: Number((r.rps / base).toFixed(3)) })) }, null, 2)}\n`,
  );
  console.log(`\nwritten ${path.relative(process.cwd(), out)}`);
};
