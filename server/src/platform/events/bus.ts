import type { EventEnvelope } from './envelope.ts';

export type EventHandler = (event: EventEnvelope) => Promise<void>;

export type Subscription = { close: () => Promise<void> };

/**
 * The event bus seen by the rest of the app. `subscribe` is a durable, at-least-once
 * consumer shared by all processes under one name (one of them gets each event);
 * `tap` is a live, best-effort feed that every process receives (SSE, cache invalidation).
 */
export type EventBus = {
  kind: 'memory' | 'nats';
  publish: (event: EventEnvelope) => Promise<void>;
  subscribe: (consumer: string, patterns: string[], handler: EventHandler) => Promise<Subscription>;
  tap: (handler: (event: EventEnvelope) => void) => Promise<Subscription>;
  status: () => 'connected' | 'degraded' | 'down';
  close: () => Promise<void>;
};
