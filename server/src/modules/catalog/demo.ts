import type { Platform } from '../../platform/platform.ts';
import { type DemoTenant, demoContext } from '../module.ts';
import { createBomsService } from './boms.service.ts';
import { createLocationsService } from './locations.service.ts';
import { createProductsService, type ProductInput } from './products.service.ts';
import { createSuppliersService } from './suppliers.service.ts';

/** Demo Distribuciones: a central warehouse in Madrid feeding four stores, in Spanish. */
export const DEMO_LOCATIONS = [
  { code: 'CEDIS-MAD', name: 'Centro de distribución Madrid', type: 'warehouse', city: 'Getafe' },
  { code: 'MAD-001', name: 'Tienda Madrid Centro', type: 'store', city: 'Madrid' },
  { code: 'MAD-002', name: 'Tienda Madrid Chamartín', type: 'store', city: 'Madrid' },
  { code: 'BCN-001', name: 'Tienda Barcelona Eixample', type: 'store', city: 'Barcelona' },
  { code: 'VLC-001', name: 'Tienda Valencia Ruzafa', type: 'store', city: 'Valencia' },
  { code: 'TRANSITO', name: 'Mercancía en tránsito', type: 'in_transit', city: '' },
] as const;

export const DEMO_PRODUCTS: ProductInput[] = [
  {
    sku: 'TOR-M6-40',
    name: 'Tornillo hexagonal M6 x 40 (caja 100)',
    category: 'Tornillería',
    price: '8.90',
    cost: '4.10',
    lead_time_days: 7,
    order_multiple: '10',
    buffered: true,
    barcode: '8412345000016',
  },
  {
    sku: 'TUE-M6',
    name: 'Tuerca hexagonal M6 (caja 100)',
    category: 'Tornillería',
    price: '4.50',
    cost: '1.90',
    lead_time_days: 7,
    order_multiple: '10',
    buffered: true,
    barcode: '8412345000023',
  },
  {
    sku: 'ARA-M6',
    name: 'Arandela plana M6 (caja 200)',
    category: 'Tornillería',
    price: '3.20',
    cost: '1.20',
    lead_time_days: 7,
    order_multiple: '10',
    buffered: true,
  },
  {
    sku: 'TAC-8',
    name: 'Taco de nailon 8 mm (bolsa 50)',
    category: 'Tornillería',
    price: '2.95',
    cost: '1.05',
    lead_time_days: 10,
    buffered: true,
  },
  {
    sku: 'TAL-18V',
    name: 'Taladro percutor 18 V con batería',
    category: 'Herramientas',
    price: '129.00',
    cost: '78.00',
    lead_time_days: 21,
    min_order_qty: '5',
    buffered: true,
    barcode: '8412345000108',
  },
  {
    sku: 'DES-PH2',
    name: 'Destornillador Phillips PH2',
    category: 'Herramientas',
    price: '6.50',
    cost: '2.40',
    lead_time_days: 14,
  },
  {
    sku: 'MAR-500',
    name: 'Martillo de carpintero 500 g',
    category: 'Herramientas',
    price: '14.90',
    cost: '7.10',
    lead_time_days: 14,
  },
  {
    sku: 'CIN-5M',
    name: 'Cinta métrica 5 m',
    category: 'Herramientas',
    price: '7.90',
    cost: '3.20',
    lead_time_days: 14,
  },
  {
    sku: 'PAN-60',
    name: 'Panel de melamina 60 x 30 cm',
    category: 'Tableros',
    uom: 'unit',
    price: '9.80',
    cost: '5.10',
    lead_time_days: 12,
    buffered: true,
  },
  {
    sku: 'KIT-MON',
    name: 'Kit de montaje (tornillos, tuercas, arandelas)',
    category: 'Kits',
    price: '15.00',
    cost: '7.50',
    lead_time_days: 2,
    buffered: true,
  },
  {
    sku: 'EST-4B',
    name: 'Estantería metálica 4 baldas',
    category: 'Mobiliario',
    price: '59.00',
    cost: '31.00',
    lead_time_days: 3,
    buffered: true,
  },
  {
    sku: 'PIN-BL-4L',
    name: 'Pintura plástica blanca 4 L',
    category: 'Pintura',
    uom: 'unit',
    price: '24.50',
    cost: '12.80',
    lead_time_days: 10,
  },
  {
    sku: 'CAB-2.5',
    name: 'Cable eléctrico 2,5 mm² (metro)',
    category: 'Electricidad',
    uom: 'm',
    uom_step: '0.5',
    price: '0.85',
    cost: '0.38',
    lead_time_days: 10,
  },
  {
    sku: 'BOM-LED-9W',
    name: 'Bombilla LED E27 9 W',
    category: 'Electricidad',
    price: '3.99',
    cost: '1.45',
    lead_time_days: 20,
    buffered: true,
  },
];

