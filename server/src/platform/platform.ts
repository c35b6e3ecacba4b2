import { type Cache, createMemoryCache, createRedisCache } from './cache/cache.ts';
import { createInvalidations, type InvalidationRule } from './cache/cache-aside.ts';
import type { Config } from './config/config.ts';
import { type Database, openDatabase } from './db/client.ts';
import type { EventBus } from './events/bus.ts';
import type { EventEnvelope } from './events/envelope.ts';
import { createMemoryBus } from './events/memory-bus.ts';
import { createOutboxRelay, type OutboxRelay } from './events/relay.ts';
import { createReads, createUnitOfWork, type Reads, type UnitOfWork } from './events/unit-of-work.ts';
import { createTokenService, type TokenService } from './http/auth.ts';
import { createIdempotency, type Idempotency } from './http/idempotency.ts';
import { createRevocations, type Revocations } from './http/revocations.ts';
import { createJobs, type Jobs } from './jobs/jobs.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { createLogger, type Logger } from './observability/log.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { createSealer, type Sealer } from './sealer.ts';
import { resolveJwtSecret } from './secrets.ts';
import { VERSION } from './version.ts';

/** Everything technical a module may use; no business rules live here. */
export type Platform = {
  config: Config;
  log: Logger;
  metrics: Metrics;
  database: Database;
  bus: EventBus;
  cache: Cache;
  jobs: Jobs;
  relay: OutboxRelay;
  /** Transaction + outbox: `uow(async (tx, emit) => …)`; `uow.forTenant(id, …)` adds row-level security. */
  uow: UnitOfWork;
  /** `reads.forTenant(id, async (tx) => …)`: a read for a cache fill, on connections of its own. */
  reads: Reads;
  /** Row-level security is enforced (the flujo_app role exists and is ours); set after migrations. */
  rowSecurity: boolean;
  tokens: TokenService;
  /** Access tokens ended before their expiry, checked by the auth hook. */
  revocations: Revocations;
  idempotency: Idempotency;
  mailer: Mailer;
  sealer: Sealer;
  version: string;
  startedAt: Date;
  lifecycle: { ready: boolean; shuttingDown: boolean };
  /** Live feed of every event this process sees (SSE, cache invalidation). */
  onEvent: (listener: (e: EventEnvelope) => void) => () => void;
  /**
   * Drops cache keys when a matching event is committed: in the writing process before the
   * write answers, and in every process when the event passes on the bus.
   */
  invalidateOn: (pattern: string, keys: InvalidationRule) => void;
  close: () => Promise<void>;
};

export type PlatformOptions = {
  /** Bounded contexts, for JetStream streams. */
  contexts: string[];
  /** In-memory embedded database that leaves nothing on disk (tests). */
  ephemeral?: boolean;
  log?: Logger;
};

export const createPlatform = async (config: Config, opts: PlatformOptions): Promise<Platform> => {
  const log = opts.log ?? createLogger(config);
  const dataDir = opts.ephemeral ? undefined : config.dataDir;
  const secret = resolveJwtSecret(config, dataDir);
  const tokens = createTokenService(secret);
  const metrics = createMetrics();
  const database = await openDatabase({ ...config, dataDir }, log);
  const cleanup: (() => Promise<void>)[] = [() => database.close()];
  const onDelivered = (consumer: string, outcome: string) =>
    metrics.eventsConsumed.labels(consumer, outcome).inc();
  try {
    const bus = config.NATS_URL
      ? await (await import('./events/nats-bus.ts')).createNatsBus({
          url: config.NATS_URL,
          log,
          contexts: opts.contexts,
          onDelivered,
          streamPrefix: config.NATS_STREAM_PREFIX,
        })
      : createMemoryBus({ log, onDelivered });
    cleanup.unshift(() => bus.close());
    const cache = config.REDIS_URL
      ? createRedisCache(config.REDIS_URL, log, config.REDIS_KEY_PREFIX)
      : createMemoryCache();
    cleanup.unshift(() => cache.close());
    const relay = createOutboxRelay({
      db: database.db,
      bus,
      log,
      pollMs: config.OUTBOX_POLL_MS,
      onPublished: (type) => metrics.eventsPublished.labels(type).inc(),
    });
    const jobs = createJobs({
      pool: database.pool,
      mode: database.mode,
      log,
      onJob: (name, outcome) => metrics.jobs.labels(name, outcome).inc(),
    });

    const listeners = new Set<(e: EventEnvelope) => void>();
    const tap = await bus.tap((e: EventEnvelope) => {
      for (const l of listeners) l(e);
    });
    cleanup.unshift(() => tap.close());
    const revocations = createRevocations({ db: database.db, cache });
    listeners.add((e) => void revocations.onEvent(e));
    const invalidations = createInvalidations(cache);
    listeners.add(
      (e) => void invalidations.drop([e]).catch((err) => log.warn({ err }, 'cache drop on event failed')),
    );

    const platform: Platform = {
      config,
      log,
      metrics,
      database,
      bus,
      cache,
      jobs,
      relay,
      uow: createUnitOfWork(
        database.db,
        async (events) => {
          relay.nudge();
          // The write has committed: a cache that cannot be reached must not turn it into an error.
          await invalidations
            .drop(events)
            .catch((err) => log.warn({ err }, 'cache drop after commit failed'));
        },
        () => platform.rowSecurity,
      ),
      reads: createReads(database.reads, () => platform.rowSecurity),
      rowSecurity: false,
      tokens,
      revocations,
      idempotency: createIdempotency(database.db),
      sealer: createSealer(secret),
      mailer: createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, log }),
      version: VERSION,
      startedAt: new Date(),
      lifecycle: { ready: false, shuttingDown: false },
      onEvent: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      invalidateOn: (pattern, keys) => invalidations.add(pattern, keys),
      close: async () => {
        for (const fn of cleanup) await fn().catch((err) => log.warn({ err }, 'error while closing'));
      },
    };
    return platform;
  } catch (err) {
    for (const fn of cleanup) await fn().catch(() => {});
    throw err;
  }
};
