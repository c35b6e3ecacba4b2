import type { JSX } from 'react';
import { can } from '../../api/session.ts';
import { ListPage, ListTabs, useListSearch } from '../../components/list-page.tsx';
import { EmptyState } from '../../components/states.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ChatTab } from './chat-tab.tsx';
import { QueryTab } from './query-tab.tsx';

type Tab = { value: string; label: MessageKey; needs: string; Page: () => JSX.Element };

const TABS: readonly Tab[] = [
  { value: 'chat', label: 'assistant.tab_chat', needs: 'ai:chat', Page: ChatTab },
  { value: 'query', label: 'assistant.tab_query', needs: 'ai-query:execute', Page: QueryTab },
];

/** The assistant: a chat that answers through Flujo's own API, and questions answered as queries. */
export const AssistantPage = () => {
  const t = useT();
  const tabs = TABS.filter((x) => can(x.needs));
  const list = useListSearch({ tab: tabs[0]?.value ?? 'chat' });
  const tab = tabs.find((x) => x.value === list.filters.tab) ?? tabs[0];
  return (
    <ListPage
      testId="assistant-page"
      title={t('nav.assistant')}
      subtitle={t('assistant.subtitle')}
      tabs={
        tabs.length > 1 && tab ? (
          <ListTabs<string>
            value={tab.value}
            testId="assistant-tabs"
            onChange={(v) => list.setFilter('tab', v)}
            options={tabs.map((x) => ({
              value: x.value,
              label: t(x.label),
              testId: `assistant-tab-${x.value}`,
            }))}
          />
        ) : undefined
      }
    >
      {tab ? (
        <div role="tabpanel" aria-label={t(tab.label)} key={tab.value}>
          <tab.Page />
        </div>
      ) : (
        <EmptyState title={t('assistant.not_allowed')} body={t('assistant.not_allowed_body')} />
      )}
    </ListPage>
  );
};
