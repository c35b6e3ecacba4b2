import type { ErrorCatalog } from '../../platform/domain/errors.ts';

export const inventoryErrors = {
  'inventory.version_conflict': {
    kind: 'conflict',
    title: 'The stock changed since you read it; reload and retry',
  },
  'inventory.reservation_not_found': { kind: 'not_found', title: 'Reservation not found' },
  'inventory.reservation_closed': { kind: 'conflict', title: 'The reservation is no longer pending' },
  'inventory.reservation_expired': { kind: 'gone', title: 'The reservation expired; its stock went back' },
  'inventory.insufficient_stock': { kind: 'conflict', title: 'Not enough stock available' },
  'inventory.transfer_not_found': { kind: 'not_found', title: 'Transfer not found' },
  'inventory.transfer_closed': { kind: 'conflict', title: 'The transfer is not in transit' },
  'inventory.transfer_invalid': { kind: 'invalid', title: 'The transfer is not valid' },
  'inventory.count_not_found': { kind: 'not_found', title: 'Count not found' },
  'inventory.count_closed': { kind: 'conflict', title: 'The count is no longer open' },
  'inventory.count_open_exists': { kind: 'conflict', title: 'This location already has an open count' },
  'inventory.count_empty': { kind: 'invalid', title: 'The count has no lines' },
} as const satisfies ErrorCatalog;

declare module '../../platform/domain/errors.ts' {
  interface ErrorCodes extends Record<keyof typeof inventoryErrors, true> {}
}
