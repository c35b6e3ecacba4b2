import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Executor } from '../db/client.ts';
import type { RequestContext } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { idempotencyKeys } from './idempotency.schema.ts';

export type Outcome<T> = { status: number; body: T };
/** Stores the outcome inside the caller's business transaction, so a crash cannot split them. */
export type Record = (tx: Executor, outcome: Outcome<unknown>) => Promise<void>;

const LOCK_SECONDS = 60;
const KEY = /^[\x21-\x7e]{1,255}$/;

const hashOf = (scope: string, body: unknown) =>
  createHash('sha256')
    .update(`${scope}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');

/**
 * `Idempotency-Key` for POSTs that create things (ARCHITECTURE.md §7): the first request with a
 * key runs; a retry with the same key and body gets the stored response; the same key with a
 * different body is a 409; a retry while the first is still running is a 409 to retry later.
 */
export const createIdempotency = (db: Db) => {
  const record =
    (tenantId: string, key: string): Record =>
    async (tx, outcome) => {
      await tx
        .update(idempotencyKeys)
        .set({ status: outcome.status, response: outcome.body as object })
        .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
    };

  const claim = async (tenantId: string, key: string, scope: string, requestHash: string) => {
    const inserted = await db
      .insert(idempotencyKeys)
      .values({
        tenantId,
        key,
        scope,
        requestHash,
        lockedUntil: sql`now() + make_interval(secs => ${LOCK_SECONDS})`,
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length > 0) return { claimed: true as const };
    const [row] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
    if (!row) return claim(tenantId, key, scope, requestHash);
    if (row.scope !== scope || row.requestHash !== requestHash) {
      throw new DomainError('platform.idempotency_conflict', {
        detail: 'This Idempotency-Key was already used for a different request; use a new key.',
      });
    }
    if (row.status !== null)
      return { claimed: false as const, stored: { status: row.status, body: row.response } };
    // A holder that crashed leaves an expired lock; the retry takes over.
    const taken = await db
      .update(idempotencyKeys)
      .set({ lockedUntil: sql`now() + make_interval(secs => ${LOCK_SECONDS})` })
      .where(
        and(
          eq(idempotencyKeys.tenantId, tenantId),
          eq(idempotencyKeys.key, key),
          sql`${idempotencyKeys.status} is null and ${idempotencyKeys.lockedUntil} < now()`,
        ),
      )
      .returning({ key: idempotencyKeys.key });
    if (taken.length > 0) return { claimed: true as const };
    throw new DomainError('platform.idempotency_in_progress', {
      detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
    });
  };

  const run = async <T>(
    ctx: RequestContext,
    key: string | undefined,
    scope: string,
    body: unknown,
    fn: (record: Record) => Promise<Outcome<T>>,
    opts: { required?: boolean } = {},
  ): Promise<Outcome<T> & { replayed: boolean }> => {
    if (key === undefined) {
      if (opts.required) {
        throw new DomainError('platform.idempotency_key_required', {
          detail: 'Send an Idempotency-Key header (a unique string per intended operation).',
          errors: [{ field: 'header.idempotency-key', message: 'is required' }],
        });
      }
      return { ...(await fn(async () => {})), replayed: false };
    }
    if (!KEY.test(key)) {
      throw new DomainError('platform.validation', {
        detail: 'Idempotency-Key must be 1–255 visible ASCII characters.',
        errors: [{ field: 'header.idempotency-key', message: 'must be 1–255 visible ASCII characters' }],
      });
    }
    const c = await claim(ctx.tenantId, key, scope, hashOf(scope, body));
    if (!c.claimed) return { ...(c.stored as Outcome<T>), replayed: true };
    let recorded = false;
    const rec = record(ctx.tenantId, key);
    try {
      const outcome = await fn(async (tx, o) => {
        await rec(tx, o);
        recorded = true;
      });
      if (!recorded) await rec(db, outcome);
      return { ...outcome, replayed: false };
    } catch (err) {
      // A rejected request wrote nothing, so the key is free for a corrected retry.
      await db
        .delete(idempotencyKeys)
        .where(and(eq(idempotencyKeys.tenantId, ctx.tenantId), eq(idempotencyKeys.key, key)));
      throw err;
    }
  };

  return {
    run,
    /**
     * A route's whole idempotent answer: `fn` runs once per Idempotency-Key (recording its
     * outcome in its own transaction through `record`), a retry replays the first answer with
     * `idempotent-replayed: true`. The scope is the route, so one key never crosses routes.
     */
    reply: async <T>(
      req: FastifyRequest,
      reply: FastifyReply,
      status: number,
      fn: (record: Record) => Promise<T>,
      opts: { required?: boolean } = {},
    ) => {
      const r = await run(
        req.ctx,
        req.headers['idempotency-key'] as string | undefined,
        `${req.method} ${req.routeOptions.url}`,
        req.body,
        async (record) => ({ status, body: await fn(record) }),
        opts,
      );
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(r.status).send(r.body);
    },
  };
};

export type Idempotency = ReturnType<typeof createIdempotency>;
