import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';

/** ARCHITECTURE.md §5: the one shape every event has on every bus. */
export type EventEnvelope<P = unknown> = {
  id: string;
  type: string;
  version: number;
  tenantId: string | null;
  aggregateId: string;
  payload: P;
  occurredAt: string;
};

export type EventDefinition<P> = {
  type: string;
  version: number;
  payload: z.ZodType<P>;
  create: (e: { tenantId: string | null; aggregateId: string; payload: P }) => EventEnvelope<P>;
  is: (e: EventEnvelope) => e is EventEnvelope<P>;
  /** The event with its payload checked against the schema; undefined for another type or a malformed payload. */
  read: (e: EventEnvelope) => EventEnvelope<P> | undefined;
};

/** The payload type of an event definition: `PayloadOf<typeof inventoryEvents.stockUpdated>`. */
export type PayloadOf<D> = D extends EventDefinition<infer P> ? P : never;

/** Declares an event type owned by a module; `create` validates the payload before it is stored. */
export const defineEvent = <P>(type: string, version: number, payload: z.ZodType<P>): EventDefinition<P> => ({
  type,
  version,
  payload,
  create: ({ tenantId, aggregateId, payload: p }) => ({
    id: uuidv7(),
    type,
    version,
    tenantId,
    aggregateId,
    payload: payload.parse(p),
    occurredAt: new Date().toISOString(),
  }),
  is: (e): e is EventEnvelope<P> => e.type === type,
  read: (e) => {
    if (e.type !== type) return undefined;
    const parsed = payload.safeParse(e.payload);
    return parsed.success ? { ...e, payload: parsed.data } : undefined;
  },
});

/** The bounded context an event belongs to: the first segment of its type. */
export const contextOf = (type: string) => type.split('.', 1)[0] ?? type;

/**
 * NATS-style subject matching on event types: `*` matches one segment, `>` the rest.
 * Both buses use it so a pattern means the same thing in either mode.
 */
export const matches = (pattern: string, type: string): boolean => {
  const p = pattern.split('.');
  const t = type.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return t.length > i;
    if (i >= t.length) return false;
    if (p[i] !== '*' && p[i] !== t[i]) return false;
  }
  return p.length === t.length;
};
