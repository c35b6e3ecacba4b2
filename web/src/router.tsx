import { createRootRoute, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { setUnauthorizedHandler } from './api/client.ts';
import { session } from './api/session.ts';
import { AppLayout, NAV } from './layout/app-layout.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { LoginPage } from './pages/login.tsx';
import { SectionPage } from './pages/section.tsx';

const root = createRootRoute({ component: Outlet });

const login = createRoute({
  getParentRoute: () => root,
  path: '/login',
  component: LoginPage,
  beforeLoad: () => {
    if (session.get()) throw redirect({ to: '/' });
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
const sections = NAV.filter((n) => n.to !== '/').map((n) =>
  createRoute({ getParentRoute: () => app, path: n.to, component: () => <SectionPage title={n.label} /> }),
);

export const router = createRouter({
  routeTree: root.addChildren([login, app.addChildren([dashboard, ...sections])]),
  defaultPreload: 'intent',
});

setUnauthorizedHandler(() => void router.navigate({ to: '/login' }));

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
