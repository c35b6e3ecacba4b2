import type { ErrorCatalog } from '../../platform/domain/errors.ts';

export const planningErrors = {
  'planning.buffer_not_found': { kind: 'not_found', title: 'Buffer not found' },
  'planning.buffer_exists': { kind: 'conflict', title: 'This product already has a buffer at this location' },
  'planning.profile_not_found': { kind: 'not_found', title: 'Buffer profile not found' },
  'planning.profile_name_taken': { kind: 'conflict', title: 'A buffer profile with this name exists' },
  'planning.suggestion_not_found': { kind: 'not_found', title: 'Suggestion not found' },
  'planning.suggestion_closed': { kind: 'conflict', title: 'The suggestion is no longer open' },
  'planning.alert_not_found': { kind: 'not_found', title: 'Alert not found' },
  'planning.invalid_settings': { kind: 'invalid', title: 'The buffer settings are not valid' },
  'planning.too_many_batches': {
    kind: 'invalid',
    title: 'The quantity would split into more supply orders than are placed at once',
  },
  'planning.adjustment_not_found': { kind: 'not_found', title: 'Planned adjustment not found' },
  'planning.invalid_adjustment': { kind: 'invalid', title: 'The planned adjustment is not valid' },
  'planning.forecast_not_found': { kind: 'not_found', title: 'Demand forecast not found' },
  'planning.forecast_overlap': {
    kind: 'conflict',
    title: 'The range overlaps another forecast of this product and location',
  },
  'planning.forecast_import_invalid': { kind: 'unprocessable', title: 'The forecast file has errors' },
  'planning.movement_not_found': { kind: 'not_found', title: 'Stock movement not found' },
  'planning.movement_not_consumption': {
    kind: 'invalid',
    title: 'Only shipments, returns and production issues count in ADU, so only they can be excluded',
  },
  'planning.movement_already_excluded': {
    kind: 'conflict',
    title: 'This movement is already excluded from ADU',
  },
  'planning.adu_exclusion_not_found': { kind: 'not_found', title: 'This movement is not excluded from ADU' },
} as const satisfies ErrorCatalog;

declare module '../../platform/domain/errors.ts' {
  interface ErrorCodes extends Record<keyof typeof planningErrors, true> {}
}
