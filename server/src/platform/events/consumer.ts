import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import type { Logger } from '../observability/log.ts';
import type { EventHandler } from './bus.ts';
import type { EventDefinition, EventEnvelope } from './envelope.ts';

/**
 * Wraps a handler so its effect happens once per consumer and event, however often the
 * event is delivered: the processed-event row and the handler's writes share a transaction.
 */
export const idempotent =
  (db: Db, consumer: string, handler: (tx: Tx, event: EventEnvelope) => Promise<void>): EventHandler =>
  async (event) => {
    await db.transaction(async (tx) => {
      const { rows } = await tx.execute(sql`
        insert into processed_events (consumer, event_id) values (${consumer}, ${event.id})
        on conflict do nothing returning event_id`);
      if (rows.length === 0) return;
      await handler(tx, event);
    });
  };

/** What a consumer does with some event types, given the event with its payload checked. */
export type Handling = {
  definitions: EventDefinition<unknown>[];
  handle: (e: EventEnvelope) => Promise<void>;
};

/**
 * Handles one event type, or several that share a payload shape, with the payload parsed
 * against the event's schema: the handler gets it typed, no cast needed.
 */
export const on = <P>(
  events: EventDefinition<P> | EventDefinition<P>[],
  handle: (e: EventEnvelope<P>) => Promise<void>,
): Handling => ({
  definitions: (Array.isArray(events) ? events : [events]) as EventDefinition<unknown>[],
  handle: handle as (e: EventEnvelope) => Promise<void>,
});

export type EventConsumer = { name: string; patterns: string[]; handle: EventHandler };

/**
 * A durable consumer of exactly the event types its handlings name. A payload that does not
 * match its event's schema is logged and skipped: delivering it again cannot mend it, and
 * retrying would only hold up the events behind it.
 */
export const eventConsumer = (log: Logger, name: string, handlings: Handling[]): EventConsumer => {
  const byType = new Map<string, { definition: EventDefinition<unknown>; handle: Handling['handle'] }>();
  for (const h of handlings) {
    for (const definition of h.definitions) {
      if (byType.has(definition.type)) throw new Error(`${name} handles ${definition.type} twice`);
      byType.set(definition.type, { definition, handle: h.handle });
    }
  }
  return {
    name,
    patterns: [...byType.keys()],
    handle: async (e) => {
      const target = byType.get(e.type);
      if (!target) return;
      const parsed = target.definition.payload.safeParse(e.payload);
      if (!parsed.success) {
        log.error(
          { consumer: name, eventId: e.id, type: e.type, issues: parsed.error.issues },
          'malformed event payload; skipped',
        );
        return;
      }
      await target.handle({ ...e, payload: parsed.data });
    },
  };
};
