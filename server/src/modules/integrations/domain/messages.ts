import type { CellProblem, CellProblemCode } from './kinds.ts';

export type Lang = 'es' | 'en';
type Params = Record<string, string | number>;
type Say = (p: Params) => string;

const number = (lang: Lang, v: string | number | undefined) =>
  typeof v === 'number'
    ? new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US').format(v)
    : String(v ?? '');

// Spanish in the neutral register of a form ("Debe ser…"), understood in Mexico and Spain alike.
const MESSAGES: Record<CellProblemCode, Record<Lang, Say>> = {
  required: { es: () => 'Falta este dato', en: () => 'This value is required' },
  not_a_number: { es: () => 'No es un número', en: () => 'Not a number' },
  negative: { es: () => 'Debe ser 0 o mayor', en: () => 'Must be 0 or more' },
  not_positive: { es: () => 'Debe ser mayor que 0', en: () => 'Must be greater than 0' },
  too_large: {
    es: (p) => `Debe ser como máximo ${number('es', p.max)}`,
    en: (p) => `Must be at most ${number('en', p.max)}`,
  },
  too_many_decimals: {
    es: (p) => `Admite como máximo ${p.max} decimales`,
    en: (p) => `At most ${p.max} decimal places`,
  },
  not_a_date: {
    es: () => 'No es una fecha válida (se espera DD/MM/AAAA o AAAA-MM-DD)',
    en: () => 'Not a valid date (expected DD/MM/YYYY or YYYY-MM-DD)',
  },
  date_out_of_range: {
    es: (p) => `La fecha debe estar entre ${p.min} y ${p.max}`,
    en: (p) => `The date must be between ${p.min} and ${p.max}`,
  },
  too_long: {
    es: (p) => `Admite como máximo ${number('es', p.max)} caracteres`,
    en: (p) => `At most ${number('en', p.max)} characters`,
  },
  bad_email: { es: () => 'No es un correo electrónico válido', en: () => 'Not a valid email address' },
  bad_currency: {
    es: () => 'No es una moneda válida (por ejemplo MXN, USD, EUR)',
    en: () => 'Not a valid currency code (for example MXN, USD, EUR)',
  },
  not_whole: { es: () => 'Debe ser un número entero', en: () => 'Must be a whole number' },
  max_below_min: {
    es: (p) => (p.min === undefined ? 'Es menor que el mínimo' : `Es menor que el mínimo (${p.min})`),
    en: (p) => (p.min === undefined ? 'Is below the minimum' : `Is below the minimum (${p.min})`),
  },
  end_before_start: {
    es: () => 'La fecha final es anterior a la inicial',
    en: () => 'The end date is before the start date',
  },
  bad_boolean: { es: () => 'Se espera Sí o No', en: () => 'Expected Yes or No' },
  unknown_product: { es: () => 'La clave no existe en Flujo', en: () => 'This SKU does not exist in Flujo' },
  unknown_store: {
    es: () => 'La sucursal no existe en Flujo',
    en: () => 'This store does not exist in Flujo',
  },
  unknown_supplier: {
    es: () => 'El proveedor no existe en Flujo',
    en: () => 'This supplier does not exist in Flujo',
  },
  unconvertible_text: {
    es: () => 'El texto tiene caracteres que no se pueden leer; guarde el archivo como UTF-8',
    en: () => 'The text has characters that cannot be read; save the file as UTF-8',
  },
  same_product: {
    es: () => 'Un producto no puede ser componente de sí mismo',
    en: () => 'A product cannot be a component of itself',
  },
  duplicate_row: {
    es: (p) => (p.row === undefined ? 'Repite una fila anterior' : `Repite la fila ${p.row}`),
    en: (p) => (p.row === undefined ? 'Repeats an earlier row' : `Repeats row ${p.row}`),
  },
  store_not_allowed: {
    es: () => 'No tiene permiso para cambiar esta sucursal',
    en: () => 'You may not change this store',
  },
  below_reserved: {
    es: () => 'La existencia es menor que lo apartado; libere los apartados primero',
    en: () => 'On hand would be below what is reserved; release the holds first',
  },
  bom_loop: {
    es: () => 'El componente se fabrica, directa o indirectamente, con el producto: sería un ciclo',
    en: () => 'The component is made, directly or not, from the parent: this would loop',
  },
  bom_too_deep: {
    es: (p) => `La lista de materiales tendría más de ${number('es', p.max)} niveles`,
    en: (p) => `The bill of materials would be more than ${number('en', p.max)} levels deep`,
  },
  overlaps: {
    es: (p) =>
      p.row === undefined
        ? `Se superpone con el pronóstico guardado del ${p.start} al ${p.end}`
        : `Se superpone con la fila ${p.row} (del ${p.start} al ${p.end})`,
    en: (p) =>
      p.row === undefined
        ? `Overlaps the stored forecast from ${p.start} to ${p.end}`
        : `Overlaps row ${p.row} (${p.start} to ${p.end})`,
  },
};

/** One short sentence for a cell problem, in the user's language. */
export const problemMessage = (p: CellProblem, lang: Lang): string => MESSAGES[p.code][lang](p.params ?? {});
