import { DomainError } from './errors.ts';

/** Who is asking, built once per request and passed explicitly to services. */
export type RequestContext = {
  tenantId: string;
  userId: string;
  kind: 'user' | 'client';
  roles: string[];
  permissions: string[];
  /** Store-scoped users (seed 001 sellers) may act only on these location ids; null = all. */
  storeIds: string[] | null;
  /** The sign-in session (refresh-token family) a user token belongs to; set when signing. */
  sessionId?: string | undefined;
  /** Set by `verify`: the token's session and lifetime (epoch milliseconds). */
  token?: { sessionId: string | null; issuedAt: number; expiresAt: number } | undefined;
};

/**
 * `resource:action` with `*` wildcards on either side: `*:*`, `inventory:*`, `*:read`.
 */
export const hasPermission = (granted: readonly string[], required: string): boolean => {
  const [res, act] = required.split(':');
  return granted.some((g) => {
    const [gr, ga] = g.split(':');
    // `platform:*` belongs to Flujo's operators: no tenant wildcard reaches it.
    const resourceOk = res === PLATFORM ? gr === PLATFORM : gr === '*' || gr === res;
    return resourceOk && (ga === '*' || ga === act);
  });
};

export const PLATFORM = 'platform';

/**
 * Store scope (seeds 001/002): a store-scoped user (a Seller) may change stock and orders
 * only of the stores assigned to them; everyone else has `storeIds` null and is not limited.
 */
export const assertStoreAccess = (ctx: RequestContext, storeId: string) => {
  if (ctx.storeIds !== null && !ctx.storeIds.includes(storeId)) {
    throw new DomainError('platform.forbidden', {
      detail: 'You may act only on the stores assigned to you.',
    });
  }
};

/** Whether `storeId` is one of the caller's stores; a caller without a store scope reaches every store. */
export const inStoreScope = (ctx: RequestContext, storeId: string) =>
  ctx.storeIds === null || ctx.storeIds.includes(storeId);

/**
 * Whether a record bound to these stores is the caller's to see: one of its stores is theirs.
 * A record that is not answers "not found" to reads and changes alike, so its existence stays
 * hidden; a change that would touch another store of a visible record is `assertStoreAccess`'s 403.
 */
export const visibleInStoreScope = (ctx: RequestContext, storeIds: readonly (string | null)[]) =>
  ctx.storeIds === null || storeIds.some((id) => id !== null && ctx.storeIds?.includes(id) === true);
