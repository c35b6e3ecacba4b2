/** Classical decomposition and the seasonality test shared by ETS initialisation and Theta. */

export type SeasonalKind = 'additive' | 'multiplicative';

/**
 * Seasonal indices of `y` by classical decomposition: a centred moving average of order m
 * (2×m when m is even) as the trend, then the mean detrended value per season position.
 * Index i applies to y[i], y[i+m], …; additive indices sum to 0, multiplicative ones average 1.
 * Needs n ≥ 2m so every position has at least one detrended value; multiplicative needs y > 0.
 */
export const seasonalIndices = (y: ArrayLike<number>, m: number, kind: SeasonalKind): number[] => {
  const n = y.length;
  const half = Math.floor(m / 2);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + y[i]!;
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = half; t + half < n; t++) {
    // Even m: weights ½ on the two ends so the average stays centred on t.
    const trend =
      m % 2 === 0
        ? (prefix[t + half]! - prefix[t - half + 1]! + 0.5 * (y[t - half]! + y[t + half]!)) / m
        : (prefix[t + half + 1]! - prefix[t - half]!) / m;
    const p = t % m;
    sums[p]! += kind === 'additive' ? y[t]! - trend : y[t]! / trend;
    counts[p]! += 1;
  }
  const idx = Array.from(sums, (s, p) => (counts[p]! > 0 ? s / counts[p]! : kind === 'additive' ? 0 : 1));
  const mean = idx.reduce((a, b) => a + b, 0) / m;
  return kind === 'additive' ? idx.map((v) => v - mean) : idx.map((v) => v / mean);
};

/** Sample autocorrelations r_1..r_maxLag (r[k-1] is lag k); all zero for a constant series. */
export const autocorrelations = (y: ArrayLike<number>, maxLag: number): number[] => {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (y[i]! - mean) ** 2;
  const r: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let ck = 0;
    for (let i = k; i < n; i++) ck += (y[i]! - mean) * (y[i - k]! - mean);
    r.push(c0 > 0 ? ck / c0 : 0);
  }
  return r;
};

/** One-sided 95% normal quantile: a two-sided 90% test on |r_m|, as in the M3 Theta practice. */
const Z_90_TWO_SIDED = 1.6448536269514722;

/**
 * The M3-practice seasonality test: r_m is significant when |r_m| exceeds 1.645 times its
 * Bartlett standard error sqrt((1 + 2 Σ_{k<m} r_k²) / n).
 */
export const looksSeasonal = (y: ArrayLike<number>, m: number): boolean => {
  if (m < 2 || y.length < 2 * m) return false;
  const r = autocorrelations(y, m);
  let sum = 0;
  for (let k = 0; k < m - 1; k++) sum += r[k]! ** 2;
  const se = Math.sqrt((1 + 2 * sum) / y.length);
  return Math.abs(r[m - 1]!) > Z_90_TWO_SIDED * se;
};
