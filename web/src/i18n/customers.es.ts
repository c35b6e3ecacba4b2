import type { customersEn } from './customers.en.ts';
import type { Message } from './plural.ts';

/** Spanish strings of the customers page (spread into es.ts); every English key is here. */
export const customersEs: Record<keyof typeof customersEn, Message> = {
  'customers.nav': 'Clientes',
  'customers.subtitle': 'A quién vendes: dados de alta aquí o traídos de tu ERP por la sincronización.',
  'customers.search': 'Nombre, código o correo',
  'customers.new': 'Nuevo cliente',
  'customers.edit': 'Editar cliente',
  'customers.saved': 'Cliente guardado',
  'customers.code': 'Código',
  'customers.name': 'Nombre',
  'customers.email': 'Correo',
  'customers.phone': 'Teléfono',
  'customers.tax_id': 'RFC / NIF',
  'customers.active': 'Activo',
  'customers.inactive': 'Inactivo',
  'customers.all': 'Todos',
  'customers.source': 'Origen',
  'customers.source.manual': 'Manual',
  'customers.source.sync': 'ERP',
  'customers.synced_note':
    'Este cliente viene del ERP: su nombre, correo, teléfono y estado se cambian allí, y la siguiente sincronización los trae.',
  'customers.empty': 'Aún no hay clientes',
};