const SUPPLIERS = [
  {
    name: 'Tornillería Ibérica S.L.',
    tax_id: 'B12345678',
    currency: 'EUR',
    lead: 7,
    contact: { name: 'Lucía Ferrer', email: 'pedidos@tornilleria-iberica.example', phone: '+34 910 000 001' },
    skus: ['TOR-M6-40', 'TUE-M6', 'ARA-M6', 'TAC-8'],
  },
  {
    name: 'Herramientas del Norte S.A.',
    tax_id: 'A87654321',
    currency: 'EUR',
    lead: 14,
    contact: { name: 'Iñaki Etxeberria', email: 'ventas@herranorte.example', phone: '+34 944 000 002' },
    skus: ['TAL-18V', 'DES-PH2', 'MAR-500', 'CIN-5M'],
  },
  {
    name: 'Suministros Levante S.L.',
    tax_id: 'B11223344',
    currency: 'EUR',
    lead: 10,
    contact: { name: 'Vicent Martí', email: 'comercial@sumilevante.example', phone: '+34 960 000 003' },
    skus: ['PAN-60', 'PIN-BL-4L', 'CAB-2.5', 'BOM-LED-9W', 'TAC-8'],
  },
];

export const seedCatalogDemo = async (p: Platform, demo: DemoTenant) => {
  const ctx = demoContext(demo);
  const locs = createLocationsService(p);
  const parent = await locs.create(ctx, {
    code: 'CEDIS-MAD',
    name: DEMO_LOCATIONS[0].name,
    type: 'warehouse',
    address: { city: 'Getafe', country: 'ES' },
  });
  for (const l of DEMO_LOCATIONS.slice(1)) {
    await locs.create(ctx, {
      code: l.code,
      name: l.name,
      type: l.type,
      parent_id: l.type === 'store' ? parent.id : null,
      address: l.city ? { city: l.city, country: 'ES' } : {},
    });
  }
  const products = createProductsService(p);
  await products.bulkUpsert(ctx, DEMO_PRODUCTS);
  const { data } = await products.list(ctx, { page: 1, limit: 100 });
  const id = new Map(data.map((x) => [x.sku, x.id]));
  const need = (sku: string) => {
    const v = id.get(sku);
    if (!v) throw new Error(`demo product ${sku} missing`);
    return v;
  };
  const suppliers = createSuppliersService(p);
  for (const s of SUPPLIERS) {
    const created = await suppliers.create(ctx, {
      name: s.name,
      tax_id: s.tax_id,
      currency: s.currency,
      default_lead_time_days: s.lead,
      contacts: [s.contact],
    });
    for (const sku of s.skus) {
      // TAC-8 has two sources; the first listed is preferred.
      const preferred = SUPPLIERS.find((x) => x.skus.includes(sku)) === s;
      await suppliers.putItem(ctx, created.id, need(sku), { lead_time_days: s.lead, preferred });
    }
  }
  // A two-level BOM: the shelf is assembled from panels and the kit, the kit from hardware.
  const bomsSvc = createBomsService(p);
  await bomsSvc.create(ctx, {
    product_id: need('KIT-MON'),
    lines: [
      { component_id: need('TOR-M6-40'), quantity: '0.2' },
      { component_id: need('TUE-M6'), quantity: '0.2' },
      { component_id: need('ARA-M6'), quantity: '0.1' },
    ],
  });
  await bomsSvc.create(ctx, {
    product_id: need('EST-4B'),
    lines: [
      { component_id: need('PAN-60'), quantity: '4' },
      { component_id: need('KIT-MON'), quantity: '1' },
    ],
  });
};
