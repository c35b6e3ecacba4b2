import { z } from 'zod';
import { trimDecimal } from '../../platform/decimal.ts';
import { type QuantitySign, quantityShapeProblem } from './domain/quantity.ts';

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
  .refine((v) => /^-?\d+(\.\d+)?$/.test(v), { message: 'must be a plain decimal number such as 12 or 0.5' })
  .refine((v) => Number(v) >= 0, { message: 'must not be negative' });

export const PositiveDecimal = Decimal.refine((v) => Number(v) > 0, { message: 'must be greater than zero' });

/**
 * Largest price or cost in major units (a billion): in any currency it stays within a trillion
 * minor units, so line and order totals never leave JavaScript's safe integers.
 */
export const MAX_PRICE = 1_000_000_000;
export const Price = Decimal.refine((v) => Number(v) <= MAX_PRICE, {
  message: `must be at most ${MAX_PRICE}`,
});

/**
 * A quantity of a product as a request carries it: a JSON number or a decimal string, checked
 * for shape and bounds here (exponents such as 1e-7 are refused, not passed on) and returned as
 * the decimal string. The product's unit step is checked where the product is known
 * (`catalogFacade.checkQuantities`).
 */
export const QuantityIn = (sign: QuantitySign = 'positive') =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .max(40)
        .regex(/^-?\d+(\.\d+)?$/, { message: 'must be a plain decimal number such as 12 or 0.5' }),
    ])
    .transform((v) => (typeof v === 'number' ? String(v) : v))
    .superRefine((v, ctx) => {
      const problem = quantityShapeProblem(v, sign);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: v });
    });

/** numeric comes back from PostgreSQL as a string with its scale; trim the trailing zeros. */
export const decimalOut = (v: string | null) => (v === null ? null : trimDecimal(v));
