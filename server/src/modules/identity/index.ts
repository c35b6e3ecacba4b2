import type { Platform } from '../../platform/platform.ts';
import type { Module } from '../module.ts';
import { auditRoutes } from './audit.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { createAuthService } from './auth.service.ts';
import { identityErrors } from './errors.ts';

export { identityEvents } from './events.ts';
export { ensureTenant, type NewTenant } from './tenants.service.ts';

/** Tenants, users, roles and sign-in. The full identity issue grows this module. */
export const identityModule = (p: Platform): Module => {
  const auth = createAuthService(p);
  return {
    name: 'identity',
    errors: identityErrors,
    routes: (app) => {
      authRoutes(app, auth);
      auditRoutes(app, p);
    },
  };
};
