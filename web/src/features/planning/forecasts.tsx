import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DeleteDialog } from '../../components/dialog.tsx';
import { ProductLocationFilters } from '../../components/list-filters.tsx';
import { ListPage, pagedRows, useListSearch } from '../../components/list-page.tsx';
import { Badge, inputClass, linkButton, primaryButton } from '../../components/page.tsx';
import { EmptyState, ProblemAlert } from '../../components/states.tsx';
import { useDay, useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { BackToPlanning } from './back-link.tsx';
import { type Forecast, ForecastDialog, ImportButton, useForecastImport } from './forecast-parts.tsx';

const tone = { manual: 'blue', import: 'grey', analytics: 'green' } as const;

/** Demand forecasts per product and location over date ranges; buffers reading the future use them. */
export const ForecastsPage = () => {
  const t = useT();
  const f = useFormat();
  const dayOf = useDay();
  const list = useListSearch({ product: '', location: '', from: '', to: '' });
  const { page } = list;
  const { product, location, from, to } = list.query;
  const [editing, setEditing] = useState<Forecast | 'new'>();
  const [deleting, setDeleting] = useState<Forecast>();
  const importing = useForecastImport();
  const limit = 25;
  const forecasts = useQuery({
    queryKey: keys.forecasts.list({ page, product, location, from, to }),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/demand-forecasts', {
          params: {
            query: {
              page,
              limit,
              product_id: product,
              location,
              from,
              ...(to && (!from || to >= from) ? { to } : {}),
            },
          },
        }),
      ),
  });
  const remove = useApiMutation({
    request: (x: Forecast) =>
      unwrap(api.DELETE('/api/v1/demand-forecasts/{id}', { params: { path: { id: x.id } } })),
    invalidates: [keys.forecasts.all, keys.buffers.all],
    success: t('forecasts.deleted'),
  });
  const writable = can('buffer:write');
  const day = (filter: 'from' | 'to', label: string) => (
    <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
      {label}
      <input
        type="date"
        value={list.filters[filter]}
        data-testid={`forecasts-${filter}`}
        onChange={(e) => list.setFilter(filter, e.target.value)}
        className={inputClass}
      />
    </label>
  );
  return (
    <ListPage
      testId="forecasts-page"
      back={<BackToPlanning />}
      title={t('forecasts.title')}
      subtitle={t('forecasts.subtitle')}
      actions={
        writable && (
          <>
            <ImportButton importing={importing} />
            <button
              type="button"
              className={primaryButton}
              data-testid="forecast-new"
              onClick={() => setEditing('new')}
            >
              {t('forecasts.new')}
            </button>
          </>
        )
      }
      toolbar={
        <>
          <ProductLocationFilters list={list} testIdPrefix="forecasts" />
          {day('from', t('forecasts.from'))}
          {day('to', t('forecasts.to'))}
        </>
      }
    >
      {writable && <p className="text-xs text-slate-500">{t('forecasts.import_hint')}</p>}
      {importing.error !== undefined && (
        <div data-testid="forecast-import-errors" className="flex flex-col gap-2">
          <div className="max-h-72 overflow-y-auto">
            <ProblemAlert error={importing.error} />
          </div>
          <button type="button" className={`${linkButton} self-start`} onClick={importing.reset}>
            {t('forecasts.dismiss')}
          </button>
        </div>
      )}
      <DataTable<Forecast>
        actions={writable && { onEdit: setEditing, onDelete: setDeleting }}
        {...pagedRows(list, forecasts, limit)}
        rowKey={(x) => x.id}
        rowProps={(x) => ({ 'data-testid': `forecast-row-${x.sku}-${x.location_code}` })}
        empty={<EmptyState title={t('forecasts.none')} body={t('forecasts.none_body')} />}
        columns={[
          {
            key: 'sku',
            header: t('products.sku'),
            cell: (x) => <span className="whitespace-nowrap font-mono text-xs">{x.sku}</span>,
          },
          { key: 'name', header: t('products.name'), cell: (x) => x.product_name },
          {
            key: 'location',
            header: t('buffer.location'),
            cell: (x) => <span className="font-mono text-xs">{x.location_code}</span>,
          },
          {
            key: 'dates',
            header: t('forecasts.dates'),
            cell: (x) => (
              <span className="whitespace-nowrap">
                {dayOf(x.start_date)} – {dayOf(x.end_date)}
              </span>
            ),
          },
          {
            key: 'quantity',
            header: t('forecasts.quantity'),
            align: 'right',
            cell: (x) => (
              <span data-testid="forecast-row-quantity" data-value={x.quantity}>
                {f.qty(x.quantity)}
              </span>
            ),
          },
          {
            key: 'daily',
            header: t('forecasts.daily'),
            align: 'right',
            cell: (x) => <span data-testid="forecast-row-daily">{f.qty(x.daily_quantity)}</span>,
          },
          {
            key: 'source',
            header: t('forecasts.source'),
            cell: (x) => <Badge tone={tone[x.source]}>{t(`forecasts.source_${x.source}`)}</Badge>,
          },
        ]}
      />
      {editing !== undefined && (
        <ForecastDialog
          {...(editing === 'new' ? {} : { forecast: editing })}
          onClose={() => setEditing(undefined)}
        />
      )}
      <DeleteDialog
        row={deleting}
        title={t('forecasts.delete_title')}
        body={(row) =>
          t('forecasts.delete_body', {
            sku: row?.sku ?? '',
            from: row ? dayOf(row.start_date) : '',
            to: row ? dayOf(row.end_date) : '',
          })
        }
        onClose={() => setDeleting(undefined)}
        remove={remove.send}
      />
    </ListPage>
  );
};
