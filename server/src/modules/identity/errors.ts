import type { ErrorCatalog } from '../../platform/http/errors.ts';

export const identityErrors = {
  'identity.invalid_credentials': { kind: 'unauthenticated', title: 'Email or password is not correct' },
  'identity.invalid_refresh_token': { kind: 'unauthenticated', title: 'The refresh token is not valid' },
  'identity.tenant_required': {
    kind: 'invalid',
    title: 'This email belongs to several organisations; say which one',
  },
} as const satisfies ErrorCatalog;
