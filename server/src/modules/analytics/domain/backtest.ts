import { lagMeanAbs, lagMeanSquare, meanOf } from './stats.ts';

/**
 * Rolling-origin evaluation. Each origin trains on the values before it and scores the next
 * `window` values; windows do not overlap and the last one ends at the last value. Scores are
 * RMSSE and MASE (Hyndman & Koehler 2006; M5): the error over the in-sample one-step error of
 * the seasonal naive method on that origin's training part (naive when m = 1), averaged over
 * the origins.
 */
export const MAX_ORIGINS = 3;

/** The shortest training part: one full season and one more value, so the scale exists. */
export const minTrain = (m: number) => Math.max(5, m + 1);

export type Origin = { train: number; window: number; scale2: number; scale1: number };

/**
 * A flat training part has a zero scale; it is floored at a millionth of the part's own mean
 * square (so scaling the series scales nothing) or at 1 unit² when the part is all zeros.
 */
const floored = (scale: number | null, train: readonly number[], square: boolean) => {
  if (scale !== null && scale > 0) return scale;
  const level = square ? meanOf(train.map((v) => v * v)) : meanOf(train);
  return level > 0 ? level * 1e-6 : 1;
};

/**
 * Up to MAX_ORIGINS origins with windows of min(h, half the values past the shortest training
 * part), so a short series still gets two origins rather than one long window.
 */
export const planOrigins = (y: readonly number[], m: number, h: number): Origin[] => {
  const available = y.length - minTrain(m);
  if (available < 1) return [];
  const window = Math.min(h, Math.max(1, Math.floor(available / 2)));
  const count = Math.min(MAX_ORIGINS, Math.floor(available / window));
  const lag = Math.max(m, 1);
  const origins: Origin[] = [];
  for (let k = count; k >= 1; k--) {
    const train = y.length - k * window;
    const part = y.slice(0, train);
    origins.push({
      train,
      window,
      scale2: floored(lagMeanSquare(y, lag, train), part, true),
      scale1: floored(lagMeanAbs(y, lag, train), part, false),
    });
  }
  return origins;
};

export type Scores = { rmsse: number; mase: number };

/** RMSSE and MASE of `forecast` against the values after `origin`. */
export const scoreOrigin = (y: readonly number[], origin: Origin, forecast: readonly number[]): Scores => {
  let sq = 0;
  let abs = 0;
  for (let j = 0; j < origin.window; j++) {
    const e = y[origin.train + j]! - forecast[j]!;
    sq += e * e;
    abs += Math.abs(e);
  }
  return {
    rmsse: Math.sqrt(sq / origin.window / origin.scale2),
    mase: abs / origin.window / origin.scale1,
  };
};

/** One method's run over the origins: its forecasts, errors (actual − forecast) and mean scores. */
export type Backtest = Scores & { forecasts: number[][]; errors: number[][] };

/** Scores forecasts already made at each origin (a combination averages its members' ones). */
export const scoreRun = (
  y: readonly number[],
  origins: readonly Origin[],
  forecasts: number[][],
): Backtest => {
  let rmsse = 0;
  let mase = 0;
  const errors: number[][] = [];
  for (const [k, o] of origins.entries()) {
    const f = forecasts[k]!;
    const s = scoreOrigin(y, o, f);
    rmsse += s.rmsse;
    mase += s.mase;
    errors.push(f.map((v, j) => y[o.train + j]! - v));
  }
  return { rmsse: rmsse / origins.length, mase: mase / origins.length, forecasts, errors };
};

/** Runs `fit` at every origin; forecasts are clamped at zero as the final ones are. */
export const backtest = (
  y: readonly number[],
  origins: readonly Origin[],
  fit: (train: readonly number[], h: number) => readonly number[],
): Backtest =>
  scoreRun(
    y,
    origins,
    origins.map((o) => fit(y.slice(0, o.train), o.window).map((v) => Math.max(0, v))),
  );
