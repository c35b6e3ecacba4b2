/** The roles every tenant starts with (seed 000 §3.6); tenants add their own later. */
export const SYSTEM_ROLES = [
  { name: 'Admin', description: 'Full access', permissions: ['*:*'] },
  {
    name: 'Planner',
    description: 'Manages buffers, net flow and replenishment',
    permissions: [
      'buffer:read',
      'buffer:write',
      'buffer:calculate',
      'cpd:read',
      'cpd:calculate',
      'replenishment:read',
      'replenishment:approve',
      'product:read',
      'order:read',
      'events:read',
      'profile:read',
    ],
  },
  {
    name: 'Viewer',
    description: 'Read-only dashboards',
    permissions: [
      'buffer:read',
      'product:read',
      'order:read',
      'analytics:read',
      'events:read',
      'profile:read',
    ],
  },
] as const;
