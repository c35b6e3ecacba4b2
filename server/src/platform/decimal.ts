/** Decimal text without trailing zeros ("5.000" → "5"); quantities never pass through floats. */
export const trimDecimal = (v: string) => (v.includes('.') ? v.replace(/\.?0+$/, '') : v);

const scaled = (v: string, digits: number) => {
  const neg = v.startsWith('-');
  const [int = '0', frac = ''] = v.replace(/^[-+]/, '').split('.');
  const n = BigInt(int + frac.padEnd(digits, '0'));
  return neg ? -n : n;
};

/** The exact sum of decimal texts (`"0.1" + "0.2"` is `"0.3"`), for quantities that must not drift. */
export const addDecimals = (...values: string[]) => {
  const digits = Math.max(0, ...values.map((v) => v.split('.')[1]?.length ?? 0));
  const sum = values.reduce((acc, v) => acc + scaled(v, digits), 0n);
  const neg = sum < 0n;
  const text = (neg ? -sum : sum).toString().padStart(digits + 1, '0');
  const out = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return (neg ? '-' : '') + trimDecimal(out);
};
