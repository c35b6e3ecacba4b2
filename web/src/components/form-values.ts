import { z } from 'zod';

// Form fields arrive as strings; these turn them into what the API takes. Messages are
// catalog keys, so useZodForm shows them in the user's language.
const DECIMAL = /^\d{1,15}([.,]\d{1,6})?$/;
const SIGNED = /^[+-]?\d{1,15}([.,]\d{1,6})?$/;
const toApi = (v: string) => v.replace(',', '.').replace(/^\+/, '');

export const requiredText = z.string().trim().min(1, { message: 'validation.required' });
/** Empty clears the field (null), as the API's nullable fields expect. */
export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v));
/** A decimal of zero or more; a comma works as the decimal mark, as Spanish users type it. */
export const decimal = z.string().trim().regex(DECIMAL, { message: 'validation.decimal' }).transform(toApi);
export const positiveDecimal = decimal.refine((v) => Number(v) > 0, { message: 'validation.positive' });
export const optionalDecimal = z
  .string()
  .trim()
  .refine((v) => v === '' || DECIMAL.test(v), { message: 'validation.decimal' })
  .transform((v) => (v === '' ? null : toApi(v)));
/** A signed change such as +5 or -2,5; zero is no change. */
export const signedDecimal = z
  .string()
  .trim()
  .regex(SIGNED, { message: 'validation.signed' })
  .transform(toApi)
  .refine((v) => Number(v) !== 0, { message: 'validation.not_zero' });
export const optionalInt = z
  .string()
  .trim()
  .refine((v) => v === '' || /^\d{1,4}$/.test(v), { message: 'validation.integer' })
  .transform((v) => (v === '' ? null : Number(v)));
export const requiredInt = z
  .string()
  .trim()
  .regex(/^\d{1,7}$/, { message: 'validation.integer' })
  .transform(Number);
/** An unticked checkbox is absent from the form data. */
export const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on');
