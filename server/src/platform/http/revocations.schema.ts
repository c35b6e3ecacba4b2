import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Access tokens refused before they expire: `user:<id>` ends every token of a user issued
 * before `revoked_before` (except the session in `keep_session`), `session:<id>` every token
 * of one sign-in session (refresh-token family).
 */
export const tokenRevocations = pgTable('token_revocations', {
  key: text('key').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  revokedBefore: timestamp('revoked_before', { withTimezone: true, mode: 'string' }).notNull(),
  keepSession: uuid('keep_session'),
});
