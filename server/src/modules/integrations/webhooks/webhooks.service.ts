import { lookup } from 'node:dns/promises';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/client.ts';
import type { RequestContext } from '../../../platform/domain/context.ts';
import { DomainError } from '../../../platform/domain/errors.ts';
import type { EventEnvelope } from '../../../platform/events/envelope.ts';
import { offsetOf, type PageQuery, pageOf } from '../../../platform/http/pagination.ts';
import type { Platform } from '../../../platform/platform.ts';
import { isPrivateAddress, newSecret, retryDelay, sign, wants } from '../domain/webhooks.ts';
import { integrationsEvents } from '../events.ts';
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from '../schema.ts';
import { post } from '../http-out.ts';

export const DELIVER_JOB = 'integrations-webhook-deliver';
export type DeliverJob = { tenantId: string; deliveryId: string };
export type SubscriptionInput = {
  url: string;
  events: string[];
  description?: string | null | undefined;
  enabled?: boolean | undefined;
};

type Subscription = typeof webhookSubscriptions.$inferSelect;
/** A rotated-out secret keeps signing beside the new one for a day, so receivers can switch over. */
const ROTATION_OVERLAP = "interval '24 hours'";

const view = (s: Subscription) => ({
  id: s.id,
  url: s.url,
  events: s.events,
  description: s.description,
  enabled: s.enabled,
  disabled_reason: s.disabledReason,
  created_at: new Date(s.createdAt).toISOString(),
  updated_at: new Date(s.updatedAt).toISOString(),
});

