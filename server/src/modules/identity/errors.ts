import type { ErrorCatalog } from '../../platform/domain/errors.ts';

export const identityErrors = {
  'identity.invalid_credentials': { kind: 'unauthenticated', title: 'Email or password is not correct' },
  'identity.invalid_refresh_token': { kind: 'unauthenticated', title: 'The refresh token is not valid' },
  'identity.tenant_required': {
    kind: 'invalid',
    title: 'This email belongs to several organisations; say which one',
  },
  'identity.weak_password': { kind: 'invalid', title: 'The password does not meet the policy' },
  'identity.email_taken': { kind: 'conflict', title: 'A user with this email already exists here' },
  'identity.user_not_found': { kind: 'not_found', title: 'User not found' },
  'identity.role_not_found': { kind: 'not_found', title: 'Role not found' },
  'identity.role_name_taken': { kind: 'conflict', title: 'A role with this name already exists' },
  'identity.system_role': { kind: 'conflict', title: 'System roles cannot be changed or deleted' },
  'identity.role_in_use': { kind: 'conflict', title: 'The role is still assigned to users' },
  'identity.cannot_remove_self': { kind: 'conflict', title: 'You cannot deactivate yourself' },
  'identity.escalation': { kind: 'forbidden', title: 'You cannot grant permissions you do not have' },
  'identity.invalid_token': { kind: 'invalid', title: 'The link is not valid any more; ask for a new one' },
  'identity.slug_taken': { kind: 'conflict', title: 'This organisation address is taken' },
  'identity.email_unverified': {
    kind: 'forbidden',
    title: 'Confirm your email address first (see the mail we sent)',
  },
  'identity.invalid_mfa_token': { kind: 'unauthenticated', title: 'The sign-in step expired; sign in again' },
  'identity.invalid_mfa_code': { kind: 'unauthenticated', title: 'The code is not correct' },
  'identity.mfa_already_on': { kind: 'conflict', title: 'Two-factor authentication is already on' },
  'identity.mfa_not_pending': { kind: 'conflict', title: 'Start two-factor enrolment first' },
  'identity.mfa_not_on': { kind: 'conflict', title: 'Two-factor authentication is not on' },
  'identity.invalid_client': { kind: 'unauthenticated', title: 'Client id or secret is not correct' },
  'identity.invalid_scope': { kind: 'invalid', title: 'The requested scope is not allowed' },
  'identity.api_client_not_found': { kind: 'not_found', title: 'API client not found' },
  'identity.tenant_not_found': { kind: 'not_found', title: 'Organisation not found' },
  'identity.wrong_password': { kind: 'invalid', title: 'The current password is not correct' },
} as const satisfies ErrorCatalog;

declare module '../../platform/domain/errors.ts' {
  interface ErrorCodes extends Record<keyof typeof identityErrors, true> {}
}
