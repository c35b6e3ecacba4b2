import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { can } from '../../api/session.ts';
import { ExportMenu } from '../../components/export-menu.tsx';
import { ListPage, ListTabs, useListSearch, useSearchBox } from '../../components/list-page.tsx';
import { LocationSelect } from '../../components/location-select.tsx';
import { inputClass, primaryButton, secondaryButton } from '../../components/page.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { BufferBoard } from './buffer-board.tsx';
import { NewBufferDialog } from './buffer-dialog.tsx';
import { ZoneFilter } from './buffer-parts.tsx';
import { ProfileDialog, ProfilesTable } from './buffer-profiles.tsx';

type Tab = 'buffers' | 'profiles';

/** The planning pages the board leads to. */
const PlanningLinks = () => {
  const t = useT();
  return (
    <>
      {can('replenishment:read') && (
        <Link to="/planning/suggestions" className={secondaryButton} data-testid="planning-suggestions">
          {t('planning.suggestions_link')}
        </Link>
      )}
      <Link to="/planning/adjustments" className={secondaryButton} data-testid="planning-adjustments">
        {t('planning.adjustments_link')}
      </Link>
      <Link to="/planning/forecasts" className={secondaryButton} data-testid="planning-forecasts">
        {t('planning.forecasts_link')}
      </Link>
      <Link to="/planning/adu-exclusions" className={secondaryButton} data-testid="planning-adu-exclusions">
        {t('planning.adu_exclusions_link')}
      </Link>
      <Link to="/planning/alerts" className={secondaryButton} data-testid="planning-alerts">
        {t('alerts.link')}
      </Link>
    </>
  );
};

/** The buffer board, red first, with the buffer profiles on a second tab. */
export const PlanningPage = () => {
  const t = useT();
  const list = useListSearch({ tab: 'buffers' as Tab, zone: '', location: '', search: '' });
  const { zone, location, search } = list.query;
  const tab: Tab = list.filters.tab === 'profiles' ? 'profiles' : 'buffers';
  const searchBox = useSearchBox(list.filters.search, (v) => list.setFilter('search', v));
  const [creating, setCreating] = useState(false);
  const writable = can('buffer:write');
  const create = (testId: string, label: string) =>
    writable && (
      <div className="ml-auto">
        <button
          type="button"
          className={primaryButton}
          data-testid={testId}
          onClick={() => setCreating(true)}
        >
          {label}
        </button>
      </div>
    );
  return (
    <ListPage
      testId="planning-page"
      title={t('nav.planning')}
      subtitle={t('planning.subtitle')}
      actions={
        <>
          {tab === 'buffers' && (
            <ExportMenu
              path="/api/v1/buffers/export"
              query={{ zone, location, search }}
              testId="buffers-export"
            />
          )}
          <PlanningLinks />
        </>
      }
      tabs={
        <ListTabs<Tab>
          value={tab}
          onChange={(v) => list.setFilter('tab', v)}
          options={[
            { value: 'buffers', label: t('planning.tab_buffers'), testId: 'planning-tab-buffers' },
            { value: 'profiles', label: t('planning.tab_profiles'), testId: 'planning-tab-profiles' },
          ]}
        />
      }
      toolbar={
        tab === 'buffers' ? (
          <>
            <ZoneFilter
              testId="planning-zone"
              value={list.filters.zone}
              onChange={(z) => list.setFilter('zone', z)}
            />
            <div className="w-64">
              <LocationSelect
                label={t('buffer.location')}
                name="location"
                testId="planning-location"
                emptyLabel={t('planning.all_locations')}
                value={list.filters.location}
                onChange={(v) => list.setFilter('location', v.trim())}
              />
            </div>
            {can('product:read') && (
              <input
                aria-label={t('planning.search')}
                placeholder={t('planning.search')}
                data-testid="planning-search"
                {...searchBox}
                className={`${inputClass} w-64`}
              />
            )}
            {create('buffer-new', t('planning.new_buffer'))}
          </>
        ) : (
          create('profile-new', t('profiles.new'))
        )
      }
    >
      {tab === 'buffers' ? (
        <BufferBoard page={list.page} query={{ zone, location, search }} onPageChange={list.setPage} />
      ) : (
        <ProfilesTable />
      )}
      {creating &&
        (tab === 'buffers' ? (
          <NewBufferDialog onClose={() => setCreating(false)} />
        ) : (
          <ProfileDialog onClose={() => setCreating(false)} />
        ))}
    </ListPage>
  );
};
