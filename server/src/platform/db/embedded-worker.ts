// Runs PGlite in its own thread and serves it over the Postgres wire protocol, so the
// main thread talks `pg` in both modes and never blocks on a WASM query.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

type Input = { dataDir?: string; maxConnections: number };
const { dataDir, maxConnections } = workerData as Input;

const port = parentPort;
if (!port) throw new Error('embedded-worker must run in a worker thread');

try {
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections });
  await server.start();
  port.postMessage({ type: 'ready', conn: server.getServerConn() });
  port.on('message', async (m: { type: string }) => {
    if (m.type !== 'stop') return;
    await server.stop();
    await db.close();
    port.postMessage({ type: 'stopped' });
  });
} catch (err) {
  port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
