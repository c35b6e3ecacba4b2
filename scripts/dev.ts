// `npm run dev`: the API (all-in-one, embedded unless DATABASE_URL is set) and the Vite dev
// server with hot reload, which proxies /api to the API. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const children = [
  spawn(
    'node',
    [
      '--liftoff-only',
      '--max-semi-space-size=16',
      '--watch-path=server/src',
      'server/src/main.ts',
      'serve',
      '--all',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  ),
  spawn('npm', ['run', 'dev', '-w', 'web'], { cwd: root, stdio: 'inherit' }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => code && stop());
