import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DeleteDialog } from '../../components/dialog.tsx';
import { ListPage, pagedRows, useListSearch } from '../../components/list-page.tsx';
import { Badge, primaryButton, StatusFilter } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useDay, useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { type Adjustment, AdjustmentDialog } from './adjustment-dialog.tsx';
import { BackToPlanning } from './back-link.tsx';

const STATUSES = ['active', 'upcoming', 'past'] as const;
type Status = (typeof STATUSES)[number];
const tone = { active: 'green', upcoming: 'blue', past: 'grey' } as const;

/** A factor that changes nothing stays quiet, so the ones that do stand out. */
const Factor = ({ value, testId }: { value: number; testId: string }) => {
  const f = useFormat();
  return (
    <span data-testid={testId} data-value={value} className={value === 1 ? 'text-slate-400' : 'font-medium'}>
      ×{f.qty(value)}
    </span>
  );
};

/** What an adjustment reaches, in words: one buffer, or a category and/or a location. */
const ScopeCell = ({ a }: { a: Adjustment }) => {
  const t = useT();
  if (a.buffer_id)
    return (
      <span>
        <span className="font-mono text-xs">{a.sku}</span> · {a.product_name}{' '}
        <span className="font-mono text-xs text-slate-500">@ {a.location_code}</span>
      </span>
    );
  return (
    <span>
      {a.product_category ?? t('adjustments.any_category')}{' '}
      <span className="font-mono text-xs text-slate-500">
        @ {a.location_code ?? t('adjustments.any_location')}
      </span>
    </span>
  );
};

/**
 * Planned adjustments: demand, lead-time and zone factors over a date range for one buffer
 * or a category and/or location. Saving one recomputes the buffers it reaches.
 */
export const AdjustmentsPage = () => {
  const t = useT();
  const dayOf = useDay();
  const list = useListSearch({ status: '' as Status | '' });
  const { page } = list;
  const status = STATUSES.find((s) => s === list.filters.status) ?? '';
  const [editing, setEditing] = useState<Adjustment | 'new'>();
  const [deleting, setDeleting] = useState<Adjustment>();
  const limit = 25;
  const adjustments = useQuery({
    queryKey: keys.adjustments.list({ page, status }),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/planned-adjustments', {
          params: { query: { page, limit, ...(status ? { status } : {}) } },
        }),
      ),
  });
  const remove = useApiMutation({
    request: (a: Adjustment) =>
      unwrap(api.DELETE('/api/v1/planned-adjustments/{id}', { params: { path: { id: a.id } } })),
    invalidates: [keys.adjustments.all, keys.buffers.all],
    success: t('adjustments.deleted'),
  });
  const writable = can('buffer:write');
  return (
    <ListPage
      testId="adjustments-page"
      back={<BackToPlanning />}
      title={t('adjustments.title')}
      subtitle={t('adjustments.subtitle')}
      actions={
        writable && (
          <button
            type="button"
            className={primaryButton}
            data-testid="adjustment-new"
            onClick={() => setEditing('new')}
          >
            {t('adjustments.new')}
          </button>
        )
      }
      toolbar={
        <StatusFilter
          value={status}
          statuses={STATUSES}
          label={(s) => t(`adjustments.status_${s}`)}
          testId="adjustments-status"
          onChange={(s) => list.setFilter('status', s)}
        />
      }
    >
      <DataTable
        actions={writable && { onEdit: setEditing, onDelete: setDeleting }}
        {...pagedRows(list, adjustments, limit)}
        rowKey={(a) => a.id}
        rowProps={() => ({ 'data-testid': 'adjustment-row' })}
        empty={<EmptyState title={t('adjustments.none')} body={t('adjustments.none_body')} />}
        columns={[
          { key: 'scope', header: t('adjustments.scope'), cell: (a) => <ScopeCell a={a} /> },
          {
            key: 'dates',
            header: t('adjustments.dates'),
            cell: (a) => (
              <span className="whitespace-nowrap">
                {dayOf(a.start_date)} – {dayOf(a.end_date)}
              </span>
            ),
          },
          {
            key: 'status',
            header: t('common.status'),
            cell: (a) => <Badge tone={tone[a.status]}>{t(`adjustments.status_${a.status}`)}</Badge>,
          },
          {
            key: 'daf',
            header: t('adjustments.demand_short'),
            align: 'right',
            cell: (a) => <Factor value={a.demand_factor} testId="adjustment-daf" />,
          },
          {
            key: 'ltaf',
            header: t('adjustments.lead_time_short'),
            align: 'right',
            cell: (a) => <Factor value={a.lead_time_factor} testId="adjustment-ltaf" />,
          },
          {
            key: 'zaf',
            header: t('adjustments.zones_short'),
            align: 'right',
            cell: (a) => (
              <span className="flex justify-end gap-2" title={t('adjustments.zones_title')}>
                <Factor value={a.zone_factors.red} testId="adjustment-red" />
                <Factor value={a.zone_factors.yellow} testId="adjustment-yellow" />
                <Factor value={a.zone_factors.green} testId="adjustment-green" />
              </span>
            ),
          },
          { key: 'note', header: t('adjustments.note'), cell: (a) => a.note ?? '—' },
        ]}
      />
      {editing !== undefined && (
        <AdjustmentDialog
          {...(editing === 'new' ? {} : { adjustment: editing })}
          onClose={() => setEditing(undefined)}
        />
      )}
      <DeleteDialog
        row={deleting}
        title={t('adjustments.delete_title')}
        body={(row) =>
          t('adjustments.delete_body', {
            from: dayOf(row.start_date),
            to: dayOf(row.end_date),
          })
        }
        onClose={() => setDeleting(undefined)}
        remove={remove.send}
      />
    </ListPage>
  );
};
