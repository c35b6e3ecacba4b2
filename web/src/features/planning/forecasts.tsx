import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { LocationSelect } from '../../components/location-select.tsx';
import {
  Badge,
  inputClass,
  linkButton,
  PageHeader,
  primaryButton,
  RowActions,
  Toolbar,
} from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { EmptyState, ProblemAlert } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { type Forecast, ForecastDialog, ImportButton } from './forecast-parts.tsx';

const tone = { manual: 'blue', import: 'grey', analytics: 'green' } as const;

/** Calendar days (`YYYY-MM-DD`) in the reader's language, read in UTC so no time zone moves them. */
const useDay = () => {
  const { lang } = useI18n();
  return useMemo(() => {
    const fmt = new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });
    return (d: string) => fmt.format(new Date(`${d}T00:00:00Z`));
  }, [lang]);
};

/** Demand forecasts per product and location over date ranges; buffers reading the future use them. */
export const ForecastsPage = () => {
  const t = useT();
  const f = useFormat();
  const toast = useToast();
  const qc = useQueryClient();
  const dayOf = useDay();
  const [page, setPage] = useState(1);
  const [product, setProduct] = useState<PickedProduct>();
  const [location, setLocation] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [editing, setEditing] = useState<Forecast | 'new'>();
  const [deleting, setDeleting] = useState<Forecast>();
  const [importFailure, setImportFailure] = useState<unknown>();
  const limit = 25;
  const list = useQuery({
    queryKey: ['forecasts', 'list', { page, product: product?.id, location, from, to }],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/demand-forecasts', {
          params: {
            query: {
              page,
              limit,
              ...(product ? { product_id: product.id } : {}),
              ...(location ? { location } : {}),
              ...(from ? { from } : {}),
              ...(to && (!from || to >= from) ? { to } : {}),
            },
          },
        }),
      ),
  });
  const writable = can('buffer:write');
  const filtered =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };
  return (
    <div className="flex flex-col gap-4" data-testid="forecasts-page">
      <Link to="/planning" className={linkButton}>
        ← {t('buffer.back')}
      </Link>
      <PageHeader
        title={t('forecasts.title')}
        subtitle={t('forecasts.subtitle')}
        actions={
          writable && (
            <>
              <ImportButton onFailure={setImportFailure} />
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
      />
      {writable && <p className="text-xs text-slate-500">{t('forecasts.import_hint')}</p>}
      {importFailure !== undefined && (
        <div data-testid="forecast-import-errors" className="flex flex-col gap-2">
          <div className="max-h-72 overflow-y-auto">
            <ProblemAlert error={importFailure} />
          </div>
          <button
            type="button"
            className={`${linkButton} self-start`}
            onClick={() => setImportFailure(undefined)}
          >
            {t('forecasts.dismiss')}
          </button>
        </div>
      )}
      <Toolbar>
        <div className="w-72">
          <ProductPicker
            label={t('buffer.product')}
            value={product}
            testId="forecasts-product"
            onChange={filtered(setProduct)}
          />
        </div>
        <div className="w-56">
          <LocationSelect
            label={t('buffer.location')}
            name="location"
            testId="forecasts-location"
            emptyLabel={t('planning.all_locations')}
            value={location}
            onChange={filtered(setLocation)}
          />
        </div>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          {t('forecasts.from')}
          <input
            type="date"
            value={from}
            data-testid="forecasts-from"
            onChange={(e) => filtered(setFrom)(e.target.value)}
            className={inputClass}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          {t('forecasts.to')}
          <input
            type="date"
            value={to}
            data-testid="forecasts-to"
            onChange={(e) => filtered(setTo)(e.target.value)}
            className={inputClass}
          />
        </label>
      </Toolbar>
      <DataTable<Forecast>
        rows={list.data?.data}
        rowKey={(x) => x.id}
        rowProps={(x) => ({ 'data-testid': `forecast-row-${x.sku}-${x.location_code}` })}
        page={page}
        limit={limit}
        total={list.data?.pagination.total ?? 0}
        onPageChange={setPage}
        loading={list.isLoading}
        error={list.error}
        onRetry={() => void list.refetch()}
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
          {
            key: 'actions',
            header: '',
            align: 'right',
            cell: (x) =>
              writable && <RowActions onEdit={() => setEditing(x)} onDelete={() => setDeleting(x)} />,
          },
        ]}
      />
      {editing !== undefined && (
        <ForecastDialog
          {...(editing === 'new' ? {} : { forecast: editing })}
          onClose={() => setEditing(undefined)}
        />
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        title={t('forecasts.delete_title')}
        body={t('forecasts.delete_body', {
          sku: deleting?.sku ?? '',
          from: deleting ? dayOf(deleting.start_date) : '',
          to: deleting ? dayOf(deleting.end_date) : '',
        })}
        confirmLabel={t('common.delete')}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          if (!deleting) return;
          await unwrap(
            api.DELETE('/api/v1/demand-forecasts/{id}', { params: { path: { id: deleting.id } } }),
          );
          toast.show(t('forecasts.deleted'), 'success');
          await Promise.all([
            qc.invalidateQueries({ queryKey: ['forecasts'] }),
            qc.invalidateQueries({ queryKey: ['buffers'] }),
          ]);
        }}
      />
    </div>
  );
};
