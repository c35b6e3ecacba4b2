// PgBouncer in transaction pooling mode in front of a PostgreSQL server, started for a test or a
// benchmark and stopped after it: its own ini and user list in a temporary directory, a free
// port, and never the system's service. PgBouncer refuses to run as root; as root it is started
// with `-u postgres` and the directory is handed to that user.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'];

/** The pgbouncer binary, or undefined when it is not installed. */
export const pgbouncerBinary = () => CANDIDATES.find((p) => fs.existsSync(p));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

export type PgBouncer = {
  port: number;
  /** `server` (a postgres:// URL) with its host and port replaced by PgBouncer's. */
  url: (server: string) => string;
  /** The process, for its CPU time. */
  child: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
};

export const startPgBouncer = async (o: {
  /** The PostgreSQL server behind it: any URL of it (its host, port and user are used). */
  server: string;
  poolSize?: number;
  maxClients?: number;
}): Promise<PgBouncer> => {
  const bin = pgbouncerBinary();
  if (!bin) throw new Error('pgbouncer is not installed');
  const target = new URL(o.server);
  const user = decodeURIComponent(target.username || 'postgres');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-pgbouncer-'));
  const ini = path.join(dir, 'pgbouncer.ini');
  const logfile = path.join(dir, 'pgbouncer.log');
  fs.writeFileSync(path.join(dir, 'users.txt'), `"${user}" ""\n`);
  fs.writeFileSync(
    ini,
    [
      '[databases]',
      // Every database name goes to the same-named database on the server.
      `* = host=${target.hostname} port=${target.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${o.poolSize ?? 20}`,
      `max_client_conn = ${o.maxClients ?? 500}`,
      `logfile = ${logfile}`,
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  const root = process.getuid?.() === 0;
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    for (const f of ['', 'pgbouncer.ini', 'users.txt']) fs.chownSync(path.join(dir, f), uid, gid);
  }
  const child = spawn(bin, [...(root ? ['-u', 'postgres'] : []), ini], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const log = () => {
    try {
      return fs.readFileSync(logfile, 'utf8') + err;
    } catch {
      return err;
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; !(await accepts(port)); i++) {
    if (child.exitCode !== null || i > 100) {
      const out = log();
      await stop();
      throw new Error(`pgbouncer did not start: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: (server) => {
      const u = new URL(server);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    child,
    log,
    stop,
  };
};
