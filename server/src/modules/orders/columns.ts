import { bigint, customType, timestamp } from 'drizzle-orm/pg-core';

export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
/** Money is integer minor units (cents) with a currency, never a float. */
export const minor = (name: string) => bigint(name, { mode: 'number' });
