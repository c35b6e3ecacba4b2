import { fitAlpha, sesForecast } from './ses.ts';
import { olsSlope } from './stats.ts';
import type { Method } from './types.ts';

// placeholder, replaced by the fitted family
export const theta: Method = {
  name: 'theta',
  fit: (y, _m, h) => {
    const f = sesForecast(y, fitAlpha(y), h);
    const b = olsSlope(y);
    return { ...f, mean: f.mean.map((v, j) => v + b * (j + 1)), model: 'theta' };
  },
};
