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
import { DashboardPage } from './pages/dashboard.tsx';
import { LoginPage } from './pages/login.tsx';
import { SectionPage } from './pages/section.tsx';
import { SettingsPage } from './pages/settings.tsx';

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
const sections = NAV.filter((n) => n.to !== '/' && n.to !== '/settings').map((n) =>
  createRoute({ getParentRoute: () => app, path: n.to, component: () => <SectionPage title={n.label} /> }),
);

export const router = createRouter({
  routeTree: root.addChildren([login, ...publicPages, app.addChildren([dashboard, settings, ...sections])]),
  defaultPreload: 'intent',
});

setUnauthorizedHandler(() => void router.navigate({ to: '/login' }));

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
