import { decimalCell, type ExportColumn, yesNo } from '../../platform/http/export-route.ts';
import type { toProduct } from './products.service.ts';

type Product = ReturnType<typeof toProduct>;

/** The products export: what a planner edits in a spreadsheet and imports back, by SKU. */
export const productColumns: ExportColumn<Product>[] = [
  { header: { es: 'SKU', en: 'SKU' }, value: (p) => p.sku },
  { header: { es: 'Nombre', en: 'Name' }, value: (p) => p.name },
  { header: { es: 'Categoría', en: 'Category' }, value: (p) => p.category },
  { header: { es: 'Unidad', en: 'Unit' }, value: (p) => p.uom },
  { header: { es: 'Precio', en: 'Price' }, value: (p) => decimalCell(p.price) },
  { header: { es: 'Coste', en: 'Cost' }, value: (p) => decimalCell(p.cost) },
  { header: { es: 'Plazo (días)', en: 'Lead time (days)' }, value: (p) => p.lead_time_days },
  { header: { es: 'Pedido mínimo', en: 'Minimum order' }, value: (p) => decimalCell(p.min_order_qty) },
  { header: { es: 'Múltiplo de pedido', en: 'Order multiple' }, value: (p) => decimalCell(p.order_multiple) },
  { header: { es: 'Código de barras', en: 'Barcode' }, value: (p) => p.barcode },
  { header: { es: 'Con buffer', en: 'Buffered' }, value: (p, l) => yesNo(p.buffered, l) },
  { header: { es: 'Activo', en: 'Active' }, value: (p, l) => yesNo(p.active, l) },
];
