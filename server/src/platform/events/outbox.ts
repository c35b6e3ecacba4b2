import type { Executor } from '../db/client.ts';
import type { EventEnvelope } from './envelope.ts';
import { outbox } from './schema.ts';

/** Writes events in the caller's transaction; they are published only once it commits. */
export const appendToOutbox = async (tx: Executor, events: EventEnvelope[]) => {
  if (events.length === 0) return;
  await tx.insert(outbox).values(
    events.map((e) => ({
      id: e.id,
      tenantId: e.tenantId,
      type: e.type,
      version: e.version,
      aggregateId: e.aggregateId,
      payload: e.payload as object,
      occurredAt: e.occurredAt,
    })),
  );
};
