// `npm test`: type-check, lint, backend suites in embedded mode, the same suites against the
// real PostgreSQL / NATS / Redis when their URLs are set, then the browser smoke test.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const real = ['DATABASE_URL', 'NATS_URL', 'REDIS_URL'].filter((k) => process.env[k]);
const only = process.argv.slice(2);
const totals = { pass: 0, fail: 0, skipped: 0 };
const failures: string[] = [];

const run = (label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  new Promise<boolean>((resolve) => {
    console.log(`\n▶ ${label}`);
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (d: Buffer) => {
      process.stdout.write(d);
      tail = (tail + d.toString()).slice(-4000);
    });
    child.on('close', (code) => {
      for (const k of ['pass', 'fail', 'skipped'] as const) {
        const m = tail.match(new RegExp(`ℹ ${k} (\\d+)`));
        if (m) totals[k] += Number(m[1]);
      }
      if (code !== 0) failures.push(label);
      resolve(code === 0);
    });
  });

const files = (dir: string, suffix: RegExp): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => suffix.test(f) && !f.includes('node_modules'))
        .map((f) => path.join(dir, f))
        .sort()
    : [];

const backend = [...files('server/src', /\.test\.ts$/), ...files('server/test', /\.test\.ts$/)].filter(
  (f) => only.length === 0 || only.some((o) => f.includes(o)),
);
const nodeTest = ['--test', '--test-concurrency=2', '--test-timeout=120000'];
const embeddedEnv = { ...process.env, DATABASE_URL: '', NATS_URL: '', REDIS_URL: '' };

if (only.length === 0) {
  await run('type-check', 'tsc', ['-p', 'tsconfig.json']);
  await run('type-check web', 'tsc', ['-p', 'web/tsconfig.json']);
  await run('type-check browser tests', 'tsc', ['-p', 'web/e2e/tsconfig.json']);
  await run('lint', 'biome', ['lint', '--error-on-warnings', '.']);
}
await run(
  'backend tests, embedded mode (PGlite, in-process bus, memory cache)',
  'node',
  [...nodeTest, ...backend],
  embeddedEnv,
);
if (real.length > 0) {
  await run(`backend tests, production mode (${real.join(', ')})`, 'node', [...nodeTest, ...backend]);
} else {
  console.log('\nproduction-mode suites skipped: set DATABASE_URL, NATS_URL and REDIS_URL to run them');
}
if (only.length === 0) {
  const built = await run('web build', 'node', ['scripts/ensure-web.ts']);
  if (built)
    await run(
      'browser smoke test (Chromium)',
      'node',
      [...nodeTest, ...files('web/e2e', /\.e2e\.test\.ts$/)],
      embeddedEnv,
    );
}

console.log(`\n${failures.length ? `failed steps: ${failures.join('; ')}` : 'all steps passed'}`);
console.log(`tests: ${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
process.exit(failures.length ? 1 : 0);
