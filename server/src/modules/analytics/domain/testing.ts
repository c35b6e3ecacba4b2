/** Seeded series for the property tests: the same numbers on every run and machine. */

/** Park–Miller minimal standard generator: deterministic, tiny, good enough for test data. */
export const seeded = (seed: number) => {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
};

/** Standard normal draws by Box–Muller from a seeded uniform. */
export const seededNormal = (seed: number) => {
  const u = seeded(seed);
  return () => {
    let a = 0;
    while (a === 0) a = u();
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
};

/** A mix of shapes: seasonal with noise and drift, noisy level, and sparse demand. */
export const randomSeries = (seed: number, n: number, m: number): number[] => {
  const u = seeded(seed);
  const kind = seed % 3;
  const amp = 5 + 20 * u();
  return Array.from({ length: n }, (_, t) => {
    if (kind === 2) return u() < 0.6 ? 0 : Math.round(1 + 9 * u());
    const season = kind === 0 ? amp * Math.sin((2 * Math.PI * t) / Math.max(m, 2)) : 0;
    return Math.max(0, 50 + season + 0.1 * t + amp * (u() - 0.5));
  });
};
