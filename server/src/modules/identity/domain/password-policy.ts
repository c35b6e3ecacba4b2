import { dictionary } from '@zxcvbn-ts/language-common';

const common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

export type PasswordProblem = 'too_short' | 'too_long' | 'contains_email' | 'common';

/**
 * Why a password is refused, or null: long enough, not the email (nor a name part of six or
 * more letters), and
 * not one of the ~49k most common passwords.
 */
export const passwordProblem = (password: string, email: string, minLength = 10): PasswordProblem | null => {
  if ([...password].length < minLength) return 'too_short';
  if (password.length > 256) return 'too_long';
  const lower = password.toLowerCase();
  const mail = email.toLowerCase();
  const local = mail.split('@')[0] ?? '';
  if (lower === mail || lower.includes(mail) || (local.length >= 6 && lower.includes(local)))
    return 'contains_email';
  if (common.has(lower)) return 'common';
  return null;
};

export const passwordMessages: Record<PasswordProblem, (min: number) => string> = {
  too_short: (min) => `must be at least ${min} characters`,
  too_long: () => 'must be at most 256 characters',
  contains_email: () => 'must not contain your email address',
  common: () => 'is too common; choose one that is harder to guess',
};
