import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';

export const identityEvents = {
  tenantCreated: defineEvent('auth.tenant.created', 1, z.object({ slug: z.string(), name: z.string() })),
  tenantUpdated: defineEvent('auth.tenant.updated', 1, z.object({ fields: z.array(z.string()) })),
  userCreated: defineEvent('auth.user.created', 1, z.object({ email: z.string(), name: z.string() })),
  userUpdated: defineEvent('auth.user.updated', 1, z.object({ fields: z.array(z.string()) })),
  roleAssigned: defineEvent('auth.role.assigned', 1, z.object({ role_id: z.string(), role: z.string() })),
  loggedIn: defineEvent('auth.user.logged_in', 1, z.object({ ip: z.string().nullable() })),
  loggedOut: defineEvent('auth.user.logged_out', 1, z.object({ all: z.boolean() })),
};
