import type { ErrorCatalog } from '../../platform/domain/errors.ts';

export const analyticsErrors = {
  'analytics.forecast_not_found': {
    kind: 'not_found',
    title: 'This product has no forecast at this location yet',
  },
  'analytics.run_not_found': { kind: 'not_found', title: 'Forecast run not found' },
  'analytics.no_history': {
    kind: 'unprocessable',
    title: 'There is no demand history to forecast from',
  },
} as const satisfies ErrorCatalog;

declare module '../../platform/domain/errors.ts' {
  interface ErrorCodes extends Record<keyof typeof analyticsErrors, true> {}
}
