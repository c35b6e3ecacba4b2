import websocket from '@fastify/websocket';
import { z } from 'zod';
import { DomainError, describeError } from '../../platform/domain/errors.ts';
import { endWithToken } from '../../platform/events/stream-lifetime.ts';
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import type { ChatEvent, ChatService } from './chat.service.ts';

const tags = ['assistant'];
const ChatBody = z.object({
  conversation_id: z.uuid().optional().describe('continue this conversation; omit to start one'),
  message: z.string().trim().min(1).max(2000),
});
const ToolCall = z.object({
  name: z.string(),
  arguments: z.unknown(),
  result_summary: z.string(),
  ok: z.boolean(),
});
const Route = z.object({
  target: z.enum(['local', 'cloud', 'offline']),
  model: z.string().nullable(),
  classification: z.enum(['public', 'internal', 'sensitive', 'confidential']),
  reason: z.string().describe('in English, for logs'),
  reason_code: z
    .enum([
      'sensitive_local',
      'sensitive_held',
      'cloud',
      'local_only',
      'no_model',
      'model_failed',
      'result_sensitive',
    ])
    .describe('the reason as a code, for the UI to word'),
});
const ChatAnswer = z.object({
  conversation_id: z.uuid(),
  message_id: z.uuid(),
  answer: z.string(),
  tool_calls: z.array(ToolCall),
  cards: z.array(z.unknown()).describe('buffer, stockout, suggestion and table cards for the UI'),
  decision: z
    .object({ id: z.uuid(), kind: z.string(), summary: z.string(), status: z.string() })
    .nullable()
    .describe('a write the assistant proposes; confirm it with POST /api/v1/ai/decisions/{id}/confirm'),
  route: Route,
});

const problemOf = (err: unknown) =>
  err instanceof DomainError
    ? { code: err.code, detail: err.detail ?? describeError(err.code)?.title ?? err.code }
    : { code: 'platform.unavailable', detail: 'The assistant failed; try again.' };

/**
 * `POST /api/v1/ai/chat` answers as JSON, or as Server-Sent Events when the client accepts
 * `text/event-stream`; `GET /api/v1/ai/chat` upgraded to a WebSocket carries the same turns
 * for the web app (seed 000 §5.1).
 */
export const chatRoutes = async (app: App, p: Platform, chat: ChatService) => {
  app.post(
    '/api/v1/ai/chat',
    {
      config: { permission: 'ai:chat' },
      schema: {
        tags,
        summary: 'Asks the assistant; streamed as Server-Sent Events when you accept text/event-stream',
        description:
          'Events: `start` (conversation and route), `delta` (answer text), `tool`, `card`, `proposal`, then `done` with the whole answer, or `error`.',
        body: ChatBody,
        response: { 200: ChatAnswer },
      },
    },
    async (req, reply) => {
      if (!String(req.headers.accept ?? '').includes('text/event-stream'))
        return chat.chat(req.ctx, req.body);
      let res: typeof reply.raw | undefined;
      const send = (event: string, data: unknown) => {
        if (!res) {
          reply.hijack();
          res = reply.raw;
          res.writeHead(200, {
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-cache, no-transform',
            'x-accel-buffering': 'no',
            'x-request-id': req.id,
          });
        }
        if (!res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      try {
        const answer = await chat.chat(req.ctx, req.body, (e: ChatEvent) => send(e.type, e));
        send('done', answer);
      } catch (err) {
        // Before the stream starts, the error is an ordinary problem response.
        if (!res) throw err;
        req.log.warn({ err }, 'assistant chat failed mid-stream');
        send('error', problemOf(err));
      }
      res?.end();
      return reply;
    },
  );
  // The WebSocket plugin hooks every request of the scope it is registered in: its own scope
  // holds only the socket route, so no other request pays for it.
  await app.register(async (scope: App) => {
    await scope.register(websocket, { options: { maxPayload: 64 * 1024 } });
    socketRoute(scope, p, chat);
  });
};

const socketRoute = (app: App, p: Platform, chat: ChatService) => {
  app.route({
    method: 'GET',
    url: '/api/v1/ai/chat',
    config: { permission: 'ai:chat' },
    schema: {
      tags,
      summary: 'The chat over a WebSocket (send the token as the subprotocol `bearer.<token>`)',
      description:
        'Send `{ "type": "chat", "conversation_id"?, "message" }`; the server answers with the same events as the streamed POST, then `done` or `error`. A plain GET answers 426.',
    },
    // A refused upgrade (no token, no permission) answers over the raw socket, which nothing
    // else closes: end it, or it holds the server open.
    onResponse: async (req, reply) => {
      if (reply.statusCode !== 101 && String(req.headers.upgrade ?? '').toLowerCase() === 'websocket')
        req.raw.socket?.destroy();
    },
    handler: async (_req, reply) =>
      reply.code(426).header('upgrade', 'websocket').send({ detail: 'Upgrade to a WebSocket.' }),
    wsHandler: (socket, req) => {
      // The socket outlives the auth hook's one check: it closes when its token expires or is revoked.
      const stop = endWithToken(p, req.ctx, () => socket.close(4401, 'token expired or revoked'));
      socket.on('close', stop);
      let busy = false;
      const out = (type: string, data: object) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ ...data, type }));
      };
      socket.on('message', async (raw: Buffer) => {
        let msg: unknown;
        try {
          msg = JSON.parse(String(raw));
        } catch {
          return out('error', { code: 'platform.invalid_json', detail: 'Send JSON messages.' });
        }
        const parsed = ChatBody.extend({ type: z.literal('chat') }).safeParse(msg);
        if (!parsed.success)
          return out('error', {
            code: 'platform.validation',
            detail: parsed.error.issues
              .map((i) => `${i.path.join('.') || 'message'}: ${i.message}`)
              .join('; '),
          });
        // One turn at a time per socket: a second question waits for the client to resend it.
        if (busy) return out('error', { code: 'ai.rate_limited', detail: 'Wait for the current answer.' });
        busy = true;
        try {
          const answer = await chat.chat(req.ctx, parsed.data, (e) => out(e.type, e));
          out('done', answer);
        } catch (err) {
          req.log.warn({ err }, 'assistant chat failed on the socket');
          out('error', problemOf(err));
        } finally {
          busy = false;
        }
      });
    },
  });
};
