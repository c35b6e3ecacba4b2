import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { DomainError } from '../../platform/domain/errors.ts';
import { users } from './schema.ts';

/** One user of the tenant; another tenant's id answers as a missing one does. */
export const findUser = async (tx: Tx, tenantId: string, id: string) => {
  const [u] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.tenantId, tenantId)));
  if (!u) throw new DomainError('identity.user_not_found');
  return u;
};
