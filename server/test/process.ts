import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const main = path.resolve(import.meta.dirname, '../src/main.ts');

export type FlujoProcess = {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop: () => Promise<number | null>;
};

/**
 * Starts `flujo serve --all` on an embedded database in `dataDir` (or another role with
 * `args`) on a free port and resolves once it prints that it is ready; `stop` sends SIGTERM
 * and resolves with the exit code.
 */
export const spawnFlujo = (
  dataDir: string,
  env: Record<string, string> = {},
  args = ['serve', '--all'],
  /** Node's own flags, before the script (as `npm start` passes them). */
  nodeArgs: string[] = [],
) =>
  new Promise<FlujoProcess>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs, main, ...args, '--port', '0', '--host', '127.0.0.1'],
      {
        env: {
          ...process.env,
          DATABASE_URL: '',
          NATS_URL: '',
          REDIS_URL: '',
          FLUJO_DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          LOG_FORMAT: 'json',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const onExit = (code: number | null) =>
      reject(new Error(`flujo exited ${code} before it was ready: ${out}`));
    child.on('exit', onExit);
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/(?:is ready|worker) at (http:\/\/\S+)/);
      if (!m?.[1]) return;
      child.off('exit', onExit);
      resolve({
        child,
        url: m[1],
        output: () => out,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    });
  });
