import { can } from '../../api/session.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ActivityCard } from './activity-card.tsx';
import { KpiTiles } from './kpi-tiles.tsx';
import { StockoutsCard } from './stockouts-card.tsx';
import { AlertsCard, SuggestionsCard } from './work-cards.tsx';
import { ZonesCard } from './zones-card.tsx';

/**
 * The planner's cockpit: what needs acting on now, each card a way into the page where it is
 * done. Each card asks for its own data, so one the role may not read is left out and one that
 * fails leaves the others standing. Server health lives in Settings → System.
 */
export const DashboardPage = () => {
  const t = useT();
  const buffers = can('buffer:read');
  const analytics = can('analytics:read');
  const suggestions = can('replenishment:read');
  const nothing = !buffers && !analytics && !suggestions && !can('import:read') && !can('integration:read');
  return (
    <div className="flex flex-col gap-6" data-testid="cockpit">
      <div>
        <h1 className="text-2xl font-semibold">{t('nav.dashboard')}</h1>
        <p className="text-sm text-slate-500">{t('home.subtitle')}</p>
      </div>
      {nothing ? (
        <p className="text-sm text-slate-500" data-testid="no-access">
          {t('home.nothing')}
        </p>
      ) : (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
          {buffers && <ZonesCard />}
          {buffers && <AlertsCard />}
          {suggestions && <SuggestionsCard />}
          {analytics && <KpiTiles />}
          {analytics && <StockoutsCard />}
          <ActivityCard />
        </div>
      )}
    </div>
  );
};
