import type { ErrorCatalog } from '../../platform/http/errors.ts';

export const inventoryErrors = {
  'inventory.version_conflict': {
    kind: 'conflict',
    title: 'The stock changed since you read it; reload and retry',
  },
  'inventory.reservation_not_found': { kind: 'not_found', title: 'Reservation not found' },
  'inventory.reservation_closed': { kind: 'conflict', title: 'The reservation is no longer pending' },
  'inventory.reservation_expired': { kind: 'gone', title: 'The reservation expired; its stock went back' },
  'inventory.insufficient_stock': { kind: 'conflict', title: 'Not enough stock available' },
} as const satisfies ErrorCatalog;
