/**
 * Every query key the app uses, in one place. A resource's keys share its root, so
 * invalidating `keys.x.all` refreshes its lists and everything under it; details that live
 * apart from the lists keep their own root, as the live stream (api/live.ts) drops them.
 * Features add their resources here rather than writing key literals in screens.
 */
const resource = <Root extends string>(root: Root) => ({
  all: [root] as const,
  list: (params: Record<string, unknown> = {}) => [root, 'list', params] as const,
});

export const keys = {
  locations: { ...resource('locations'), every: ['locations', 'all'] as const },

  // Planning. The live stream (api/live.ts) drops `buffers`, `buffer`, `suggestions` and `alerts`
  // by their roots: a buffer's page and its history live under `buffer`, apart from the board.
  buffers: resource('buffers'),
  buffer: {
    all: ['buffer'] as const,
    one: (id: string) => ['buffer', id] as const,
    history: (id: string, days: number) => ['buffer', id, 'history', days] as const,
  },
  bufferPositions: (id: string, version: string | null) => ['buffer-positions', id, version] as const,
  bufferProfiles: { all: ['buffer-profiles'] as const },
  suggestions: resource('suggestions'),
  alerts: resource('alerts'),
  forecasts: resource('forecasts'),
  adjustments: resource('adjustments'),
  aduExclusions: resource('adu-exclusions'),

  // Orders. An order's own page lives apart from the lists (`order`), as do its shortages.
  orders: resource('orders'),
  order: { all: ['order'] as const, one: (id: string) => ['order', id] as const },
  orderShortages: {
    all: ['order-shortages'] as const,
    one: (id: string) => ['order-shortages', id] as const,
  },
  approvals: { ...resource('approvals'), count: ['approvals', 'count'] as const },
  reorderPolicies: resource('reorder-policies'),
  orderSettings: { all: ['order-settings'] as const },
  supplierPerformance: (supplierId: string) => ['supplier-performance', supplierId] as const,
  customerOrders: {
    ...resource('customer-orders'),
    one: (id: string) => ['customer-orders', 'detail', id] as const,
  },
  listings: resource('listings'),
  // Roots of the catalog and stock screens that order and planning screens read or make stale.
  product: { one: (id: string) => ['product', id] as const },
  suppliers: { all: ['suppliers'] as const, every: ['suppliers', 'all'] as const },
  boms: { all: ['boms'] as const, every: ['boms', 'all'] as const },
  inventory: { all: ['inventory'] as const },
} as const;
