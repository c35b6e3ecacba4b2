/**
 * Money is integer minor units with a currency (ISO 4217). Catalog prices are decimal strings
 * in major units; converting is done on integers (BigInt), never by multiplying a float.
 */
const DIGITS: Record<string, number> = {
  // ISO 4217 minor units where they are not 2.
  BHD: 3,
  CLP: 0,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  OMR: 3,
  PYG: 0,
  TND: 3,
  UGX: 0,
  VND: 0,
  XAF: 0,
  XOF: 0,
};
export const minorDigits = (currency: string) => DIGITS[currency] ?? 2;

const DECIMAL = /^(-?)(\d+)?(?:\.(\d+)?)?$/;

/**
 * Bounds where money enters: a price, unit price or threshold is at most a trillion minor units
 * (ten billion in a two-digit currency); a line or order total at most a quadrillion, which
 * keeps every sum of them a safe JavaScript integer (2^53 ≈ 9.007e15) and a valid bigint column.
 */
export const MAX_MINOR = 1_000_000_000_000;
export const MAX_TOTAL_MINOR = 1_000_000_000_000_000;

/**
 * What is wrong with a line of `quantity` at `unitMinor`, or null: a price out of bounds, a total
 * beyond MAX_TOTAL_MINOR, or (for sales) a total that rounds to nothing, which would give goods away.
 */
export const linePriceProblem = (quantity: string, unitMinor: number, opts: { sale: boolean }) => {
  if (!Number.isSafeInteger(unitMinor) || unitMinor < 0 || unitMinor > MAX_MINOR)
    return `has a unit price outside 0…${MAX_MINOR} minor units`;
  let total: number;
  try {
    total = lineTotal(quantity, unitMinor);
  } catch {
    return `comes to more than ${MAX_TOTAL_MINOR} minor units`;
  }
  if (total > MAX_TOTAL_MINOR) return `comes to more than ${MAX_TOTAL_MINOR} minor units`;
  if (opts.sale && total === 0) return 'comes to 0 in money at this price; order a larger quantity';
  return null;
};

const safe = (v: bigint, what: string) => {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
    throw new Error(`${what} is too large`);
  return Number(v);
};

/** "12.5" in MXN → 1250. Rounds half away from zero past the currency's digits. */
export const toMinor = (decimal: string, currency: string): number => {
  const digits = minorDigits(currency);
  const m = DECIMAL.exec(decimal.trim());
  if (!m || (m[2] === undefined && m[3] === undefined)) throw new Error(`not a decimal amount: ${decimal}`);
  const [, sign, whole = '0', frac = ''] = m;
  const kept = (frac + '0'.repeat(digits)).slice(0, digits);
  let units = BigInt(whole) * 10n ** BigInt(digits) + BigInt(kept || '0');
  if (Number(frac[digits] ?? '0') >= 5) units += 1n;
  return safe(sign === '-' ? -units : units, decimal);
};

/**
 * A stored price in minor units. One beyond safe integers (entered before prices were bounded)
 * comes back as -1, which `linePriceProblem` refuses naming the line, not as a 500.
 */
export const storedMinor = (price: string, currency: string) => {
  try {
    return toMinor(price, currency);
  } catch {
    return -1;
  }
};

/** 1250 in MXN → "12.50". */
export const fromMinor = (minor: number, currency: string): string => {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
};

/** Quantity (decimal string) × unit price in minor units, rounded half away from zero to a whole minor unit. */
export const lineTotal = (quantity: string, unitMinor: number): number => {
  const m = DECIMAL.exec(quantity.trim());
  if (!m || (m[2] === undefined && m[3] === undefined))
    throw new Error(`not a decimal quantity: ${quantity}`);
  const [, sign, whole = '0', frac = ''] = m;
  const scale = 10n ** BigInt(frac.length);
  const q = (BigInt(whole) * scale + BigInt(frac || '0')) * (sign === '-' ? -1n : 1n);
  const product = q * BigInt(unitMinor);
  const abs = product < 0n ? -product : product;
  const rounded = (abs * 2n + scale) / (2n * scale);
  return safe(product < 0n ? -rounded : rounded, 'line total');
};
