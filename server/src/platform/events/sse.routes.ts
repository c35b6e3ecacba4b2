import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { hasPermission } from '../domain/context.ts';
import type { App } from '../http/app.ts';
import type { Platform } from '../platform.ts';
import { contextOf, type EventEnvelope } from './envelope.ts';
import { eventInStoreScope } from './store-scope.ts';
import { endWithToken } from './stream-lifetime.ts';

/** Contexts whose events are read with another resource's permission (planning's are buffers'). */
const READ_AS: Record<string, string> = {
  planning: 'buffer:read',
  orders: 'order:read',
  integrations: 'import:read',
};
const readPermissionOf = (context: string) => READ_AS[context] ?? `${context}:read`;

/**
 * `/api/v1/events/stream`: Server-Sent Events with the caller's tenant events, each only if
 * the caller may read its context (an `inventory.*` event needs `inventory:read`) and, for a
 * store-scoped caller, only if it is about one of their stores.
 */
export const sseRoutes = (app: App, p: Platform, heartbeatMs = 15_000) => {
  const open = new Set<ServerResponse>();
  // Every stream that passes an event gets the same frame: it is serialised once, not once per
  // open stream (the listeners run one after another for the same event object).
  let last: { e: EventEnvelope; frame: string } | undefined;
  const frameOf = (e: EventEnvelope) => {
    if (last?.e !== e) last = { e, frame: `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n` };
    return last.frame;
  };
  // Long-lived streams would hold shutdown forever; end them when the server starts closing.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });

  app.get(
    '/api/v1/events/stream',
    {
      config: { permission: 'events:read' },
      schema: {
        tags: ['events'],
        summary: 'Live event stream (text/event-stream) of the caller tenant',
        querystring: z.object({ types: z.string().optional().describe('comma-separated type prefixes') }),
      },
    },
    async (req, reply) => {
      const ctx = req.ctx;
      const prefixes = req.query.types?.split(',').filter(Boolean) ?? [];
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': req.id,
      });
      res.write(`retry: 3000\n: connected\n\n`);
      open.add(res);
      const stop = endWithToken(p, ctx, () => res.end());
      // Events come in bursts (the relay publishes a batch at once): the frames a stream gets
      // in one turn of the event loop leave in one socket write, not one write each.
      let corked = false;
      const off = p.onEvent((e) => {
        if (e.tenantId !== ctx.tenantId) return;
        if (!hasPermission(ctx.permissions, readPermissionOf(contextOf(e.type)))) return;
        if (prefixes.length && !prefixes.some((x) => e.type.startsWith(x))) return;
        if (!eventInStoreScope(ctx, e)) return;
        if (!corked) {
          corked = true;
          res.cork();
          setImmediate(() => {
            corked = false;
            res.uncork();
          });
        }
        res.write(frameOf(e));
      });
      const beat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs).unref();
      const close = () => {
        clearInterval(beat);
        stop();
        off();
        open.delete(res);
      };
      // A client that left before the stream was set up has already closed it: 'close' will not come.
      if (res.destroyed) close();
      else res.on('close', close);
    },
  );
};
