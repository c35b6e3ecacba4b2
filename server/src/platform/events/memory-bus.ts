import type { Logger } from '../observability/log.ts';
import type { EventBus, EventHandler, Subscription } from './bus.ts';
import { type EventEnvelope, matches } from './envelope.ts';

type Consumer = {
  name: string;
  patterns: string[];
  handler: EventHandler;
  queue: EventEnvelope[];
  busy: boolean;
};

export type MemoryBusOptions = {
  log: Logger;
  /** How many times a failing handler is tried before the event is dropped for that consumer. */
  maxDeliver?: number;
  retryDelayMs?: number;
  onDelivered?: (consumer: string, outcome: 'ok' | 'retry' | 'dropped') => void;
  /** Like JetStream's duplicate window: an id seen recently is not delivered again. */
  dedupeWindow?: number;
};

/** In-process bus for embedded mode: same semantics as the JetStream bus, minus the network. */
export const createMemoryBus = (opts: MemoryBusOptions): EventBus => {
  const maxDeliver = opts.maxDeliver ?? 5;
  const retryDelayMs = opts.retryDelayMs ?? 100;
  const dedupeWindow = opts.dedupeWindow ?? 10_000;
  const consumers = new Map<string, Consumer>();
  const taps = new Set<(e: EventEnvelope) => void>();
  const seen = new Set<string>();
  const inflight = new Set<Promise<void>>();
  let closed = false;

  const drain = async (c: Consumer) => {
    if (c.busy) return;
    c.busy = true;
    try {
      while (c.queue.length > 0 && !closed) {
        const event = c.queue[0] as EventEnvelope;
        for (let attempt = 1; ; attempt++) {
          try {
            await c.handler(event);
            opts.onDelivered?.(c.name, 'ok');
            break;
          } catch (err) {
            if (attempt >= maxDeliver || closed) {
              opts.log.error({ err, consumer: c.name, eventId: event.id, type: event.type }, 'event dropped');
              opts.onDelivered?.(c.name, 'dropped');
              break;
            }
            opts.onDelivered?.(c.name, 'retry');
            await new Promise((r) => setTimeout(r, retryDelayMs * attempt));
          }
        }
        c.queue.shift();
      }
    } finally {
      c.busy = false;
    }
  };

  const schedule = (c: Consumer) => {
    const p = drain(c).finally(() => inflight.delete(p));
    inflight.add(p);
  };

  return {
    kind: 'memory',
    publish: async (event) => {
      if (closed) throw new Error('event bus is closed');
      if (seen.has(event.id)) return;
      seen.add(event.id);
      if (seen.size > dedupeWindow) seen.delete(seen.values().next().value as string);
      for (const c of consumers.values()) {
        if (c.patterns.some((p) => matches(p, event.type))) {
          c.queue.push(event);
          schedule(c);
        }
      }
      for (const t of taps) {
        try {
          t(event);
        } catch (err) {
          opts.log.warn({ err }, 'event tap failed');
        }
      }
    },
    subscribe: async (name, patterns, handler): Promise<Subscription> => {
      if (consumers.has(name)) throw new Error(`consumer ${name} is already subscribed`);
      consumers.set(name, { name, patterns, handler, queue: [], busy: false });
      return { close: async () => void consumers.delete(name) };
    },
    tap: async (handler) => {
      taps.add(handler);
      return { close: async () => void taps.delete(handler) };
    },
    status: () => (closed ? 'down' : 'connected'),
    close: async () => {
      // Let handlers that are running finish; what is still queued stays in the outbox history.
      await Promise.allSettled([...inflight]);
      closed = true;
      consumers.clear();
      taps.clear();
    },
  };
};
