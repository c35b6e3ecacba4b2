/** Small sums the methods share; every one takes `readonly number[]` and allocates nothing. */

export const meanOf = (xs: readonly number[]) => {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length === 0 ? 0 : s / xs.length;
};

/** Mean squared difference between each value and the one `lag` steps before it; null when none. */
export const lagMeanSquare = (y: readonly number[], lag: number, end = y.length): number | null => {
  if (end <= lag) return null;
  let s = 0;
  for (let t = lag; t < end; t++) {
    const e = y[t]! - y[t - lag]!;
    s += e * e;
  }
  return s / (end - lag);
};

/** Mean absolute difference between each value and the one `lag` steps before it; null when none. */
export const lagMeanAbs = (y: readonly number[], lag: number, end = y.length): number | null => {
  if (end <= lag) return null;
  let s = 0;
  for (let t = lag; t < end; t++) s += Math.abs(y[t]! - y[t - lag]!);
  return s / (end - lag);
};

/** Slope of the least-squares line through (t, y_t), t = 0 … n − 1; 0 for fewer than two points. */
export const olsSlope = (y: readonly number[]) => {
  const n = y.length;
  if (n < 2) return 0;
  const tBar = (n - 1) / 2;
  const yBar = meanOf(y);
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t++) {
    num += (t - tBar) * (y[t]! - yBar);
    den += (t - tBar) * (t - tBar);
  }
  return num / den;
};

export const repeat = (value: number, h: number) => new Array<number>(h).fill(value);
