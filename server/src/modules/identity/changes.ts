import type { z } from 'zod';

/**
 * A change must name at least one field it knows: an empty body (or one of unknown fields
 * only, which validation strips) is a 400 rather than an empty update.
 */
export const atLeastOne = <T extends z.ZodObject>(
  schema: T,
  fields: readonly (keyof z.infer<T> & string)[],
) =>
  schema.refine((v: Record<string, unknown>) => fields.some((f) => v[f] !== undefined), {
    message: `send at least one of: ${fields.join(', ')}`,
  });
