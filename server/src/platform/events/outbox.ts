import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import type { EventEnvelope } from './envelope.ts';

/**
 * Writes events in the caller's transaction; they are published only once it commits. One JSON
 * parameter carries them all, in emit order (the relay publishes by `seq`): a nightly chunk
 * emits thousands, which as one bound parameter per column would cost more to build and parse
 * than to store.
 */
export const appendToOutbox = async (tx: Executor, events: EventEnvelope[]) => {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    id: e.id,
    tenant_id: e.tenantId,
    type: e.type,
    version: e.version,
    aggregate_id: e.aggregateId,
    payload: e.payload,
    occurred_at: e.occurredAt,
  }));
  await tx.execute(sql`
    insert into outbox (id, tenant_id, type, version, aggregate_id, payload, occurred_at)
    select (e.v->>'id')::uuid, (e.v->>'tenant_id')::uuid, e.v->>'type', (e.v->>'version')::int,
      e.v->>'aggregate_id', e.v->'payload', (e.v->>'occurred_at')::timestamptz
    from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) with ordinality as e(v, n)
    order by e.n`);
};
