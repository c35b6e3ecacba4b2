/** English strings of the customers page (spread into en.ts). */
export const customersEn = {
  'customers.nav': 'Customers',
  'customers.subtitle': 'Who you sell to: typed in here or brought from your ERP by the sync.',
  'customers.search': 'Name, code or email',
  'customers.new': 'New customer',
  'customers.edit': 'Edit customer',
  'customers.saved': 'Customer saved',
  'customers.code': 'Code',
  'customers.name': 'Name',
  'customers.email': 'Email',
  'customers.phone': 'Phone',
  'customers.tax_id': 'Tax id (RFC, NIF)',
  'customers.active': 'Active',
  'customers.inactive': 'Inactive',
  'customers.all': 'All',
  'customers.source': 'Source',
  'customers.source.manual': 'Manual',
  'customers.source.sync': 'ERP',
  'customers.synced_note':
    'This customer comes from the ERP: its name, email, phone and state change there, and the next sync brings them here.',
  'customers.empty': 'No customers yet',
} as const;
