import type { ErrorCatalog } from '../../platform/http/errors.ts';

export const inventoryErrors = {
  'inventory.version_conflict': {
    kind: 'conflict',
    title: 'The stock changed since you read it; reload and retry',
  },
  'inventory.insufficient_stock': { kind: 'conflict', title: 'Not enough stock available' },
} as const satisfies ErrorCatalog;
