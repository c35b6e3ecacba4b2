import { ensureTenant } from './modules/identity/index.ts';
import type { Module } from './modules/module.ts';
import type { Platform } from './platform/platform.ts';

export const DEMO = {
  slug: 'demo',
  planner: 'planner@demo.flujo.dev',
  viewer: 'viewer@demo.flujo.dev',
  name: 'Demo Distribuciones S.A.',
  email: 'admin@demo.flujo.dev',
  adminName: 'Ana Planificadora',
};

/**
 * Seeds the demo tenant once; later starts find it and leave it alone. `data: false` creates the
 * tenant and its users without the modules' sample catalog and stock (what most tests want).
 */
export const seedDemo = async (p: Platform, modules: Module[], opts: { data?: boolean } = {}) => {
  const demo = await ensureTenant(p, {
    slug: DEMO.slug,
    name: DEMO.name,
    admin: {
      email: DEMO.email,
      name: DEMO.adminName,
      password: p.config.FLUJO_DEMO_PASSWORD,
      language: 'es',
    },
    users: [
      {
        email: DEMO.planner,
        name: 'Pablo Planner',
        password: p.config.FLUJO_DEMO_PASSWORD,
        language: 'en',
        role: 'Planner',
      },
      {
        email: DEMO.viewer,
        name: 'Valeria Vista',
        password: p.config.FLUJO_DEMO_PASSWORD,
        language: 'es',
        role: 'Viewer',
      },
    ],
  });
  if (demo.created && opts.data !== false) {
    for (const m of modules) await m.seedDemo?.({ tenantId: demo.tenantId, adminUserId: demo.adminUserId });
  }
  return { ...demo, email: DEMO.email, password: p.config.FLUJO_DEMO_PASSWORD, tenant: DEMO.slug };
};
