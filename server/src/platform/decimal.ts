/** Decimal text without trailing zeros ("5.000" → "5"); quantities never pass through floats. */
export const trimDecimal = (v: string) => (v.includes('.') ? v.replace(/\.?0+$/, '') : v);
