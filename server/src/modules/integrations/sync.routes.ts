import { z } from 'zod';
import { isTimeZone } from '../../platform/dates.ts';
import type { App } from '../../platform/http/app.ts';
import type { ConnectionsService } from './connections.service.ts';
import { firings, type SyncService } from './sync.service.ts';
import { RestSettingsIn } from './rest/rest.schema.ts';
import { SYNC_STATUSES, SYNC_TYPES } from './schema.ts';

const tags = ['integrations'];
const IdParam = z.object({ id: z.uuid() });
const Zone = z.string().max(64).refine(isTimeZone, 'is not an IANA time zone such as America/Mexico_City');
const Cron = z
  .string()
  .max(100)
  .refine((c) => firings(c) !== null, 'is not a cron expression such as "0 */6 * * *"');
const Host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, 'a host name or address');
const Common = {
  name: z.string().trim().min(1).max(100),
  password: z
    .string()
    .max(2000)
    .optional()
    .describe('Microsip: the Firebird password; REST: the API key, token, password or client secret'),
  schedule: z
    .union([Cron, z.null()])
    .optional()
    .describe('cron (UTC) for incremental syncs, default every 6 h; null: on demand only'),
  enabled: z.boolean().optional(),
};
const MicrosipIn = z.object({
  kind: z.literal('microsip'),
  ...Common,
  host: Host,
  port: z.number().int().min(1).max(65535).optional(),
  database: z.string().trim().min(1).max(400).describe('the database path or alias on the Firebird server'),
  user: z.string().trim().min(1).max(63),
  timezone: Zone.optional().describe('the zone Microsip’s clocks keep; default America/Mexico_City'),
});
const RestIn = z.object({ kind: z.literal('rest'), ...Common, rest: RestSettingsIn });
const ConnectionIn = z.discriminatedUnion('kind', [MicrosipIn, RestIn]);
const ConnectionChange = MicrosipIn.omit({ kind: true })
  .partial()
  .extend({ rest: RestSettingsIn.optional() });
const ConnectionOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  name: z.string(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  database: z.string().nullable(),
  user: z.string().nullable(),
  timezone: z.string().nullable(),
  rest: z.record(z.string(), z.unknown()).nullable().describe('the REST connector’s settings (kind rest)'),
  has_password: z.boolean(),
  inbound_url: z.string().nullable(),
  schedule: z.string().nullable(),
  enabled: z.boolean(),
  last_test: z.object({ at: z.string(), ok: z.boolean(), message: z.string().nullable() }).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
const JobOut = z.object({
  id: z.uuid(),
  connection_id: z.uuid(),
  types: z.array(z.enum(SYNC_TYPES)),
  incremental: z.boolean(),
  trigger: z.enum(['manual', 'schedule', 'webhook']),
  status: z.enum(SYNC_STATUSES),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  failed: z.number().int(),
  error: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
});
const Started = z.object({
  job: JobOut,
  queued: z.boolean().describe('false: a sync of this connection was already waiting or running'),
});
const Which = z.object({ connection_id: z.uuid().optional() });

export const syncRoutes = (app: App, conns: ConnectionsService, sync: SyncService) => {
  app.get(
    '/api/v1/integrations/connections',
    {
      config: { permission: 'integration:read' },
      schema: {
        tags,
        summary: 'ERP connections',
        response: { 200: z.object({ data: z.array(ConnectionOut) }) },
      },
    },
    async (req) => ({ data: await conns.list(req.ctx) }),
  );
  app.post(
    '/api/v1/integrations/connections',
    {
      config: { permission: 'integration:write' },
      schema: {
        tags,
        summary: 'Connect an ERP (Microsip over Firebird)',
        body: ConnectionIn,
        response: { 201: ConnectionOut },
      },
    },
    async (req, reply) => reply.code(201).send(await conns.create(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/integrations/connections/:id',
    {
      config: { permission: 'integration:read' },
      schema: {
        tags,
        summary: 'One connection (never its password)',
        params: IdParam,
        response: { 200: ConnectionOut },
      },
    },
    async (req) => conns.get(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/integrations/connections/:id',
    {
      config: { permission: 'integration:write' },
      schema: {
        tags,
        summary: 'Change a connection; a password left out is kept',
        params: IdParam,
        body: ConnectionChange,
        response: { 200: ConnectionOut },
      },
    },
    async (req) => conns.update(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/integrations/connections/:id',
    {
      config: { permission: 'integration:write' },
      schema: {
        tags,
        summary: 'Remove a connection and its sync history',
        params: IdParam,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await conns.remove(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/integrations/connections/:id/test',
    {
      config: { permission: 'integration:write' },
      schema: {
        tags,
        summary: 'Connect for real and read one row',
        params: IdParam,
        response: { 200: z.object({ ok: z.boolean(), message: z.string(), connection: ConnectionOut }) },
      },
    },
    async (req) => conns.test(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/sync/products',
    {
      config: { permission: 'sync:trigger' },
      schema: {
        tags,
        summary: 'Sync products from the ERP (seed 004)',
        body: Which.extend({ incremental: z.boolean().default(true) }),
        response: { 202: Started },
      },
    },
    async (req, reply) =>
      reply.code(202).send(await sync.start(req.ctx, { ...req.body, types: ['products'] })),
  );
  app.post(
    '/api/v1/sync/:type',
    {
      config: { permission: 'sync:trigger' },
      schema: {
        tags,
        summary: 'Sync customers, stock or sales from the ERP',
        params: z.object({ type: z.enum(['customers', 'stock', 'sales']) }),
        body: Which.extend({ incremental: z.boolean().default(true) }),
        response: { 202: Started },
      },
    },
    async (req, reply) =>
      reply.code(202).send(await sync.start(req.ctx, { ...req.body, types: [req.params.type] })),
  );
  app.post(
    '/api/v1/sync/full',
    {
      config: { permission: 'sync:trigger' },
      schema: {
        tags,
        summary: 'Read everything again: products, customers, stock and sales (seed 004)',
        body: Which,
        response: { 202: Started },
      },
    },
    async (req, reply) =>
      reply
        .code(202)
        .send(await sync.start(req.ctx, { ...req.body, types: [...SYNC_TYPES], incremental: false })),
  );
  app.get(
    '/api/v1/sync/status',
    {
      config: { permission: 'integration:read' },
      schema: {
        tags,
        summary: 'Connections with their schedule and last sync per kind, and the last jobs (seed 004)',
        querystring: Which,
        response: {
          200: z.object({
            connections: z.array(
              ConnectionOut.extend({
                next_run: z.string().nullable(),
                last_sync: z.record(z.enum(SYNC_TYPES), z.string().nullable()),
              }),
            ),
            jobs: z.array(JobOut),
          }),
        },
      },
    },
    async (req) => sync.status(req.ctx, req.query.connection_id),
  );
  app.get(
    '/api/v1/sync/jobs/:id',
    {
      config: { permission: 'integration:read' },
      schema: { tags, summary: 'One sync job with its counts', params: IdParam, response: { 200: JobOut } },
    },
    async (req) => sync.job(req.ctx, req.params.id),
  );
};
