import type { JSX } from 'react';
import { ListPage, ListTabs, useListSearch } from '../../components/list-page.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useT } from '../../i18n/i18n.tsx';
import { AccuracyTab } from './accuracy.tsx';
import { DdsOpTab } from './dds-op.tsx';
import { ForecastsTab } from './forecasts-tab.tsx';
import { BufferHealthTab, KpisTab } from './kpis-tab.tsx';
import { StockoutsTab } from './stockouts-tab.tsx';
import { SuppliersTab } from './suppliers-tab.tsx';

type Tab = { value: string; label: MessageKey; Page: () => JSX.Element };

/** The section's tabs, in order; a new report is one more entry here. */
const TABS: readonly Tab[] = [
  { value: 'kpis', label: 'analytics.tab_kpis', Page: KpisTab },
  { value: 'health', label: 'analytics.tab_health', Page: BufferHealthTab },
  { value: 'stockouts', label: 'analytics.tab_stockouts', Page: StockoutsTab },
  { value: 'suppliers', label: 'analytics.tab_suppliers', Page: SuppliersTab },
  { value: 'forecasts', label: 'analytics.tab_forecasts', Page: ForecastsTab },
  { value: 'accuracy', label: 'accuracy.tab', Page: AccuracyTab },
  { value: 'ddsop', label: 'ddsop.tab', Page: DdsOpTab },
];

/** Reports on how the stock and its planning are doing, one tab each; the tab lives in the address. */
export const AnalyticsPage = () => {
  const t = useT();
  const list = useListSearch({ tab: 'kpis' });
  const tab = TABS.find((x) => x.value === list.filters.tab) ?? (TABS[0] as Tab);
  return (
    <ListPage
      testId="analytics-page"
      title={t('nav.analytics')}
      subtitle={t('analytics.subtitle')}
      tabs={
        <ListTabs<string>
          value={tab.value}
          testId="analytics-tabs"
          // The location and category chosen carry over: the reports share them.
          onChange={(v) => list.setFilter('tab', v)}
          options={TABS.map((x) => ({
            value: x.value,
            label: t(x.label),
            testId: `analytics-tab-${x.value}`,
          }))}
        />
      }
    >
      <div role="tabpanel" aria-label={t(tab.label)} className="flex flex-col gap-4" key={tab.value}>
        <tab.Page />
      </div>
    </ListPage>
  );
};
