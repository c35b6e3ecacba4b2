/**
 * The roles every tenant starts with: Admin, Planner and Viewer as seed 000 lists them,
 * Manager and User from seed 004, and Seller, the store-scoped role of seeds 001/002 (a
 * Seller's changes are limited to the stores assigned to them). Tenants add their own.
 */
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
      'location:read',
      'supplier:read',
      'inventory:read',
      'order:read',
      'order:write',
      'import:read',
      'import:write',
      'analytics:read',
      'analytics:write',
      'predictions:read',
      'ai:chat',
      'ai-query:execute',
    ],
  },
  {
    name: 'Viewer',
    description: 'Read-only dashboards',
    permissions: ['buffer:read', 'product:read', 'order:read', 'analytics:read', 'ai:chat'],
  },
  {
    name: 'Manager',
    description: 'Runs inventory and integrations',
    permissions: [
      'product:read',
      'location:read',
      'supplier:read',
      'inventory:read',
      'inventory:write',
      'inventory:reserve',
      'order:read',
      'order:write',
      'order:approve',
      'customer:read',
      'customer:write',
      'marketplace:write',
      'sync:trigger',
      'integration:read',
      'integration:write',
      'import:read',
      'import:write',
      'predictions:read',
      'analytics:read',
      'ai-query:execute',
      'ai:chat',
    ],
  },
  {
    name: 'User',
    description: 'Everyday inventory work',
    permissions: [
      'product:read',
      'location:read',
      'inventory:read',
      'inventory:reserve',
      'predictions:read',
      'analytics:read',
      'ai-query:execute',
      'ai:chat',
    ],
  },
  {
    name: 'Seller',
    description: 'Store staff: stock and orders of their own stores',
    permissions: [
      'product:read',
      'location:read',
      'inventory:read',
      'inventory:write',
      'inventory:reserve',
      'order:read',
      'order:write',
      'customer:read',
      'customer:write',
      'marketplace:write',
    ],
  },
] as const;

/** What any signed-in person may do with their own account and live feed, whatever their roles. */
export const SELF_PERMISSIONS = ['profile:read', 'profile:write', 'events:read'] as const;

/** What Flujo's own operators (FLUJO_OPERATOR_EMAILS, verified) hold on top of their roles. */
export const OPERATOR_PERMISSIONS = ['platform:tenants'] as const;

/**
 * Reading the dev mailbox: it holds every reset and invitation link of the organisation, so
 * it is as strong as Admin. Admin's `*:*` covers it; `*:read` or `user:*` do not.
 */
export const DEV_MAILBOX_PERMISSION = 'dev-mailbox:admin';
