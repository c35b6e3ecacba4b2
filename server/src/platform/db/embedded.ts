import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export type EmbeddedPostgres = { url: string; stop: () => Promise<void> };

type WorkerMessage = { type: 'ready' } | { type: 'error'; message: string } | { type: 'stopped' };

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

/** The name libpq and `pg` look for in a socket directory (`host=/dir`, port 5432). */
const SOCKET_NAME = '.s.PGSQL.5432';
// sun_path holds 104 bytes on macOS and 108 on Linux, terminator included.
const MAX_SOCKET_PATH = 100;

/**
 * Where the database socket lives: `run/` in the data directory, owner-only. The database
 * accepts anyone who reaches the socket, as superuser, so only this user may reach it. A
 * data directory too deep for a socket path, or none (tests), gets a private temporary one.
 */
const socketDirectory = (dataDir: string | undefined) => {
  if (dataDir) {
    const dir = path.join(dataDir, 'run');
    if (path.join(dir, SOCKET_NAME).length <= MAX_SOCKET_PATH) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.chmodSync(dir, 0o700);
      // We hold the data directory's lock, so a socket file left here belongs to a dead process.
      fs.rmSync(path.join(dir, SOCKET_NAME), { force: true });
      return { dir, remove: () => {} };
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-pg-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
};

/** The data files and the token key are this user's alone; best effort on a directory we do not own. */
const restrictDataDir = (dataDir: string) => {
  try {
    fs.chmodSync(dataDir, 0o700);
  } catch {
    // Not our directory to change; the socket directory is still owner-only.
  }
};

/**
 * Starts PGlite in a worker thread behind a Unix socket that only this user can open; no
 * TCP port, so no other local user or process reaches the database.
 * `dataDir` undefined means in-memory (tests).
 */
export const startEmbeddedPostgres = async (opts: {
  dataDir?: string;
  maxConnections: number;
}): Promise<EmbeddedPostgres> => {
  const pgDir = opts.dataDir ? path.join(opts.dataDir, 'pg') : undefined;
  const unlock = opts.dataDir ? takeLock(opts.dataDir) : () => {};
  if (opts.dataDir) restrictDataDir(opts.dataDir);
  let socket: ReturnType<typeof socketDirectory>;
  try {
    socket = socketDirectory(opts.dataDir);
  } catch (err) {
    unlock();
    throw err;
  }
  const release = () => {
    socket.remove();
    unlock();
  };
  // Under `node --watch` (npm run dev) a process reports the files it loads to the watcher;
  // the database's thread does so through a channel nothing reads there, and stalls. Its
  // files are not the server's to watch.
  const { WATCH_REPORT_DEPENDENCIES: _watched, ...env } = process.env;
  const worker = new Worker(new URL('./embedded-worker.ts', import.meta.url), {
    env,
    workerData: {
      dataDir: pgDir,
      socketPath: path.join(socket.dir, SOCKET_NAME),
      maxConnections: opts.maxConnections,
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: WorkerMessage) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'error') reject(new Error(`embedded database failed to start: ${m.message}`));
      });
    });
    let stopped = false;
    return {
      // `host` in the query names the socket directory and wins over the URL's placeholder host.
      url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socket.dir)}`,
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
