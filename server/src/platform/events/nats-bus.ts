import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';
import type { Logger } from '../observability/log.ts';
import type { EventBus, EventHandler, Subscription } from './bus.ts';
import { contextOf, type EventEnvelope, matches } from './envelope.ts';

/** A subject token: NATS reserves `.`, `*`, `>` and whitespace. */
const token = (v: string) => v.replace(/[.*>\s]/g, '_');

/**
 * The subject of an event: its type, then — for stock events — the location code, as seed 001
 * publishes `stock.updated.MAD-001`, so a store can listen to its own stock alone
 * (`flujo.inventory.stock.updated.MAD-001`, or `flujo.inventory.stock.*.MAD-001`).
 */
export const subjectOf = (prefix: string, event: EventEnvelope) => {
  const code = (event.payload as { location_code?: unknown } | null)?.location_code;
  return event.type.startsWith('inventory.stock.') && typeof code === 'string' && code
    ? `${prefix}.${event.type}.${token(code)}`
    : `${prefix}.${event.type}`;
};

export type NatsBusOptions = {
  url: string;
  log: Logger;
  /** Bounded contexts: one stream each. */
  contexts: string[];
  maxDeliver?: number;
  ackWaitMs?: number;
  retryDelayMs?: number;
  onDelivered?: (consumer: string, outcome: 'ok' | 'retry' | 'dropped') => void;
  /** Subject and stream prefix; lets several deployments (or test runs) share one server. */
  streamPrefix?: string;
};

const DUPLICATE_WINDOW_MS = 120_000;

/** Durable names may not contain `.`, `*`, `>` or spaces. */
const durableName = (consumer: string) => consumer.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * JetStream bus for production mode: a stream per bounded context, `msgID` = event id so a
 * relay that republishes after a crash is de-duplicated by the server, durable pull consumers
 * shared by every worker under one name, and a core subscription as the live tap.
 */
export const createNatsBus = async (o: NatsBusOptions): Promise<EventBus> => {
  const prefix = o.streamPrefix ?? 'flujo';
  const maxDeliver = o.maxDeliver ?? 5;
  const retryDelayMs = o.retryDelayMs ?? 500;
  const ackWait = nanos(o.ackWaitMs ?? 30_000);
  const streamOf = (context: string) => `${prefix}_${context}`.toUpperCase();

  const nc = await connect({
    servers: o.url,
    name: 'flujo',
    timeout: 5000,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  }).catch((err: Error) => {
    throw new Error(`cannot connect to NATS at ${o.url}: ${err.message}`);
  });
  let reconnecting = false;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnecting') reconnecting = true;
      if (s.type === 'reconnect') reconnecting = false;
    }
  })().catch(() => {});

  const jsm = await jetstreamManager(nc);
  for (const context of o.contexts) {
    const config = {
      name: streamOf(context),
      subjects: [`${prefix}.${context}.>`],
      storage: StorageType.File,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    };
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, {
        subjects: config.subjects,
        duplicate_window: config.duplicate_window,
      });
    } catch {
      await jsm.streams.add(config);
    }
  }
  const js = jetstream(nc);
  const running = new Set<{ messages: ConsumerMessages; done: Promise<void> }>();

  const consumeStream = async (
    context: string,
    consumer: string,
    patterns: string[],
    handler: EventHandler,
  ) => {
    const stream = streamOf(context);
    const durable = durableName(consumer);
    // One filter where one suffices; otherwise the whole context, filtered here (NATS 2.9 has
    // a single filter per consumer).
    const relevant = patterns.filter((p) => {
      const head = p.split('.')[0];
      return head === '>' || head === '*' || head === context;
    });
    // A subject may carry a key after the type (the location code of stock events), so only a
    // pattern ending in `>` can be a server-side filter as it stands.
    const only = relevant[0];
    const filter =
      relevant.length === 1 && only && only.split('.')[0] === context && only.endsWith('.>')
        ? `${prefix}.${only}`
        : `${prefix}.${context}.>`;
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      max_deliver: maxDeliver,
      ack_wait: ackWait,
    };
    try {
      await jsm.consumers.add(stream, config);
    } catch {
      await jsm.consumers.update(stream, durable, {
        filter_subject: filter,
        max_deliver: maxDeliver,
        ack_wait: ackWait,
      });
    }
    const c = await js.consumers.get(stream, durable);
    const messages = await c.consume({ max_messages: 1 });
    const done = (async () => {
      for await (const m of messages) {
        let event: EventEnvelope;
        try {
          event = JSON.parse(m.string()) as EventEnvelope;
        } catch {
          o.log.error({ subject: m.subject }, 'unreadable event; terminated');
          m.term('unreadable');
          continue;
        }
        if (!patterns.some((p) => matches(p, event.type))) {
          m.ack();
          continue;
        }
        try {
          await handler(event);
          m.ack();
          o.onDelivered?.(consumer, 'ok');
        } catch (err) {
          if (m.info.deliveryCount >= maxDeliver) {
            o.log.error({ err, consumer, eventId: event.id, type: event.type }, 'event dropped');
            m.term('handler kept failing');
            o.onDelivered?.(consumer, 'dropped');
          } else {
            m.nak(retryDelayMs * m.info.deliveryCount);
            o.onDelivered?.(consumer, 'retry');
          }
        }
      }
    })();
    const entry = { messages, done };
    running.add(entry);
    return entry;
  };

  return {
    kind: 'nats',
    publish: async (event) => {
      const context = contextOf(event.type);
      if (!o.contexts.includes(context)) throw new Error(`no stream for events of context ${context}`);
      await js.publish(subjectOf(prefix, event), JSON.stringify(event), { msgID: event.id });
    },
    subscribe: async (consumer, patterns, handler): Promise<Subscription> => {
      const contexts = o.contexts.filter((ctx) =>
        patterns.some((p) => {
          const head = p.split('.')[0];
          return head === '>' || head === '*' || head === ctx;
        }),
      );
      const entries = await Promise.all(
        contexts.map((ctx) => consumeStream(ctx, consumer, patterns, handler)),
      );
      return {
        close: async () => {
          for (const e of entries) {
            await e.messages.close();
            await e.done;
            running.delete(e);
          }
        },
      };
    },
    tap: async (handler) => {
      const sub = nc.subscribe(`${prefix}.>`, {
        callback: (err, m) => {
          if (err) return;
          try {
            handler(JSON.parse(m.string()) as EventEnvelope);
          } catch (e) {
            o.log.warn({ err: e }, 'event tap failed');
          }
        },
      });
      return { close: async () => sub.unsubscribe() };
    },
    status: () => (nc.isClosed() ? 'down' : reconnecting ? 'degraded' : 'connected'),
    close: async () => {
      // Handlers in progress finish; unacknowledged messages are redelivered to another worker.
      for (const e of running) {
        await e.messages.close();
        await e.done;
      }
      running.clear();
      if (!nc.isClosed()) await nc.drain();
    },
  };
};
