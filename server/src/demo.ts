import { ensureTenant } from './modules/identity/index.ts';
import type { Module } from './modules/module.ts';
import type { Platform } from './platform/platform.ts';

export const DEMO = {
  slug: 'demo',
  name: 'Demo Distribuciones S.A.',
  email: 'admin@demo.flujo.dev',
  adminName: 'Ana Planificadora',
};

/** Seeds the demo tenant once; later starts find it and leave it alone. */
export const seedDemo = async (p: Platform, modules: Module[]) => {
  const demo = await ensureTenant(p, {
    slug: DEMO.slug,
    name: DEMO.name,
    admin: {
      email: DEMO.email,
      name: DEMO.adminName,
      password: p.config.FLUJO_DEMO_PASSWORD,
      language: 'es',
    },
  });
  if (demo.created) {
    for (const m of modules) await m.seedDemo?.({ tenantId: demo.tenantId, adminUserId: demo.adminUserId });
  }
  return { ...demo, email: DEMO.email, password: p.config.FLUJO_DEMO_PASSWORD, tenant: DEMO.slug };
};
