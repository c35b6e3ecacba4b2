import { useNavigate, useSearch } from '@tanstack/react-router';
import { ListTabs } from '../../components/list-page.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { QueryLog } from './query-log.tsx';
import { RoutingLog } from './routing-log.tsx';
import { ToolLog } from './tool-log.tsx';

const LOGS = ['routing', 'tools', 'queries'] as const;
type Log = (typeof LOGS)[number];
const PAGES: Record<Log, () => React.JSX.Element> = {
  routing: RoutingLog,
  tools: ToolLog,
  queries: QueryLog,
};

/**
 * Settings → Assistant, for administrators: where model requests went, which tools ran and
 * which queries were run or refused. The log shown is in the address, beside its filters.
 */
export const AssistantLogs = () => {
  const t = useT();
  const search = useSearch({ strict: false }) as { log?: unknown };
  const navigate = useNavigate();
  const current = LOGS.find((l) => l === search.log) ?? 'routing';
  const Page = PAGES[current];
  return (
    <div className="flex flex-col gap-4" data-testid="assistant-logs">
      <p className="text-sm text-slate-500">{t('assistant_admin.subtitle')}</p>
      <ListTabs
        value={current}
        onChange={(log) =>
          // Another log has other filters: switching starts it unfiltered, on its first page.
          void navigate({
            to: '/settings',
            search: log === 'routing' ? { tab: 'assistant' } : { tab: 'assistant', log },
          } as never)
        }
        options={[
          { value: 'routing', label: t('assistant_admin.tab_routing'), testId: 'assistant-tab-routing' },
          { value: 'tools', label: t('assistant_admin.tab_tools'), testId: 'assistant-tab-tools' },
          { value: 'queries', label: t('assistant_admin.tab_queries'), testId: 'assistant-tab-queries' },
        ]}
      />
      <Page key={current} />
    </div>
  );
};
