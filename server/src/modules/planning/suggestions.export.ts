import type { ExportColumn } from '../../platform/http/export-route.ts';
import type { SuggestionsService } from './suggestions.service.ts';
import { zoneCell } from './zone-cell.ts';

type Suggestion = Awaited<ReturnType<SuggestionsService['list']>>['data'][number];

/** What to order now, as the suggestions list ranks it. */
export const suggestionColumns: ExportColumn<Suggestion>[] = [
  { header: { es: 'SKU', en: 'SKU' }, value: (s) => s.sku },
  { header: { es: 'Producto', en: 'Product' }, value: (s) => s.product_name },
  { header: { es: 'Ubicación', en: 'Location' }, value: (s) => s.location_code },
  { header: { es: 'Prioridad', en: 'Priority' }, value: (s, l) => zoneCell(s.planning_priority, l) },
  { header: { es: 'Flujo neto %', en: 'Net flow %' }, value: (s) => s.net_flow_percent },
  { header: { es: 'Posición de flujo neto', en: 'Net flow position' }, value: (s) => s.net_flow_position },
  { header: { es: 'Tope de verde', en: 'Top of green' }, value: (s) => s.top_of_green },
  { header: { es: 'Cantidad sugerida', en: 'Suggested quantity' }, value: (s) => s.suggested_quantity },
  { header: { es: 'Cantidad', en: 'Quantity' }, value: (s) => s.quantity },
  { header: { es: 'Estado', en: 'Status' }, value: (s) => s.status },
  { header: { es: 'Creada', en: 'Created' }, value: (s) => s.created_at },
];
