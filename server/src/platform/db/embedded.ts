import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export type EmbeddedPostgres = { url: string; stop: () => Promise<void> };

type WorkerMessage =
  | { type: 'ready'; conn: string }
  | { type: 'error'; message: string }
  | { type: 'stopped' };

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** PGlite keeps one writer per directory; a second Flujo on the same data would corrupt it. */
const takeLock = (dataDir: string) => {
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = path.join(dataDir, 'flujo.lock');
  if (fs.existsSync(lock)) {
    const pid = Number(fs.readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`the data directory ${dataDir} is in use by another Flujo process (pid ${pid})`);
    }
  }
  fs.writeFileSync(lock, String(process.pid));
  return () => fs.rmSync(lock, { force: true });
};

/**
 * Starts PGlite in a worker thread behind a local Postgres socket.
 * `dataDir` undefined means in-memory (tests).
 */
export const startEmbeddedPostgres = async (opts: {
  dataDir?: string;
  maxConnections: number;
}): Promise<EmbeddedPostgres> => {
  const pgDir = opts.dataDir ? path.join(opts.dataDir, 'pg') : undefined;
  const release = opts.dataDir ? takeLock(opts.dataDir) : () => {};
  const worker = new Worker(new URL('./embedded-worker.ts', import.meta.url), {
    workerData: { dataDir: pgDir, maxConnections: opts.maxConnections },
  });
  try {
    const conn = await new Promise<string>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: WorkerMessage) => {
        if (m.type === 'ready') resolve(m.conn);
        else if (m.type === 'error') reject(new Error(`embedded database failed to start: ${m.message}`));
      });
    });
    let stopped = false;
    return {
      url: `postgres://postgres@${conn}/postgres`,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5000);
          worker.once('message', (m: WorkerMessage) => {
            if (m.type === 'stopped') {
              clearTimeout(timer);
              resolve();
            }
          });
          worker.postMessage({ type: 'stop' });
        });
        await worker.terminate();
        release();
      },
    };
  } catch (err) {
    await worker.terminate();
    release();
    throw err;
  }
};
