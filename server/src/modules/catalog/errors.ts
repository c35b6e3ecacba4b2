import type { ErrorCatalog } from '../../platform/http/errors.ts';

export const catalogErrors = {
  'catalog.product_not_found': { kind: 'not_found', title: 'Product not found' },
  'catalog.location_not_found': { kind: 'not_found', title: 'Location not found' },
  'catalog.supplier_not_found': { kind: 'not_found', title: 'Supplier not found' },
  'catalog.sku_taken': { kind: 'conflict', title: 'Another product already has this SKU' },
  'catalog.code_taken': { kind: 'conflict', title: 'Another location already has this code' },
  'catalog.name_taken': { kind: 'conflict', title: 'Another supplier already has this name' },
  'catalog.in_use': { kind: 'conflict', title: 'It is still referenced and cannot be deleted' },
  'catalog.invalid_parent': { kind: 'invalid', title: 'The parent location is not valid' },
} as const satisfies ErrorCatalog;
