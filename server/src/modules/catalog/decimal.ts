import { z } from 'zod';

/**
 * A quantity or amount: accepted as a JSON number or a decimal string, kept and returned as
 * a decimal string so PostgreSQL's numeric stays exact end to end.
 */
export const Decimal = z
  .union([
    z.number().finite(),
    z
      .string()
      .trim()
      .regex(/^-?\d{1,15}(\.\d{1,6})?$/, { message: 'must be a decimal number' }),
  ])
  .transform((v) => (typeof v === 'number' ? String(v) : v))
  .refine((v) => Number(v) >= 0, { message: 'must not be negative' });

export const PositiveDecimal = Decimal.refine((v) => Number(v) > 0, { message: 'must be greater than zero' });

/** numeric comes back from PostgreSQL as a string with its scale; trim the trailing zeros. */
export const decimalOut = (v: string | null) =>
  v === null ? null : v.includes('.') ? v.replace(/\.?0+$/, '') : v;
