import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Connector } from './connectors/connector.ts';
import { createMicrosipConnector } from './microsip/microsip.connector.ts';
import { createRestConnector } from './rest/rest.connector.ts';
import type { RestSettings } from './rest/rest.settings.ts';
import { type ConnectionKind, connections } from './schema.ts';

/** Microsip settings (seed 004): where its Firebird database is and the zone its clocks keep. */
export type MicrosipSettings = {
  host: string;
  port: number;
  database: string;
  user: string;
  timezone: string;
};
export type ConnectionInput = {
  kind: ConnectionKind;
  name: string;
  host?: string | undefined;
  port?: number | undefined;
  database?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  timezone?: string | undefined;
  /** The generic REST connector's settings (kind `rest`); its secret travels as `password`. */
  rest?: RestSettings | undefined;
  schedule?: string | null | undefined;
  enabled?: boolean | undefined;
};

export type ConnectionRow = typeof connections.$inferSelect;

export const connectionView = (c: ConnectionRow) => {
  const m = c.kind === 'microsip' ? (c.settings as MicrosipSettings) : null;
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    host: m?.host ?? null,
    port: m?.port ?? null,
    database: m?.database ?? null,
    user: m?.user ?? null,
    timezone: m?.timezone ?? null,
    rest: c.kind === 'rest' ? (c.settings as RestSettings) : null,
    has_password: c.secret !== null,
    /** Where the ERP pushes changes once it has an inbound secret. */
    inbound_url: c.inboundSecret ? `/api/v1/integrations/connections/${c.id}/webhook` : null,
    schedule: c.schedule,
    enabled: c.enabled,
    last_test: c.lastTestAt
      ? { at: new Date(c.lastTestAt).toISOString(), ok: c.lastTestOk === true, message: c.lastTestMessage }
      : null,
    created_at: new Date(c.createdAt).toISOString(),
    updated_at: new Date(c.updatedAt).toISOString(),
  };
};

export const loadConnection = async (tx: Tx, tenantId: string, id: string) => {
  const [c] = await tx
    .select()
    .from(connections)
    .where(and(eq(connections.tenantId, tenantId), eq(connections.id, id)));
  if (!c) throw new DomainError('integrations.connection_not_found');
  return c;
};

/** The connection the caller means: the one named, or the organisation's only one. */
export const pickConnection = async (tx: Tx, tenantId: string, id: string | undefined) => {
  if (id) return loadConnection(tx, tenantId, id);
  const all = await tx
    .select()
    .from(connections)
    .where(eq(connections.tenantId, tenantId))
    .orderBy(asc(connections.createdAt))
    .limit(2);
  if (all.length === 1 && all[0]) return all[0];
  throw new DomainError(
    all.length ? 'integrations.connection_ambiguous' : 'integrations.connection_not_found',
    {
      errors: [
        {
          field: 'connection_id',
          message: all.length ? 'name the connection to sync' : 'create a connection first',
        },
      ],
    },
  );
};

/** Opens a connector for a stored connection (its secret unsealed only here). */
export const connectorFor = (p: Platform, c: ConnectionRow): Connector => {
  if (c.kind === 'rest')
    return createRestConnector({
      settings: c.settings as RestSettings,
      secret: c.secret ? p.sealer.open(c.secret) : '',
      // ERP APIs of the organisation's own network need the operator's consent, as webhooks do.
      allowPrivate: p.config.WEBHOOK_ALLOW_PRIVATE === true,
    });
  const s = c.settings as MicrosipSettings;
  return createMicrosipConnector({
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    password: c.secret ? p.sealer.open(c.secret) : '',
    timezone: s.timezone,
  });
};

const settingsOf = (i: Partial<ConnectionInput>, prior?: MicrosipSettings): MicrosipSettings => ({
  host: i.host ?? prior?.host ?? '',
  port: i.port ?? prior?.port ?? 3050,
  database: i.database ?? prior?.database ?? '',
  user: i.user ?? prior?.user ?? 'SYSDBA',
  timezone: i.timezone ?? prior?.timezone ?? 'America/Mexico_City',
});

export const createConnectionsService = (p: Platform) => ({
  list: (ctx: RequestContext) =>
    p.uow.forTenant(ctx.tenantId, async (tx) =>
      (
        await tx
          .select()
          .from(connections)
          .where(eq(connections.tenantId, ctx.tenantId))
          .orderBy(asc(connections.name))
      ).map(connectionView),
    ),
  get: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => connectionView(await loadConnection(tx, ctx.tenantId, id))),
  create: (ctx: RequestContext, i: ConnectionInput) =>
    p.uow
      .forTenant(ctx.tenantId, async (tx) => {
        const [c] = await tx
          .insert(connections)
          .values({
            tenantId: ctx.tenantId,
            kind: i.kind,
            name: i.name,
            settings: i.kind === 'rest' ? (i.rest as RestSettings) : settingsOf(i),
            secret: i.password ? p.sealer.seal(i.password) : null,
            ...(i.schedule !== undefined ? { schedule: i.schedule } : {}),
            ...(i.enabled !== undefined ? { enabled: i.enabled } : {}),
          })
          .returning();
        if (!c) throw new Error('connection not written');
        return connectionView(c);
      })
      .catch((err) => mapConstraint(err, { unique: 'integrations.connection_name_taken' })),
  update: (ctx: RequestContext, id: string, i: Partial<ConnectionInput>) =>
    p.uow
      .forTenant(ctx.tenantId, async (tx) => {
        const prior = await loadConnection(tx, ctx.tenantId, id);
        const [c] = await tx
          .update(connections)
          .set({
            ...(i.name !== undefined ? { name: i.name } : {}),
            settings:
              prior.kind === 'rest'
                ? (i.rest ?? (prior.settings as RestSettings))
                : settingsOf(i, prior.settings as MicrosipSettings),
            ...(i.password !== undefined ? { secret: i.password ? p.sealer.seal(i.password) : null } : {}),
            ...(i.schedule !== undefined ? { schedule: i.schedule } : {}),
            ...(i.enabled !== undefined ? { enabled: i.enabled } : {}),
            updatedAt: sql`now()`,
          })
          .where(eq(connections.id, id))
          .returning();
        if (!c) throw new DomainError('integrations.connection_not_found');
        return connectionView(c);
      })
      .catch((err) => mapConstraint(err, { unique: 'integrations.connection_name_taken' })),
  remove: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      await loadConnection(tx, ctx.tenantId, id);
      await tx.delete(connections).where(eq(connections.id, id));
    }),
  /** Tries the connection for real (connect, read one row) and keeps the outcome on it. */
  test: async (ctx: RequestContext, id: string) => {
    const c = await p.uow.forTenant(ctx.tenantId, (tx) => loadConnection(tx, ctx.tenantId, id));
    const connector = connectorFor(p, c);
    const outcome = await connector.test().finally(() => connector.close().catch(() => {}));
    const message = outcome.ok ? outcome.detail : outcome.message;
    return p.uow.forTenant(ctx.tenantId, async (tx) => {
      const [row] = await tx
        .update(connections)
        .set({ lastTestAt: sql`now()`, lastTestOk: outcome.ok, lastTestMessage: message.slice(0, 500) })
        .where(eq(connections.id, id))
        .returning();
      return { ok: outcome.ok, message, connection: connectionView(row ?? c) };
    });
  },
});

export type ConnectionsService = ReturnType<typeof createConnectionsService>;
