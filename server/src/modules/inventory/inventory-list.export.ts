import { decimalCell, type ExportColumn, yesNo } from '../../platform/http/export-route.ts';
import type { InventoryListService } from './inventory-list.service.ts';

type Row = Awaited<ReturnType<InventoryListService['list']>>['data'][number];

/** Stock per product and location, as the inventory list shows it. */
export const inventoryColumns: ExportColumn<Row>[] = [
  { header: { es: 'SKU', en: 'SKU' }, value: (r) => r.sku },
  { header: { es: 'Producto', en: 'Product' }, value: (r) => r.name },
  { header: { es: 'Categoría', en: 'Category' }, value: (r) => r.category },
  { header: { es: 'Ubicación', en: 'Location' }, value: (r) => r.location },
  { header: { es: 'Nombre de la ubicación', en: 'Location name' }, value: (r) => r.location_name },
  { header: { es: 'Existencias', en: 'On hand' }, value: (r) => decimalCell(r.on_hand) },
  { header: { es: 'Reservado', en: 'Reserved' }, value: (r) => decimalCell(r.reserved) },
  { header: { es: 'Disponible', en: 'Available' }, value: (r) => decimalCell(r.available) },
  { header: { es: 'Mínimo', en: 'Minimum' }, value: (r) => decimalCell(r.min_qty) },
  { header: { es: 'Máximo', en: 'Maximum' }, value: (r) => decimalCell(r.max_qty) },
  { header: { es: 'Bajo mínimo', en: 'Low stock' }, value: (r, l) => yesNo(r.low_stock, l) },
];
