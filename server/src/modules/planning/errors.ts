import type { ErrorCatalog } from '../../platform/http/errors.ts';

export const planningErrors = {
  'planning.buffer_not_found': { kind: 'not_found', title: 'Buffer not found' },
  'planning.buffer_exists': { kind: 'conflict', title: 'This product already has a buffer at this location' },
  'planning.profile_not_found': { kind: 'not_found', title: 'Buffer profile not found' },
  'planning.profile_name_taken': { kind: 'conflict', title: 'A buffer profile with this name exists' },
  'planning.suggestion_not_found': { kind: 'not_found', title: 'Suggestion not found' },
  'planning.suggestion_closed': { kind: 'conflict', title: 'The suggestion is no longer open' },
  'planning.invalid_settings': { kind: 'invalid', title: 'The buffer settings are not valid' },
} as const satisfies ErrorCatalog;
