import type { Config } from '../config/config.ts';

/**
 * Whether the dev mailbox route exists. It holds every password-reset and invitation link,
 * so it is on by default only for a laptop (embedded database, not production, no SMTP);
 * on a configured database or in production only when DEV_MAILBOX=true (a staging box
 * without SMTP). DEV_MAILBOX=false turns it off everywhere.
 */
export const devMailboxEnabled = (
  c: Pick<Config, 'SMTP_URL' | 'DEV_MAILBOX' | 'NODE_ENV' | 'mode'>,
): boolean => {
  if (c.SMTP_URL) return false;
  if (c.DEV_MAILBOX !== undefined) return c.DEV_MAILBOX;
  return c.mode === 'embedded' && c.NODE_ENV !== 'production';
};
