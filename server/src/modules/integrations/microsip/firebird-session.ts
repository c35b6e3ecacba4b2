import type Firebird from 'node-firebird';

export type FirebirdTarget = {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** Attach (TCP, authentication, database open) must finish within this. */
  connectTimeoutMs: number;
  /** One read transaction (all its queries) must finish within this. */
  queryTimeoutMs: number;
  /** Wire encryption (Arc4 after Srp); Firebird 3 servers require it unless told otherwise. */
  wireCrypt: boolean;
};

type Row = Record<string, unknown>;
export type Query = (sql: string, params?: unknown[]) => Promise<Row[]>;

/** Why talking to the server failed, in words for whoever set up the connection. */
export class FirebirdError extends Error {
  readonly kind: 'unreachable' | 'timeout' | 'auth' | 'database' | 'lost' | 'sql';
  constructor(kind: FirebirdError['kind'], message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'FirebirdError';
    this.kind = kind;
  }
}

// Firebird status codes the driver passes on as `gdscode`.
const GDS = {
  login: 335544472,
  ioError: 335544344,
  unavailable: 335544375,
  networkError: 335544721,
  netReadError: 335544726,
  netWriteError: 335544727,
  shutdown: 335544528,
  attShutdown: 335544856,
  wireCryptIncompatible: 335545064,
} as const;
const NETWORK_CODES = new Set<number>([
  GDS.networkError,
  GDS.netReadError,
  GDS.netWriteError,
  GDS.shutdown,
  GDS.attShutdown,
]);

/** Read committed, record version (never waits for a writer's uncommitted row), read only. */
const READ_ONLY = { isolation: [15 /* read_committed */, 17 /* rec_version */], readOnly: true, wait: false };
/** An attachment idle this long is checked with a one-row query before it is trusted again. */
const IDLE_CHECK_MS = 30_000;

/** The wire connection under a Database: only what is needed to drop it without a reconnect. */
type Wire = { _isDetach?: boolean; _retry_connection_id?: ReturnType<typeof setTimeout>; _socket?: Socket };
type Socket = { destroy: () => void } | null;
type Db = Firebird.Database & { connection?: Wire };

/**
 * Drop an attachment at once, without the driver's background reconnect (it would make an
 * attachment nobody owns, and keep the process alive).
 */
const kill = (wire: Wire | undefined) => {
  if (!wire) return;
  wire._isDetach = true;
  if (wire._retry_connection_id) clearTimeout(wire._retry_connection_id);
  wire._socket?.destroy();
};

const withTimeout = <T>(work: Promise<T>, ms: number, onTimeout: () => FirebirdError): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
};

const describe = (err: unknown, t: FirebirdTarget): FirebirdError => {
  if (err instanceof FirebirdError) return err;
  const e = err as { code?: string; gdscode?: number; message?: string };
  const where = `${t.host}:${t.port}`;
  const text = e?.message ?? String(err);
  if (e?.code === 'ECONNREFUSED')
    return new FirebirdError(
      'unreachable',
      `Nothing accepts connections at ${where}: is Firebird running there?`,
      err,
    );
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN')
    return new FirebirdError('unreachable', `Host ${t.host} not found`, err);
  if (e?.code === 'EHOSTUNREACH' || e?.code === 'ENETUNREACH' || e?.code === 'ETIMEDOUT')
    return new FirebirdError('unreachable', `Host ${t.host} cannot be reached (${e.code})`, err);
  if (e?.gdscode === GDS.login)
    return new FirebirdError(
      'auth',
      `Firebird at ${where} refused user ${t.user}: wrong user or password`,
      err,
    );
  if (e?.gdscode === GDS.ioError || e?.gdscode === GDS.unavailable)
    return new FirebirdError('database', `Firebird at ${where} cannot open database ${t.database}`, err);
  if (e?.gdscode === GDS.wireCryptIncompatible)
    return new FirebirdError('auth', `Firebird at ${where} and this client disagree on wire encryption`, err);
  if (e?.gdscode === undefined || NETWORK_CODES.has(e.gdscode))
    return new FirebirdError('lost', `Connection to Firebird at ${where} failed: ${text}`, err);
  return new FirebirdError('sql', `Firebird: ${text}`, err);
};

