import type { ErrorCatalog } from '../../platform/domain/errors.ts';

export const catalogErrors = {
  'catalog.product_not_found': { kind: 'not_found', title: 'Product not found' },
  'catalog.location_not_found': { kind: 'not_found', title: 'Location not found' },
  'catalog.supplier_not_found': { kind: 'not_found', title: 'Supplier not found' },
  'catalog.sku_taken': { kind: 'conflict', title: 'Another product already has this SKU' },
  'catalog.code_taken': { kind: 'conflict', title: 'Another location already has this code' },
  'catalog.name_taken': { kind: 'conflict', title: 'Another supplier already has this name' },
  'catalog.in_use': { kind: 'conflict', title: 'It is still referenced and cannot be deleted' },
  'catalog.bom_not_found': { kind: 'not_found', title: 'Bill of materials not found' },
  'catalog.bom_exists': {
    kind: 'conflict',
    title: 'This product already has a bill of materials for that location',
  },
  'catalog.invalid_bom': { kind: 'invalid', title: 'The bill of materials is not valid' },
  'catalog.invalid_parent': { kind: 'invalid', title: 'The parent location is not valid' },
} as const satisfies ErrorCatalog;

declare module '../../platform/domain/errors.ts' {
  interface ErrorCodes extends Record<keyof typeof catalogErrors, true> {}
}
