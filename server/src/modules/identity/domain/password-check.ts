import { DomainError } from '../../../platform/domain/errors.ts';
import { passwordMessages, passwordProblem } from './password-policy.ts';

/** Throws a 400 naming `field` when the password breaks the policy. */
export const assertPassword = (password: string, email: string, minLength: number, field = 'password') => {
  const problem = passwordProblem(password, email, minLength);
  if (!problem) return;
  const message = passwordMessages[problem](minLength);
  throw new DomainError('identity.weak_password', {
    detail: `${field} ${message}.`,
    errors: [{ field, message }],
  });
};
