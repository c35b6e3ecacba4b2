import type { ExportColumn } from '../../platform/http/export-route.ts';
import type { CustomerOrderView } from './customer-orders.view.ts';
import { minorDigits } from './domain/money.ts';
import type { SupplyOrderOut } from './supply.view.ts';

/** Minor units as the amount a spreadsheet shows, in the currency's own decimals. */
const major = (minor: number, currency: string) => minor / 10 ** minorDigits(currency);

/** Purchase, production and transfer orders, one row per order. */
export const supplyOrderColumns: ExportColumn<SupplyOrderOut>[] = [
  { header: { es: 'Número', en: 'Number' }, value: (o) => o.number },
  { header: { es: 'Tipo', en: 'Kind' }, value: (o) => o.kind },
  { header: { es: 'Estado', en: 'Status' }, value: (o) => o.status },
  { header: { es: 'Proveedor', en: 'Supplier' }, value: (o) => o.supplier_name },
  { header: { es: 'Destino', en: 'Destination' }, value: (o) => o.store_id },
  { header: { es: 'Origen', en: 'Source' }, value: (o) => o.source_store_id },
  { header: { es: 'Creado desde', en: 'Origin' }, value: (o) => o.origin },
  { header: { es: 'Fecha', en: 'Order date' }, value: (o) => o.order_date },
  { header: { es: 'Entrega', en: 'Due date' }, value: (o) => o.due_date },
  { header: { es: 'Líneas', en: 'Lines' }, value: (o) => o.lines.length },
  { header: { es: 'Moneda', en: 'Currency' }, value: (o) => o.currency },
  { header: { es: 'Total', en: 'Total' }, value: (o) => major(o.total_minor, o.currency) },
  { header: { es: 'Notas', en: 'Notes' }, value: (o) => o.notes },
];

type CustomerOrder = Omit<CustomerOrderView, 'timeline'>;

/** Customer orders, one row per order. */
export const customerOrderColumns: ExportColumn<CustomerOrder>[] = [
  { header: { es: 'Número', en: 'Number' }, value: (o) => o.number },
  { header: { es: 'Estado', en: 'Status' }, value: (o) => o.status },
  { header: { es: 'Canal', en: 'Channel' }, value: (o) => o.channel },
  { header: { es: 'Tienda', en: 'Store' }, value: (o) => o.store_id },
  { header: { es: 'Cliente', en: 'Customer' }, value: (o) => o.customer.name },
  { header: { es: 'Correo', en: 'Email' }, value: (o) => o.customer.email },
  { header: { es: 'Líneas', en: 'Lines' }, value: (o) => o.lines.length },
  { header: { es: 'Moneda', en: 'Currency' }, value: (o) => o.currency },
  { header: { es: 'Total', en: 'Total' }, value: (o) => major(o.total_minor, o.currency) },
  { header: { es: 'Pago', en: 'Payment' }, value: (o) => o.payment?.status ?? null },
  { header: { es: 'Seguimiento', en: 'Tracking' }, value: (o) => o.tracking_number },
  { header: { es: 'Creado', en: 'Created' }, value: (o) => o.created_at },
];
