import { decimalCell, type ExportColumn } from '../../platform/http/export-route.ts';
import type { StockService } from './stock.service.ts';

type Movement = Awaited<ReturnType<StockService['ledger']>>[number];

/** The movements of one product at one location, newest first, with the balance after each. */
export const movementColumns: ExportColumn<Movement>[] = [
  { header: { es: 'Fecha', en: 'Date' }, value: (m) => m.created_at },
  { header: { es: 'Tipo', en: 'Kind' }, value: (m) => m.kind },
  { header: { es: 'Cantidad', en: 'Quantity' }, value: (m) => decimalCell(m.quantity) },
  { header: { es: 'Saldo', en: 'Balance' }, value: (m) => decimalCell(m.balance_after) },
  { header: { es: 'Motivo', en: 'Reason' }, value: (m) => m.reason },
  { header: { es: 'Tipo de referencia', en: 'Reference type' }, value: (m) => m.reference_type },
  { header: { es: 'Referencia', en: 'Reference' }, value: (m) => m.reference_id },
];
