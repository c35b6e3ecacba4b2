import { z } from 'zod';

/** A quantity above zero, as a JSON number or decimal string (kept as text for numeric). */
export const OrderQuantity = z
  .union([
    z.number().positive(),
    z
      .string()
      .trim()
      .regex(/^\d{1,12}(\.\d{1,6})?$/),
  ])
  .transform((v) => String(v))
  .refine((v) => Number(v) > 0 && Number(v) <= 1_000_000_000, {
    message: 'must be above 0 and at most 1,000,000,000',
  });
