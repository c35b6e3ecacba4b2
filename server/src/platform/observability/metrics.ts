import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per platform instance, so tests can build several apps in one process. */
export const createMetrics = () => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'flujo_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'flujo_http_request_duration_seconds',
      help: 'HTTP request latency by method, route and status code',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: 'flujo_events_published_total',
      help: 'Events published by the outbox relay, by type',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    eventsConsumed: new Counter({
      name: 'flujo_events_consumed_total',
      help: 'Event deliveries to consumers, by consumer and outcome',
      labelNames: ['consumer', 'outcome'] as const,
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'flujo_jobs_total',
      help: 'Jobs run by name and outcome',
      labelNames: ['name', 'outcome'] as const,
      registers: [registry],
    }),
  };
};

export type Metrics = ReturnType<typeof createMetrics>;
