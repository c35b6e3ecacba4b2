// Builds web/dist when it is missing or older than the web sources, so `npm install` and
// `npm start` always serve the current app. Skips quietly where Vite is not installed
// (a production image built with --omit=dev ships a prebuilt dist instead).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');
const index = path.join(web, 'dist', 'index.html');

const newest = (dir: string): number => {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
};

const sources = [
  path.join(web, 'src'),
  path.join(web, 'index.html'),
  path.join(web, 'vite.config.ts'),
].filter((p) => fs.existsSync(p));
const sourceTime = Math.max(
  0,
  ...sources.map((p) => (fs.statSync(p).isDirectory() ? newest(p) : fs.statSync(p).mtimeMs)),
);
const builtTime = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;

if (builtTime >= sourceTime && builtTime > 0) process.exit(0);
const hasVite = () => {
  try {
    createRequire(path.join(web, 'package.json')).resolve('vite/package.json');
    return true;
  } catch {
    return false;
  }
};
if (!hasVite()) {
  console.log('web: vite is not installed; skipping the web build');
  process.exit(0);
}
console.log('web: building the web app (web/dist)…');
const r = spawnSync('npm', ['run', 'build', '-w', 'web', '--silent'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
