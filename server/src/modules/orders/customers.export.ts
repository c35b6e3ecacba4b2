import { type ExportColumn, yesNo } from '../../platform/http/export-route.ts';
import type { CustomerView } from './customers.repo.ts';

const SOURCE = {
  manual: { es: 'Manual', en: 'Manual' },
  sync: { es: 'ERP', en: 'ERP' },
} as const;

/** The customers export: the master as a sales team reads it, with where each customer came from. */
export const customerColumns: ExportColumn<CustomerView>[] = [
  { header: { es: 'Código', en: 'Code' }, value: (c) => c.code },
  { header: { es: 'Nombre', en: 'Name' }, value: (c) => c.name },
  { header: { es: 'Correo', en: 'Email' }, value: (c) => c.email },
  { header: { es: 'Teléfono', en: 'Phone' }, value: (c) => c.phone },
  { header: { es: 'RFC / NIF', en: 'Tax id' }, value: (c) => c.tax_id },
  { header: { es: 'Activo', en: 'Active' }, value: (c, l) => yesNo(c.active, l) },
  { header: { es: 'Origen', en: 'Source' }, value: (c, l) => SOURCE[c.source][l] },
  { header: { es: 'Id en el ERP', en: 'ERP id' }, value: (c) => c.external_id },
];
