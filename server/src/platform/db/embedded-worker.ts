// Runs PGlite in its own thread and serves it over the Postgres wire protocol, so the
// main thread talks `pg` in both modes and never blocks on a WASM query.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

type Input = { dataDir?: string; socketPath: string; maxConnections: number };
const { dataDir, socketPath, maxConnections } = workerData as Input;

/**
 * PGlite's own defaults plus a smaller buffer pool. Its WebAssembly build zeroes the whole
 * shared-memory segment at start, so Postgres's default 128 MB of shared buffers is resident
 * for the life of the process (WebAssembly memory never shrinks). The demo data takes about
 * 20 MB; a page not in the pool is read from the data directory through the OS cache.
 */
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

const port = parentPort;
if (!port) throw new Error('embedded-worker must run in a worker thread');

try {
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), startParams });
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
  await server.start();
  // Its directory is already owner-only; the socket itself is too, in case the directory changes.
  fs.chmodSync(socketPath, 0o600);
  port.postMessage({ type: 'ready' });
  port.on('message', async (m: { type: string }) => {
    if (m.type !== 'stop') return;
    await server.stop();
    await db.close();
    port.postMessage({ type: 'stopped' });
  });
} catch (err) {
  port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
