import { createRootRoute, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { setUnauthorizedHandler } from './api/client.ts';
import { session } from './api/session.ts';
import { AppLayout, NAV } from './layout/app-layout.tsx';
import {
  ForgotPasswordPage,
  RegisterPage,
  ResetPasswordPage,
  VerifyEmailPage,
} from './pages/account-pages.tsx';
import { AdjustmentsPage } from './pages/adjustments.tsx';
import { AduExclusionsPage } from './pages/adu-exclusions.tsx';
import { AlertsPage } from './pages/alerts.tsx';
import { AvailabilityPage } from './pages/availability.tsx';
import { BomsPage } from './pages/boms.tsx';
import { BufferDetailPage } from './pages/buffer-detail.tsx';
import { CountDetailPage } from './pages/count-detail.tsx';
import { CountsPage } from './pages/counts.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { ForecastsPage } from './pages/forecasts.tsx';
import { InventoryPage } from './pages/inventory.tsx';
import { LocationsPage } from './pages/locations.tsx';
import { LoginPage } from './pages/login.tsx';
import { PlanningPage } from './pages/planning.tsx';
import { ProductDetailPage } from './pages/product-detail.tsx';
import { ProductsPage } from './pages/products.tsx';
import { ReservationsPage } from './pages/reservations.tsx';
import { SectionPage } from './pages/section.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { SuggestionsPage } from './pages/suggestions.tsx';
import { SuppliersPage } from './pages/suppliers.tsx';
import { TransfersPage } from './pages/transfers.tsx';

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
const sections = NAV.filter((n) => !routed.has(n.to)).map((n) =>
  createRoute({ getParentRoute: () => app, path: n.to, component: () => <SectionPage title={n.label} /> }),
);

export const router = createRouter({
  routeTree: root.addChildren([
    login,
    ...publicPages,
    app.addChildren([
      dashboard,
      settings,
      ...built,
      availability,
      productDetail,
      countDetail,
      bufferDetail,
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
