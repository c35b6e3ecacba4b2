import { createRootRoute, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { setUnauthorizedHandler } from './api/client.ts';
import { session } from './api/session.ts';
import { AnalyticsPage } from './features/analytics/analytics.tsx';
import { ForecastViewPage } from './features/analytics/forecast-view.tsx';
import { AssistantPage } from './features/assistant/assistant.tsx';
import { BomsPage } from './features/catalog/boms.tsx';
import { LocationsPage } from './features/catalog/locations.tsx';
import { ProductDetailPage } from './features/catalog/product-detail.tsx';
import { ProductsPage } from './features/catalog/products.tsx';
import { SuppliersPage } from './features/catalog/suppliers.tsx';
import { DashboardPage } from './features/home/dashboard.tsx';
import { SectionPage } from './features/home/section.tsx';
import {
  ForgotPasswordPage,
  RegisterPage,
  ResetPasswordPage,
  VerifyEmailPage,
} from './features/identity/account-pages.tsx';
import { LoginPage } from './features/identity/login.tsx';
import { ConnectionsPage } from './features/integrations/connections.tsx';
import { ImportPage, NewImportPage, STEPS, type Step } from './features/integrations/import-wizard.tsx';
import { IntegrationsPage } from './features/integrations/integrations.tsx';
import { WebhookDetailPage } from './features/integrations/webhook-detail.tsx';
import { WebhooksPage } from './features/integrations/webhooks.tsx';
import { SettingsPage } from './features/identity/settings.tsx';
import { AvailabilityPage } from './features/inventory/availability.tsx';
import { CountDetailPage } from './features/inventory/count-detail.tsx';
import { CountsPage } from './features/inventory/counts.tsx';
import { InventoryPage } from './features/inventory/inventory.tsx';
import { ReservationsPage } from './features/inventory/reservations.tsx';
import { TransfersPage } from './features/inventory/transfers.tsx';
import { NotificationsPage } from './features/notifications/notifications-page.tsx';
import { ApprovalsPage } from './features/orders/approvals.tsx';
import { CustomerOrderDetailPage } from './features/orders/customer-order-detail.tsx';
import { CustomerOrdersPage } from './features/orders/customer-orders.tsx';
import { CustomersPage } from './features/orders/customers.tsx';
import { ListingsPage } from './features/orders/listings.tsx';
import { OrderDetailPage } from './features/orders/order-detail.tsx';
import { OrderSettingsPage } from './features/orders/order-settings.tsx';
import { OrdersPage } from './features/orders/orders.tsx';
import { ReorderPoliciesPage } from './features/orders/reorder-policies.tsx';
import { AdjustmentsPage } from './features/planning/adjustments.tsx';
import { AduExclusionsPage } from './features/planning/adu-exclusions.tsx';
import { AlertsPage } from './features/planning/alerts.tsx';
import { BufferDetailPage } from './features/planning/buffer-detail.tsx';
import { ForecastsPage } from './features/planning/forecasts.tsx';
import { PlanningPage } from './features/planning/planning.tsx';
import { SuggestionsPage } from './features/planning/suggestions.tsx';
import { ShopPage } from './features/shop/shop.tsx';
import { ShopOrderPage } from './features/shop/shop-order.tsx';
import { AppLayout, NAV } from './layout/app-layout.tsx';

const root = createRootRoute({ component: Outlet });

const login = createRoute({
  getParentRoute: () => root,
  path: '/login',
  component: LoginPage,
  beforeLoad: () => {
    if (session.get()) throw redirect({ to: '/' });
  },
});

const publicPages = [
  createRoute({ getParentRoute: () => root, path: '/register', component: RegisterPage }),
  createRoute({ getParentRoute: () => root, path: '/forgot-password', component: ForgotPasswordPage }),
  createRoute({ getParentRoute: () => root, path: '/reset-password', component: ResetPasswordPage }),
  createRoute({ getParentRoute: () => root, path: '/verify-email', component: VerifyEmailPage }),
] as const;

// The storefront is public: buyers never sign in, and a signed-in user sees it as buyers do.
const shop = createRoute({
  getParentRoute: () => root,
  path: '/shop/$slug',
  component: () => <ShopPage slug={shop.useParams().slug} />,
});
const shopOrder = createRoute({
  getParentRoute: () => root,
  path: '/shop/$slug/orders/$id',
  validateSearch: (s: Record<string, unknown>): { token: string } => ({
    token: typeof s.token === 'string' ? s.token : '',
  }),
  component: () => {
    const { slug, id } = shopOrder.useParams();
    return <ShopOrderPage slug={slug} id={id} token={shopOrder.useSearch().token} />;
  },
});

const app = createRoute({
  getParentRoute: () => root,
  id: 'app',
  component: AppLayout,
  beforeLoad: () => {
    if (!session.get()) throw redirect({ to: '/login' });
  },
});

const dashboard = createRoute({ getParentRoute: () => app, path: '/', component: DashboardPage });
const settings = createRoute({ getParentRoute: () => app, path: '/settings', component: SettingsPage });
// NAV entries without a page of their own yet get the placeholder section.
const routed = new Set(['/', '/settings', '/availability']);
const page = <P extends string>(path: P, component: () => React.JSX.Element) => {
  routed.add(path);
  return createRoute({ getParentRoute: () => app, path, component });
};
const built = [
  page('/products', ProductsPage),
  page('/suppliers', SuppliersPage),
  page('/locations', LocationsPage),
  page('/boms', BomsPage),
  page('/inventory', InventoryPage),
  page('/reservations', ReservationsPage),
  page('/transfers', TransfersPage),
  page('/counts', CountsPage),
  page('/planning', PlanningPage),
  page('/planning/adjustments', AdjustmentsPage),
  page('/planning/forecasts', ForecastsPage),
  page('/planning/adu-exclusions', AduExclusionsPage),
  page('/planning/alerts', AlertsPage),
  page('/planning/suggestions', SuggestionsPage),
  page('/customer-orders', CustomerOrdersPage),
  page('/customers', CustomersPage),
  page('/listings', ListingsPage),
  page('/orders', OrdersPage),
  page('/orders/approvals', ApprovalsPage),
  page('/orders/reorder-policies', ReorderPoliciesPage),
  page('/orders/settings', OrderSettingsPage),
  page('/integrations', IntegrationsPage),
  page('/integrations/connections', ConnectionsPage),
  page('/integrations/imports/new', NewImportPage),
  page('/integrations/webhooks', WebhooksPage),
  page('/analytics', AnalyticsPage),
  page('/notifications', NotificationsPage),
  page('/assistant', AssistantPage),
];
// The product picked on the availability page lives in the address, so a reload or a link keeps it.
const availability = createRoute({
  getParentRoute: () => app,
  path: '/availability',
  validateSearch: (s: Record<string, unknown>): { product?: string } =>
    typeof s.product === 'string' && s.product ? { product: s.product } : {},
  component: () => <AvailabilityPage productId={availability.useSearch().product} />,
});
const productDetail = createRoute({
  getParentRoute: () => app,
  path: '/products/$id',
  component: () => <ProductDetailPage id={productDetail.useParams().id} />,
});
const countDetail = createRoute({
  getParentRoute: () => app,
  path: '/counts/$id',
  component: () => <CountDetailPage id={countDetail.useParams().id} />,
});
const bufferDetail = createRoute({
  getParentRoute: () => app,
  path: '/planning/buffers/$id',
  component: () => <BufferDetailPage id={bufferDetail.useParams().id} />,
});
const orderDetail = createRoute({
  getParentRoute: () => app,
  path: '/orders/$id',
  component: () => <OrderDetailPage id={orderDetail.useParams().id} />,
});
const customerOrderDetail = createRoute({
  getParentRoute: () => app,
  path: '/customer-orders/$id',
  component: () => <CustomerOrderDetailPage id={customerOrderDetail.useParams().id} />,
});
// The step asked for lives in the address, so Back and a reload return to it; the import's status has the last word.
const importDetail = createRoute({
  getParentRoute: () => app,
  path: '/integrations/imports/$id',
  validateSearch: (s: Record<string, unknown>): { step?: Step } =>
    STEPS.includes(s.step as Step) ? { step: s.step as Step } : {},
  component: () => <ImportPage id={importDetail.useParams().id} step={importDetail.useSearch().step} />,
});
const webhookDetail = createRoute({
  getParentRoute: () => app,
  path: '/integrations/webhooks/$id',
  component: () => <WebhookDetailPage id={webhookDetail.useParams().id} />,
});
// One item's forecast; the location is its code, as the forecasts list and the buffers name it.
const forecastView = createRoute({
  getParentRoute: () => app,
  path: '/analytics/forecasts/$productId/$location',
  component: () => {
    const { productId, location } = forecastView.useParams();
    return <ForecastViewPage productId={productId} location={location} />;
  },
});
const sections = NAV.filter((n) => !routed.has(n.to)).map((n) =>
  createRoute({ getParentRoute: () => app, path: n.to, component: () => <SectionPage title={n.label} /> }),
);

export const router = createRouter({
  routeTree: root.addChildren([
    login,
    ...publicPages,
    shop,
    shopOrder,
    app.addChildren([
      dashboard,
      settings,
      ...built,
      availability,
      productDetail,
      countDetail,
      bufferDetail,
      customerOrderDetail,
      orderDetail,
      importDetail,
      webhookDetail,
      forecastView,
      ...sections,
    ]),
  ]),
  defaultPreload: 'intent',
});

setUnauthorizedHandler(() => void router.navigate({ to: '/login' }));

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
