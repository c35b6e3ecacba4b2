import type { ExportColumn } from '../../platform/http/export-route.ts';
import type { BufferViews } from './buffers.view.ts';
import { zoneCell } from './zone-cell.ts';

type Buffer = Awaited<ReturnType<BufferViews['list']>>['data'][number];

/** The planning board: each buffer's zones and where its net flow stands. */
export const bufferColumns: ExportColumn<Buffer>[] = [
  { header: { es: 'SKU', en: 'SKU' }, value: (b) => b.sku },
  { header: { es: 'Producto', en: 'Product' }, value: (b) => b.product_name },
  { header: { es: 'Ubicación', en: 'Location' }, value: (b) => b.location_code },
  { header: { es: 'Prioridad', en: 'Priority' }, value: (b, l) => zoneCell(b.planning_priority, l) },
  { header: { es: 'Flujo neto %', en: 'Net flow %' }, value: (b) => b.net_flow_percent },
  { header: { es: 'Posición de flujo neto', en: 'Net flow position' }, value: (b) => b.net_flow_position },
  { header: { es: 'Existencias', en: 'On hand' }, value: (b) => b.on_hand },
  { header: { es: 'En pedido', en: 'On order' }, value: (b) => b.on_order },
  { header: { es: 'Demanda calificada', en: 'Qualified demand' }, value: (b) => b.qualified_demand },
  { header: { es: 'Tope de rojo', en: 'Top of red' }, value: (b) => b.zones.top_of_red },
  { header: { es: 'Tope de amarillo', en: 'Top of yellow' }, value: (b) => b.zones.top_of_yellow },
  { header: { es: 'Tope de verde', en: 'Top of green' }, value: (b) => b.zones.top_of_green },
  { header: { es: 'CPD', en: 'ADU' }, value: (b) => b.adu },
  { header: { es: 'DLT (días)', en: 'DLT (days)' }, value: (b) => b.dlt },
  { header: { es: 'Cantidad recomendada', en: 'Recommended quantity' }, value: (b) => b.recommended_qty },
  { header: { es: 'Calculado', en: 'Calculated' }, value: (b) => b.calculated_at },
];
