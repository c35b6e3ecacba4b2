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

  // Catalog, inventory, identity, the dashboard and the storefront.
  products: {
    ...resource('products'),
    categories: ['products', 'categories'] as const,
    /** The product picker's matches, from the catalog's search or (without it) the stock list's. */
    search: (catalog: boolean, term: string) => ['products', 'search', catalog, term] as const,
  },
  /** One product by id: its own root, shared by the detail page and every SKU lookup. */
  product: { all: ['product'] as const, one: (id: string | undefined) => ['product', id] as const },
  suppliers: {
    ...resource('suppliers'),
    every: ['suppliers', 'all'] as const,
    one: (id: string) => ['suppliers', 'one', id] as const,
  },
  boms: {
    ...resource('boms'),
    every: ['boms', 'all'] as const,
    ofProduct: (id: string) => ['boms', 'product', id] as const,
  },
  inventory: { ...resource('inventory'), ofProduct: (id: string) => ['inventory', 'product', id] as const },
  /** Availability and ledger are keyed by product first: a stock event refreshes that product's. */
  availability: {
    all: ['availability'] as const,
    of: (productId: string | undefined) => ['availability', productId] as const,
  },
  ledger: {
    all: ['ledger'] as const,
    of: (productId: string) => ['ledger', productId] as const,
    at: (productId: string, location: string) => ['ledger', productId, location] as const,
  },
  reservations: resource('reservations'),
  transfers: resource('transfers'),
  counts: { ...resource('counts'), one: (id: string) => ['counts', 'one', id] as const },
  users: resource('users'),
  roles: { all: ['roles'] as const },
  apiClients: { all: ['api-clients'] as const },
  audit: resource('audit'),
  me: ['me'] as const,
  tenant: ['tenant'] as const,
  health: ['health'] as const,
  /** The bell and the notifications page share this root: marking one read refreshes both. */
  notifications: { ...resource('notifications'), latest: ['notifications', 'latest'] as const },
  notificationPreferences: ['notification-preferences'] as const,
  /** The assistant's logs, read by administrators. */
  aiLogs: {
    all: ['ai-logs'] as const,
    page: (log: 'routing' | 'tools' | 'queries', params: Record<string, unknown>) =>
      ['ai-logs', log, params] as const,
  },
  shop: {
    all: ['shop'] as const,
    info: (slug: string) => ['shop', slug] as const,
    catalog: (slug: string) => ['shop', slug, 'catalog'] as const,
    catalogPage: (slug: string, params: Record<string, unknown>) =>
      ['shop', slug, 'catalog', params] as const,
    order: (slug: string, id: string, token: string) => ['shop', slug, 'order', id, token] as const,
  },

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
  aduExclusions: {
    ...resource('adu-exclusions'),
    /** One product's ledger with each movement's ADU flag, at one location or all (''). */
    ledger: (productId: string, location: string) =>
      ['adu-exclusions', 'ledger', productId, location] as const,
  },

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
  customers: resource('customers'),

  // Analytics: read-only reports under one root; a finished forecast run refreshes the forecasts.
  analytics: {
    all: ['analytics'] as const,
    kpis: (params: Record<string, unknown>) => ['analytics', 'kpis', params] as const,
    stockouts: (params: Record<string, unknown>) => ['analytics', 'stockouts', params] as const,
    supplier: (id: string) => ['analytics', 'supplier', id] as const,
    forecasts: ['analytics', 'forecasts'] as const,
    forecastList: (params: Record<string, unknown>) => ['analytics', 'forecasts', 'list', params] as const,
    forecast: (productId: string, location: string) =>
      ['analytics', 'forecasts', 'one', productId, location] as const,
    /** Forecast runs poll apart from the forecasts, so a finished run can refresh those alone. */
    runs: ['analytics-runs'] as const,
    run: (id: string) => ['analytics-runs', id] as const,
  },

  // The assistant: your conversations, and the query box's examples (fixed per release).
  assistant: {
    conversations: ['assistant-conversations'] as const,
    examples: ['assistant-query-examples'] as const,
  },

  // Integrations. An import's own page polls it apart from the history list (`import`); the
  // preview rows exist only in the upload's answer, so they are kept under their own root.
  imports: resource('imports'),
  import: { all: ['import'] as const, one: (id: string) => ['import', id] as const },
  importPreview: (id: string) => ['import-preview', id] as const,
  connections: { all: ['connections'] as const },
  syncStatus: { all: ['sync-status'] as const, of: (id: string) => ['sync-status', id] as const },
  // A subscription's delivery log lives under its own root: the log polls, the list does not.
  webhooks: { all: ['webhooks'] as const, one: (id: string) => ['webhooks', 'one', id] as const },
  webhookDeliveries: {
    all: ['webhook-deliveries'] as const,
    of: (id: string) => ['webhook-deliveries', id] as const,
    page: (id: string, params: Record<string, unknown>) => ['webhook-deliveries', id, params] as const,
  },
} as const;