const attach = async (t: FirebirdTarget): Promise<Db> => {
  // The driver loads with the first connection: most installations never talk to Firebird.
  const { default: Firebird } = await import('node-firebird');
  let wire: Wire | undefined;
  const attached = new Promise<Db>((resolve, reject) => {
    Firebird.attach(
      {
        host: t.host,
        port: t.port,
        database: t.database,
        user: t.user,
        password: t.password,
        // The company database is WIN1252: asking for WIN1252 means the server sends the bytes
        // as stored and the driver decodes them; with UTF8 Firebird would turn the bytes that
        // Windows-1252 leaves undefined into U+0000 without a word.
        encoding: 'WIN1252',
        numericMode: 'string',
        wireCrypt: t.wireCrypt ? Firebird.WIRE_CRYPT_ENABLE : Firebird.WIRE_CRYPT_DISABLE,
      },
      (err, db) => (err ? reject(err) : resolve(db as Db)),
    );
    // attach() creates the connection synchronously and keeps it here: the handle to drop it
    // if the server never answers.
    wire = (Firebird as unknown as { connection?: Wire }).connection;
  });
  return withTimeout(attached, t.connectTimeoutMs, () => {
    kill(wire);
    return new FirebirdError(
      'timeout',
      `No answer from Firebird at ${t.host}:${t.port} within ${t.connectTimeoutMs / 1000} s`,
    );
  }).catch((err: unknown) => {
    kill(wire);
    throw describe(err, t);
  });
};

/**
 * One attachment, made on first use and reused; each read runs in its own short read-only
 * transaction. A read that finds the connection gone reconnects once and runs again (reads
 * are safe to repeat); an attachment left idle is checked first.
 */
export const firebirdSession = (t: FirebirdTarget) => {
  let db: Db | null = null;
  let attaching: Promise<Db> | null = null;
  let lastUsed = 0;

  const drop = () => {
    kill(db?.connection);
    db = null;
  };

  const run = async <R>(conn: Db, work: (q: Query) => Promise<R>, timeoutMs: number): Promise<R> => {
    const tx = await conn.transactionAsync(READ_ONLY);
    const q: Query = (sql, params = []) => tx.queryAsync(sql, params);
    const done = (async () => {
      try {
        return await work(q);
      } finally {
        await tx.commitAsync().catch(() => {});
      }
    })();
    return withTimeout(done, timeoutMs, () => {
      // A read that does not come back leaves the attachment in an unknown state: drop it.
      drop();
      return new FirebirdError('timeout', `A read from Firebird took longer than ${timeoutMs / 1000} s`);
    });
  };

  const connected = async (): Promise<Db> => {
    if (db && Date.now() - lastUsed > IDLE_CHECK_MS) {
      const alive = await run(db, (q) => q('SELECT 1 FROM RDB$DATABASE'), t.connectTimeoutMs).then(
        () => true,
        () => false,
      );
      if (!alive) drop();
    }
    if (db) return db;
    // Reads started together share one attach instead of each making (and leaking) their own.
    attaching ??= attach(t).finally(() => {
      attaching = null;
    });
    db = await attaching;
    return db;
  };

  const read = async <R>(work: (q: Query) => Promise<R>): Promise<R> => {
    for (let attempt = 1; ; attempt++) {
      const conn = await connected();
      try {
        return await run(conn, work, t.queryTimeoutMs);
      } catch (err) {
        const failure = describe(err, t);
        if (failure.kind !== 'lost') throw failure;
        drop();
        if (attempt === 2) throw failure;
      } finally {
        lastUsed = Date.now();
      }
    }
  };

  const close = async () => {
    const conn = db;
    db = null;
    if (!conn) return;
    await withTimeout(
      conn.detachAsync(),
      t.connectTimeoutMs,
      () => new FirebirdError('timeout', 'detach'),
    ).catch(() => kill(conn.connection));
  };

  return { read, close };
};

export type FirebirdSession = ReturnType<typeof firebirdSession>;
