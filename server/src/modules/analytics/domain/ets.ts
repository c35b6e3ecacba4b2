import { sesForecast } from './ses.ts';
import type { Method } from './types.ts';

// placeholder, replaced by the fitted family
export const ets: Method = { name: 'ets', fit: (y, _m, h) => sesForecast(y, 0.3, h) };
