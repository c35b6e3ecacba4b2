import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../platform/db/client.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  bufferProfiles,
  ITEM_TYPES,
  LEAD_TIME_CLASSES,
  REPLENISH_METHODS,
  STANDARD_FACTORS,
  standardProfileName,
  VARIABILITY_CLASSES,
} from './schema.ts';

/** The standard matrix every tenant starts with: 3 item types × 3 lead-time × 3 variability classes. */
export const ensureStandardProfiles = async (tx: Executor, tenantId: string) => {
  const rows = ITEM_TYPES.flatMap((type) =>
    LEAD_TIME_CLASSES.flatMap((lt) =>
      VARIABILITY_CLASSES.map((v) => ({
        tenantId,
        name: standardProfileName(type, lt, v),
        itemType: type,
        leadTimeClass: lt,
        variabilityClass: v,
        leadTimeFactor: STANDARD_FACTORS.leadTime[lt],
        variabilityFactor: STANDARD_FACTORS.variability[v],
        isStandard: true,
      })),
    ),
  );
  await tx.insert(bufferProfiles).values(rows).onConflictDoNothing();
};

/** The id of one standard profile of the tenant, creating the standard matrix if it is missing. */
export const standardProfileId = async (
  tx: Executor,
  tenantId: string,
  type: (typeof ITEM_TYPES)[number],
  leadTime: (typeof LEAD_TIME_CLASSES)[number],
  variability: (typeof VARIABILITY_CLASSES)[number],
) => {
  await ensureStandardProfiles(tx, tenantId);
  const [row] = await tx
    .select({ id: bufferProfiles.id })
    .from(bufferProfiles)
    .where(
      and(
        eq(bufferProfiles.tenantId, tenantId),
        eq(bufferProfiles.name, standardProfileName(type, leadTime, variability)),
      ),
    );
  if (!row)
    throw new Error(`the standard ${standardProfileName(type, leadTime, variability)} profile is missing`);
  return row.id;
};

export const profileView = (r: typeof bufferProfiles.$inferSelect) => ({
  id: r.id,
  name: r.name,
  item_type: r.itemType,
  lead_time_class: r.leadTimeClass,
  variability_class: r.variabilityClass,
  replenish_method: r.replenishMethod,
  lead_time_factor: Number(r.leadTimeFactor),
  variability_factor: Number(r.variabilityFactor),
  is_standard: r.isStandard,
});

export const Profile = z.object({
  id: z.uuid(),
  name: z.string(),
  item_type: z.enum(ITEM_TYPES),
  lead_time_class: z.enum(LEAD_TIME_CLASSES),
  variability_class: z.enum(VARIABILITY_CLASSES),
  replenish_method: z.enum(REPLENISH_METHODS),
  lead_time_factor: z.number(),
  variability_factor: z.number(),
  is_standard: z.boolean(),
});

const tags = ['planning'];

export const profileRoutes = (app: App, p: Platform) => {
  app.get(
    '/api/v1/buffer-profiles',
    {
      config: { permission: 'buffer:read' },
      schema: {
        tags,
        summary: 'Buffer profiles: the standard matrix and the tenant’s own',
        querystring: z.object({ item_type: z.enum(ITEM_TYPES).optional() }),
        response: { 200: z.object({ data: z.array(Profile) }) },
      },
    },
    async (req) =>
      p.uow.forTenant(req.ctx.tenantId, async (tx) => {
        await ensureStandardProfiles(tx, req.ctx.tenantId);
        const rows = await tx
          .select()
          .from(bufferProfiles)
          .where(
            and(
              eq(bufferProfiles.tenantId, req.ctx.tenantId),
              req.query.item_type ? eq(bufferProfiles.itemType, req.query.item_type) : undefined,
            ),
          )
          .orderBy(asc(bufferProfiles.isStandard), asc(bufferProfiles.name));
        return { data: rows.map(profileView) };
      }),
  );
  app.post(
    '/api/v1/buffer-profiles',
    {
      config: { permission: 'buffer:write' },
      schema: {
        tags,
        summary: 'A profile of the tenant’s own',
        body: z.object({
          name: z.string().trim().min(1).max(120),
          item_type: z.enum(ITEM_TYPES),
          lead_time_class: z.enum(LEAD_TIME_CLASSES),
          variability_class: z.enum(VARIABILITY_CLASSES),
          replenish_method: z.enum(REPLENISH_METHODS).default('replenish'),
          lead_time_factor: z.number().gt(0).max(1),
          variability_factor: z.number().min(0).max(2),
        }),
        response: { 201: Profile },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const row = await p.uow
        .forTenant(req.ctx.tenantId, async (tx) => {
          const [r] = await tx
            .insert(bufferProfiles)
            .values({
              tenantId: req.ctx.tenantId,
              name: b.name,
              itemType: b.item_type,
              leadTimeClass: b.lead_time_class,
              variabilityClass: b.variability_class,
              replenishMethod: b.replenish_method,
              leadTimeFactor: String(b.lead_time_factor),
              variabilityFactor: String(b.variability_factor),
            })
            .returning();
          if (!r) throw new Error('profile insert returned nothing');
          return r;
        })
        .catch((err) => mapConstraint(err, { unique: 'planning.profile_name_taken' }));
      return reply.code(201).send(profileView(row));
    },
  );
};

export const findProfile = async (tx: Executor, tenantId: string, id: string) => {
  const [r] = await tx
    .select()
    .from(bufferProfiles)
    .where(and(eq(bufferProfiles.tenantId, tenantId), eq(bufferProfiles.id, id)));
  if (!r)
    throw new DomainError('planning.profile_not_found', {
      errors: [{ field: 'profile_id', message: 'is not a buffer profile here' }],
    });
  return r;
};