export const createWebhooksService = (p: Platform) => {
  const allowPrivate = p.config.WEBHOOK_ALLOW_PRIVATE === true;

  /** A URL a delivery may go to: http(s), no credentials, and (unless allowed) a public address. */
  const checkUrl = async (url: string) => {
    const bad = (message: string) =>
      new DomainError('integrations.webhook_url_refused', {
        detail: `url: ${message}`,
        errors: [{ field: 'url', message }],
      });
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw bad('is not a URL');
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw bad('must be http or https');
    if (u.username || u.password) throw bad('must not carry a user or password');
    if (allowPrivate) return;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const addresses = await lookup(host, { all: true }).catch(() => {
      throw bad(`${host} does not resolve`);
    });
    if (addresses.some((a) => isPrivateAddress(a.address)))
      throw bad(`${host} resolves to a private, loopback or link-local address`);
  };

  const load = async (tx: Tx, tenantId: string, id: string) => {
    const [s] = await tx
      .select()
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.tenantId, tenantId), eq(webhookSubscriptions.id, id)));
    if (!s) throw new DomainError('integrations.webhook_not_found');
    return s;
  };

  const changed = (tenantId: string, id: string) =>
    integrationsEvents.webhookChanged.create({ tenantId, aggregateId: id, payload: { subscription_id: id } });

  // Subscriptions per tenant, kept briefly: every event of the tenant asks. A change through
  // the API drops the tenant's entry in every process (the change's own event).
  const memo = new Map<string, { at: number; subs: Subscription[] }>();
  const subscriptionsOf = async (tenantId: string) => {
    const hit = memo.get(tenantId);
    if (hit && Date.now() - hit.at < 30_000) return hit.subs;
    const subs = await p.uow.forTenant(tenantId, (tx) =>
      tx
        .select()
        .from(webhookSubscriptions)
        .where(and(eq(webhookSubscriptions.tenantId, tenantId), eq(webhookSubscriptions.enabled, true))),
    );
    memo.set(tenantId, { at: Date.now(), subs });
    return subs;
  };

  const secretsOf = (s: Subscription) => [
    p.sealer.open(s.secret),
    ...(s.previousSecret && s.previousSecretUntil && new Date(s.previousSecretUntil) > new Date()
      ? [p.sealer.open(s.previousSecret)]
      : []),
  ];

  return {
    list: (ctx: RequestContext) =>
      p.uow.forTenant(ctx.tenantId, async (tx) =>
        (
          await tx
            .select()
            .from(webhookSubscriptions)
            .where(eq(webhookSubscriptions.tenantId, ctx.tenantId))
            .orderBy(webhookSubscriptions.createdAt)
        ).map(view),
      ),
    get: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => view(await load(tx, ctx.tenantId, id))),
    /** The secret is shown once, here and at rotation. */
    create: async (ctx: RequestContext, i: SubscriptionInput) => {
      await checkUrl(i.url);
      return p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const secret = newSecret();
        const [s] = await tx
          .insert(webhookSubscriptions)
          .values({
            tenantId: ctx.tenantId,
            url: i.url,
            events: i.events,
            description: i.description ?? null,
            secret: p.sealer.seal(secret),
            enabled: i.enabled ?? true,
          })
          .returning();
        if (!s) throw new Error('subscription not written');
        emit(changed(ctx.tenantId, s.id));
        return { ...view(s), secret };
      });
    },
    update: async (ctx: RequestContext, id: string, i: Partial<SubscriptionInput>) => {
      if (i.url !== undefined) await checkUrl(i.url);
      return p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        await load(tx, ctx.tenantId, id);
        const [s] = await tx
          .update(webhookSubscriptions)
          .set({
            ...(i.url !== undefined ? { url: i.url } : {}),
            ...(i.events !== undefined ? { events: i.events } : {}),
            ...(i.description !== undefined ? { description: i.description } : {}),
            // Turning an endpoint back on clears why it was turned off.
            ...(i.enabled !== undefined ? { enabled: i.enabled, disabledReason: null } : {}),
            updatedAt: sql`now()`,
          })
          .where(eq(webhookSubscriptions.id, id))
          .returning();
        if (!s) throw new DomainError('integrations.webhook_not_found');
        emit(changed(ctx.tenantId, id));
        return view(s);
      });
    },
    remove: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        await load(tx, ctx.tenantId, id);
        await tx.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
        emit(changed(ctx.tenantId, id));
      }),
    rotate: (ctx: RequestContext, id: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx, emit) => {
        const old = await load(tx, ctx.tenantId, id);
        const secret = newSecret();
        const [s] = await tx
          .update(webhookSubscriptions)
          .set({
            secret: p.sealer.seal(secret),
            previousSecret: old.secret,
            previousSecretUntil: sql.raw(`now() + ${ROTATION_OVERLAP}`),
            updatedAt: sql`now()`,
          })
          .where(eq(webhookSubscriptions.id, id))
          .returning();
        if (!s) throw new DomainError('integrations.webhook_not_found');
        emit(changed(ctx.tenantId, id));
        return { ...view(s), secret };
      }),
    deliveries: (ctx: RequestContext, id: string, q: PageQuery) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        await load(tx, ctx.tenantId, id);
        const rows = await tx
          .select()
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.tenantId, ctx.tenantId), eq(webhookDeliveries.subscriptionId, id)))
          .orderBy(desc(webhookDeliveries.createdAt))
          .limit(q.limit)
          .offset(offsetOf(q));
        const [n] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.subscriptionId, id));
        const attempts = rows.length
          ? await tx
              .select()
              .from(webhookAttempts)
              .where(sql`${webhookAttempts.deliveryId} = any(${sql.param(rows.map((r) => r.id))}::uuid[])`)
              .orderBy(webhookAttempts.attempt)
          : [];
        return pageOf(
          rows.map((d) => ({
            id: d.id,
            event_id: d.eventId,
            event_type: d.eventType,
            status: d.status,
            attempts: d.attempts,
            next_attempt_at: d.nextAttemptAt ? new Date(d.nextAttemptAt).toISOString() : null,
            created_at: new Date(d.createdAt).toISOString(),
            delivered_at: d.deliveredAt ? new Date(d.deliveredAt).toISOString() : null,
            log: attempts
              .filter((a) => a.deliveryId === d.id)
              .map((a) => ({
                attempt: a.attempt,
                at: new Date(a.at).toISOString(),
                status: a.status,
                latency_ms: a.latencyMs,
                response: a.response,
                error: a.error,
              })),
          })),
          n?.n ?? 0,
          q,
        );
      }),
    /** Sends a delivery again now, whatever became of it. */
    replay: (ctx: RequestContext, deliveryId: string) =>
      p.uow.forTenant(ctx.tenantId, async (tx) => {
        const [d] = await tx
          .update(webhookDeliveries)
          .set({ status: 'pending', nextAttemptAt: sql`now()` })
          .where(and(eq(webhookDeliveries.tenantId, ctx.tenantId), eq(webhookDeliveries.id, deliveryId)))
          .returning();
        if (!d) throw new DomainError('integrations.delivery_not_found');
        const job: DeliverJob = { tenantId: ctx.tenantId, deliveryId };
        await p.jobs.send(DELIVER_JOB, job, { tx });
        return { id: d.id, status: d.status };
      }),

    /** The consumer's half: an event of a tenant becomes one delivery per endpoint that wants it. */
    fanOut: async (e: EventEnvelope) => {
      const tenantId = e.tenantId;
      if (!tenantId) return;
      if (e.type === integrationsEvents.webhookChanged.type) memo.delete(tenantId);
      const subs = (await subscriptionsOf(tenantId)).filter((s) => wants(s.events, e.type));
      if (subs.length === 0) return;
      await p.uow.forTenant(tenantId, async (tx) => {
        for (const s of subs) {
          const [d] = await tx
            .insert(webhookDeliveries)
            .values({
              tenantId,
              subscriptionId: s.id,
              eventId: e.id,
              eventType: e.type,
              payload: { type: e.type, timestamp: e.occurredAt, data: e.payload as Record<string, unknown> },
            })
            .onConflictDoNothing()
            .returning({ id: webhookDeliveries.id });
          const job: DeliverJob = { tenantId, deliveryId: d?.id as string };
          if (d) await p.jobs.send(DELIVER_JOB, job, { tx, singletonKey: d.id });
        }
      });
    },

    /** One try of a delivery; a failure schedules the next with backoff, a 410 turns the endpoint off. */
    deliver: async (job: DeliverJob) => {
      const found = await p.uow.forTenant(job.tenantId, async (tx) => {
        const [d] = await tx
          .select()
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.tenantId, job.tenantId), eq(webhookDeliveries.id, job.deliveryId)));
        if (!d || d.status === 'delivered' || d.status === 'dead') return null;
        const [s] = await tx
          .select()
          .from(webhookSubscriptions)
          .where(eq(webhookSubscriptions.id, d.subscriptionId));
        return s ? { d, s } : null;
      });
      if (!found) return;
      const { d, s } = found;
      const body = JSON.stringify(d.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = secretsOf(s)
        .map((secret) => sign(secret, d.eventId, timestamp, body))
        .join(' ');
      const out = s.enabled
        ? await post(
            s.url,
            {
              'webhook-id': d.eventId,
              'webhook-timestamp': String(timestamp),
              'webhook-signature': signature,
              'user-agent': 'Flujo-Webhooks/1',
            },
            body,
            { allowPrivate },
          )
        : { status: null, latencyMs: 0, response: null, error: 'the endpoint is disabled' };
      const attempt = d.attempts + 1;
      const ok = out.status !== null && out.status >= 200 && out.status < 300;
      const gone = out.status === 410;
      const wait = ok || gone || !s.enabled ? null : retryDelay(attempt);
      await p.uow.forTenant(job.tenantId, async (tx) => {
        await tx
          .insert(webhookAttempts)
          .values({
            tenantId: job.tenantId,
            deliveryId: d.id,
            attempt,
            status: out.status,
            latencyMs: out.latencyMs,
            response: out.response,
            error: out.error,
          })
          .onConflictDoNothing();
        await tx
          .update(webhookDeliveries)
          .set({
            attempts: attempt,
            lastStatus: out.status,
            lastError: out.error,
            status: ok ? 'delivered' : wait === null ? 'dead' : 'failed',
            deliveredAt: ok ? sql`now()` : null,
            nextAttemptAt: wait === null ? null : sql.raw(`now() + interval '${wait} seconds'`),
          })
          .where(eq(webhookDeliveries.id, d.id));
        if (gone)
          await tx
            .update(webhookSubscriptions)
            .set({ enabled: false, disabledReason: 'The endpoint answered 410 Gone', updatedAt: sql`now()` })
            .where(eq(webhookSubscriptions.id, s.id));
        if (wait !== null) await p.jobs.send(DELIVER_JOB, job, { tx, startAfterSeconds: wait });
      });
      if (gone) memo.delete(job.tenantId);
    },
  };
};

export type WebhooksService = ReturnType<typeof createWebhooksService>;
