import { useNavigate, useSearch } from '@tanstack/react-router';
import { can } from '../../api/session.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useT } from '../../i18n/i18n.tsx';
import { AssistantLogs } from '../assistant-admin/assistant-logs.tsx';
import { ApiClientsAdmin, OrganisationSettings, RolesAdmin } from './access-admin.tsx';
import { AuditLogPage } from './audit-log.tsx';
import { ProfilePage } from './profile.tsx';
import { SystemStatusPage } from './system-status.tsx';
import { UsersAdminPage } from './users-admin.tsx';

const TABS: { id: string; label: MessageKey; needs?: string; page: () => React.JSX.Element }[] = [
  { id: 'profile', label: 'settings.tabs.profile', page: ProfilePage },
  { id: 'users', label: 'settings.tabs.users', needs: 'user:read', page: UsersAdminPage },
  { id: 'roles', label: 'settings.tabs.roles', needs: 'role:read', page: RolesAdmin },
  { id: 'clients', label: 'settings.tabs.clients', needs: 'api-client:read', page: ApiClientsAdmin },
  { id: 'org', label: 'settings.tabs.org', needs: 'tenant:read', page: OrganisationSettings },
  { id: 'audit', label: 'settings.tabs.audit', needs: 'audit:read', page: AuditLogPage },
  // Health is public (load balancers ask for it), so every signed-in user sees how the server runs.
  { id: 'system', label: 'settings.tabs.system', page: SystemStatusPage },
  // What the assistant did and where it sent data: for administrators only.
  { id: 'assistant', label: 'assistant_admin.tab', needs: 'ai:admin', page: AssistantLogs },
];

/** Account and system status for everyone; users and the audit log for those whose roles allow them. */
export const SettingsPage = () => {
  const t = useT();
  const tabs = TABS.filter((x) => !x.needs || can(x.needs));
  // The tab is in the address, with the filters of the list it shows: a link opens both.
  const search = useSearch({ strict: false }) as { tab?: unknown };
  const navigate = useNavigate();
  const first = tabs[0]?.id ?? 'profile';
  const current = tabs.find((x) => x.id === search.tab)?.id ?? first;
  const setCurrent = (tab: string) =>
    void navigate({ to: '/settings', search: tab === first ? {} : { tab } } as never);
  const Page = tabs.find((x) => x.id === current)?.page ?? ProfilePage;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t('nav.settings')}</h1>
      <div role="tablist" className="flex gap-2 border-b border-slate-200">
        {tabs.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            aria-selected={current === x.id}
            onClick={() => setCurrent(x.id)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${current === x.id ? 'border-brand-600 font-medium text-brand-800' : 'border-transparent text-slate-500'}`}
          >
            {t(x.label)}
          </button>
        ))}
      </div>
      <Page />
    </div>
  );
};
