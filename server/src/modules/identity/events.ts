import { z } from 'zod';
import { defineEvent } from '../../platform/events/envelope.ts';

export const identityEvents = {
  tenantCreated: defineEvent('auth.tenant.created', 1, z.object({ slug: z.string(), name: z.string() })),
  userCreated: defineEvent('auth.user.created', 1, z.object({ email: z.string(), name: z.string() })),
};
