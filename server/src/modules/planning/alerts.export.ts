import type { ExportColumn } from '../../platform/http/export-route.ts';
import type { AlertsService } from './alerts.service.ts';
import { zoneCell } from './zone-cell.ts';

type Alert = Awaited<ReturnType<AlertsService['list']>>['data'][number];

/** Planning alerts, red before yellow; the message is the English text the API keeps. */
export const alertColumns: ExportColumn<Alert>[] = [
  { header: { es: 'Gravedad', en: 'Severity' }, value: (a, l) => zoneCell(a.severity, l) },
  { header: { es: 'Tipo', en: 'Kind' }, value: (a) => a.kind },
  { header: { es: 'Estado', en: 'Status' }, value: (a) => a.status },
  { header: { es: 'SKU', en: 'SKU' }, value: (a) => a.sku },
  { header: { es: 'Producto', en: 'Product' }, value: (a) => a.product_name },
  { header: { es: 'Ubicación', en: 'Location' }, value: (a) => a.location_code },
  { header: { es: 'Mensaje', en: 'Message' }, value: (a) => a.message },
  { header: { es: 'Detectada', en: 'Raised' }, value: (a) => a.raised_at },
  { header: { es: 'Resuelta', en: 'Resolved' }, value: (a) => a.resolved_at },
];
