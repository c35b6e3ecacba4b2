import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { signOut } from '../api/client.ts';
import { canFollowLive, useLiveInventory } from '../api/live.ts';
import { can, session } from '../api/session.ts';
import { NotificationBell } from '../features/notifications/notification-bell.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/i18n.tsx';
import { LanguageSwitch } from './language-switch.tsx';

/** The sidebar; an entry with `needs` shows only to roles holding that permission. */
export const NAV: { to: string; label: MessageKey; icon: string; needs?: string }[] = [
  { to: '/', label: 'nav.dashboard', icon: '◎' },
  { to: '/inventory', label: 'nav.inventory', icon: '▤', needs: 'inventory:read' },
  { to: '/availability', label: 'nav.availability', icon: '◉', needs: 'inventory:read' },
  { to: '/reservations', label: 'nav.reservations', icon: '◷', needs: 'inventory:read' },
  { to: '/transfers', label: 'nav.transfers', icon: '⇆', needs: 'inventory:read' },
  { to: '/counts', label: 'nav.counts', icon: '☑', needs: 'inventory:read' },
  { to: '/products', label: 'nav.products', icon: '▦', needs: 'product:read' },
  { to: '/boms', label: 'nav.boms', icon: '⊞', needs: 'product:read' },
  { to: '/suppliers', label: 'nav.suppliers', icon: '⚑', needs: 'supplier:read' },
  { to: '/locations', label: 'nav.locations', icon: '⌂', needs: 'location:read' },
  { to: '/planning', label: 'nav.planning', icon: '◈', needs: 'buffer:read' },
  { to: '/orders', label: 'nav.orders', icon: '⇄' },
  { to: '/customer-orders', label: 'sales.nav', icon: '⊡', needs: 'order:read' },
  { to: '/customers', label: 'customers.nav', icon: '☺', needs: 'customer:read' },
  { to: '/listings', label: 'sales.listings', icon: '⊕', needs: 'marketplace:write' },
  { to: '/integrations', label: 'nav.integrations', icon: '⇪' },
  { to: '/analytics', label: 'nav.analytics', icon: '∿', needs: 'analytics:read' },
  { to: '/assistant', label: 'nav.assistant', icon: '✦', needs: 'ai:chat' },
  { to: '/settings', label: 'nav.settings', icon: '⚙' },
];

/** Whether live updates reach this tab; stock screens refresh themselves while it is green. */
const LiveStatus = () => {
  const t = useT();
  const state = useLiveInventory();
  if (!canFollowLive()) return null;
  const tone = state === 'open' ? 'bg-emerald-500' : state === 'connecting' ? 'bg-amber-400' : 'bg-slate-300';
  return (
    <span
      data-testid="live-status"
      data-state={state}
      title={t(`live.${state}`)}
      className="flex items-center gap-1.5 text-xs text-slate-500"
    >
      <span aria-hidden className={`size-2 rounded-full ${tone}`} />
      <span className="hidden sm:inline">{t(`live.${state}`)}</span>
    </span>
  );
};

const UserMenu = () => {
  const t = useT();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const s = session.get();
  if (!s) return null;
  const initials = s.user.name
    .split(' ')
    .map((w) => w[0])
    .slice(0, 2)
    .join('');
  return (
    <div className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('user.menu')}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-full border border-slate-200 bg-white py-1 pr-3 pl-1 text-sm"
      >
        <span className="flex size-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">
          {initials}
        </span>
        <span className="hidden sm:inline">{s.user.name}</span>
      </button>
      {open && (
        <div
          role="menu"
          className="absolute right-0 z-30 mt-2 w-64 rounded-xl border border-slate-200 bg-white p-2 shadow-lg"
        >
          <div className="px-3 py-2 text-sm">
            <p className="font-medium">{s.user.name}</p>
            <p className="text-slate-500">{s.user.email}</p>
            <p className="mt-1 text-xs text-slate-400">{s.user.roles.join(', ')}</p>
          </div>
          <button
            type="button"
            role="menuitem"
            onClick={async () => {
              await signOut();
              await navigate({ to: '/login' });
            }}
            className="w-full rounded-lg px-3 py-2 text-left text-sm hover:bg-slate-100"
          >
            {t('user.sign_out')}
          </button>
        </div>
      )}
    </div>
  );
};

/** Sidebar, header with tenant, language and user menu, and the routed page. */
export const AppLayout = () => {
  const t = useT();
  const [menu, setMenu] = useState(false);
  const s = session.get();
  return (
    <div data-testid="app-shell" className="flex min-h-screen">
      <aside
        className={`${menu ? 'flex' : 'hidden'} fixed inset-y-0 z-20 w-60 flex-col border-r border-slate-200 bg-white md:static md:flex`}
      >
        <div className="flex items-center gap-2 px-5 py-5">
          <span className="flex size-8 items-center justify-center rounded-lg bg-brand-700 font-bold text-white">
            F
          </span>
          <div>
            <p className="font-semibold leading-tight">{t('app.name')}</p>
            <p className="text-xs text-slate-500">{t('app.tagline')}</p>
          </div>
        </div>
        <nav className="flex flex-1 flex-col gap-1 px-3">
          {NAV.filter((n) => !n.needs || can(n.needs)).map((n) => (
            <Link
              key={n.to}
              to={n.to}
              onClick={() => setMenu(false)}
              activeOptions={{ exact: n.to === '/' }}
              className="flex items-center gap-3 rounded-lg px-3 py-2 text-sm text-slate-600 hover:bg-slate-100"
              activeProps={{ className: 'bg-brand-50 font-medium text-brand-800' }}
            >
              <span aria-hidden className="w-4 text-center">
                {n.icon}
              </span>
              {t(n.label)}
            </Link>
          ))}
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-between gap-4 border-b border-slate-200 bg-white px-4 py-3 md:px-8">
          <div className="flex items-center gap-3">
            <button
              type="button"
              className="md:hidden"
              aria-label={t('nav.open_menu')}
              onClick={() => setMenu((m) => !m)}
            >
              ☰
            </button>
            <span
              className="rounded-md bg-slate-100 px-2 py-1 text-sm font-medium text-slate-700"
              data-testid="tenant-name"
            >
              {s?.tenant.name}
            </span>
          </div>
          <div className="flex items-center gap-3">
            <LiveStatus />
            <NotificationBell />
            <LanguageSwitch />
            <UserMenu />
          </div>
        </header>
        {s?.user.mfa_enrolment_required && (
          <div
            role="alert"
            className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900 md:px-8"
          >
            {t('mfa.required_banner')}
          </div>
        )}
        <main className="flex-1 px-4 py-6 md:px-8">
          <Outlet />
        </main>
      </div>
    </div>
  );
};
