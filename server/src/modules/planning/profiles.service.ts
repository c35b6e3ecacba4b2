import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { mapConstraint } from '../../platform/db/pg-errors.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  bufferProfiles,
  ITEM_TYPES,
  LEAD_TIME_CLASSES,
  type REPLENISH_METHODS,
  STANDARD_FACTORS,
  standardProfileName,
  VARIABILITY_CLASSES,
} from './schema.ts';

type ItemType = (typeof ITEM_TYPES)[number];

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

/**
 * The id of one standard profile of the tenant (by default the one a new buffer of this item
 * type starts with: medium lead time and variability), creating the standard matrix if missing.
 */
export const standardProfileId = async (
  tx: Executor,
  tenantId: string,
  type: ItemType,
  leadTime: (typeof LEAD_TIME_CLASSES)[number] = 'medium',
  variability: (typeof VARIABILITY_CLASSES)[number] = 'medium',
) => {
  await ensureStandardProfiles(tx, tenantId);
  const name = standardProfileName(type, leadTime, variability);
  const [row] = await tx
    .select({ id: bufferProfiles.id })
    .from(bufferProfiles)
    .where(and(eq(bufferProfiles.tenantId, tenantId), eq(bufferProfiles.name, name)));
  if (!row) throw new Error(`the standard ${name} profile is missing`);
  return row.id;
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

export type NewProfile = {
  name: string;
  item_type: ItemType;
  lead_time_class: (typeof LEAD_TIME_CLASSES)[number];
  variability_class: (typeof VARIABILITY_CLASSES)[number];
  replenish_method: (typeof REPLENISH_METHODS)[number];
  lead_time_factor: number;
  variability_factor: number;
};

export const createProfilesService = (p: Platform) => ({
  /** The standard matrix (created on first read) and the tenant's own profiles, standard last. */
  list: (ctx: RequestContext, itemType: ItemType | undefined) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      await ensureStandardProfiles(tx, ctx.tenantId);
      const rows = await tx
        .select()
        .from(bufferProfiles)
        .where(
          and(
            eq(bufferProfiles.tenantId, ctx.tenantId),
            itemType ? eq(bufferProfiles.itemType, itemType) : undefined,
          ),
        )
        .orderBy(asc(bufferProfiles.isStandard), asc(bufferProfiles.name));
      return rows.map(profileView);
    }),

  create: async (ctx: RequestContext, b: NewProfile) => {
    const row = await p.uow
      .forTenant(ctx.tenantId, async (tx) => {
        const [r] = await tx
          .insert(bufferProfiles)
          .values({
            tenantId: ctx.tenantId,
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
    return profileView(row);
  },
});

export type ProfilesService = ReturnType<typeof createProfilesService>;
