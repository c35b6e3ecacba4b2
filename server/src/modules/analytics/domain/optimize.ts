/** A small deterministic Nelder–Mead minimiser over a box, for fitting smoothing models. */

export type Objective = (x: Float64Array) => number;

export type NelderMeadOptions = {
  /** Initial simplex edge per coordinate; defaults to 10% of the box width or of |x0|. */
  step?: readonly number[];
  /** Hard cap on objective evaluations: the fit must finish in bounded time. */
  maxEvals?: number;
  /** Stops when the spread of f over the simplex is below reltol·(|f_best| + reltol). */
  reltol?: number;
};

export type Minimum = { x: number[]; f: number; evals: number; converged: boolean };

const clampInto = (x: Float64Array, lower: readonly number[], upper: readonly number[]) => {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v < lower[i]!) x[i] = lower[i]!;
    else if (v > upper[i]!) x[i] = upper[i]!;
  }
};

const defaultStep = (x0: number, lo: number, hi: number) => {
  const width = hi - lo;
  if (Number.isFinite(width)) return 0.1 * width;
  return x0 === 0 ? 0.1 : 0.1 * Math.abs(x0);
};

/**
 * Minimises `f` within [lower, upper] by Nelder–Mead (reflection 1, expansion 2, contraction ½,
 * shrink ½), projecting every trial point onto the box. Non-finite values count as +∞, so an
 * objective can reject an inadmissible point by returning Infinity or NaN.
 */
export const nelderMead = (
  f: Objective,
  x0: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  options: NelderMeadOptions = {},
): Minimum => {
  const d = x0.length;
  const maxEvals = options.maxEvals ?? 200 * d;
  const reltol = options.reltol ?? 1e-8;
  let evals = 0;
  const evalAt = (x: Float64Array) => {
    evals++;
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };

  // Vertices stored row-wise: vertex i occupies [i*d, (i+1)*d).
  const pts = new Float64Array((d + 1) * d);
  const fs = new Float64Array(d + 1);
  const start = Float64Array.from(x0);
  clampInto(start, lower, upper);
  for (let i = 0; i <= d; i++) {
    const row = pts.subarray(i * d, (i + 1) * d);
    row.set(start);
    if (i > 0) {
      const k = i - 1;
      const step = options.step?.[k] ?? defaultStep(start[k]!, lower[k]!, upper[k]!);
      // Step away from the nearer bound so the simplex keeps its full dimension.
      row[k] = start[k]! + step <= upper[k]! ? start[k]! + step : start[k]! - step;
      clampInto(row, lower, upper);
    }
    fs[i] = evalAt(row);
  }

  const order = Array.from({ length: d + 1 }, (_, i) => i);
  const centroid = new Float64Array(d);
  const xr = new Float64Array(d);
  const xe = new Float64Array(d);
  const xc = new Float64Array(d);
  const along = (out: Float64Array, from: Float64Array, to: Float64Array, t: number) => {
    for (let k = 0; k < d; k++) out[k] = from[k]! + t * (to[k]! - from[k]!);
    clampInto(out, lower, upper);
  };

  let converged = false;
  while (evals < maxEvals) {
    // Insertion sort: d + 1 is tiny and the order barely changes between iterations.
    for (let i = 1; i <= d; i++) {
      const v = order[i]!;
      let k = i - 1;
      while (k >= 0 && fs[order[k]!]! > fs[v]!) {
        order[k + 1] = order[k]!;
        k--;
      }
      order[k + 1] = v;
    }
    const best = order[0]!;
    const worst = order[d]!;
    const fBest = fs[best]!;
    const fWorst = fs[worst]!;
    if (Number.isFinite(fWorst) && fWorst - fBest <= reltol * (Math.abs(fBest) + reltol)) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let i = 0; i < d; i++) {
      const base = order[i]! * d;
      for (let k = 0; k < d; k++) centroid[k]! += pts[base + k]!;
    }
    for (let k = 0; k < d; k++) centroid[k] = centroid[k]! / d;
    const w = pts.subarray(worst * d, (worst + 1) * d);

    along(xr, centroid, w, -1);
    const fr = evalAt(xr);
    if (fr < fBest) {
      along(xe, centroid, w, -2);
      const fe = evalAt(xe);
      if (fe < fr) {
        w.set(xe);
        fs[worst] = fe;
      } else {
        w.set(xr);
        fs[worst] = fr;
      }
      continue;
    }
    if (fr < fs[order[d - 1]!]!) {
      w.set(xr);
      fs[worst] = fr;
      continue;
    }
    // Contract: outside when the reflection improved on the worst, inside otherwise.
    const outside = fr < fWorst;
    along(xc, centroid, outside ? xr : w, 0.5);
    const fc = evalAt(xc);
    if (fc < (outside ? fr : fWorst)) {
      w.set(xc);
      fs[worst] = fc;
      continue;
    }
    const xb = pts.subarray(best * d, (best + 1) * d);
    for (let i = 1; i <= d; i++) {
      const v = order[i]!;
      const row = pts.subarray(v * d, (v + 1) * d);
      along(row, xb, row, 0.5);
      fs[v] = evalAt(row);
    }
  }

  let bestIndex = 0;
  for (let i = 1; i <= d; i++) if (fs[i]! < fs[bestIndex]!) bestIndex = i;
  return {
    x: Array.from(pts.subarray(bestIndex * d, (bestIndex + 1) * d)),
    f: fs[bestIndex]!,
    evals,
    converged,
  };
};
