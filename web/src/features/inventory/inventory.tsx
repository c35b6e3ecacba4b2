import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { type StockRow, useCategories } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { useZodForm } from '../../components/fields.tsx';
import { requiredText, signedDecimal } from '../../components/form-values.ts';
import { SearchFilter } from '../../components/list-filters.tsx';
import { ExportMenu } from '../../components/export-menu.tsx';
import { ListPage, useListSearch, useSearchBox } from '../../components/list-page.tsx';
import { LocationSelect } from '../../components/location-select.tsx';
import { Badge, inputClass, linkButton, primaryButton, secondaryButton } from '../../components/page.tsx';
import { useProblemText } from '../../components/states.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { LevelsDialog, MovementDialog, staleStock, TransferDialog } from './stock-dialogs.tsx';

const rowId = (r: StockRow) => `${r.sku}-${r.location}`;

const AdjustForm = z.object({ quantity_change: signedDecimal, reason: requiredText });

/**
 * A signed change to one row, sent with the version the row showed: if someone changed the
 * stock meanwhile the server refuses it, and the list refetches so the user sees why.
 */
const InlineAdjust = ({ row, onDone }: { row: StockRow; onDone: () => void }) => {
  const t = useT();
  const f = useFormat();
  const qc = useQueryClient();
  const problemText = useProblemText();
  const form = useZodForm(AdjustForm, async (v) => {
    await adjust.run(v);
  });
  const adjust = useApiMutation({
    request: (v: z.infer<typeof AdjustForm>) =>
      unwrap(
        api.POST('/api/v1/stock', {
          body: { ...v, product_id: row.product_id, store_id: row.location, expected_version: row.version },
        }),
      ),
    invalidates: staleStock(row.product_id),
    success: (r) =>
      t('stock.adjusted', { sku: row.sku, location: row.location, available: f.qty(r.available) }),
    form,
    onSuccess: onDone,
    onError: async (err) => {
      if (err instanceof ApiError && err.problem.code === 'inventory.version_conflict')
        await qc.invalidateQueries({ queryKey: keys.inventory.all });
    },
  });
  const failure = adjust.error === undefined ? undefined : problemText(adjust.error);
  const msg = (m?: string) => (m?.includes('.') && !m.includes(' ') ? t(m as MessageKey) : m);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit}
      className="flex flex-col items-end gap-1"
      data-testid="adjust-form"
    >
      <div className="flex items-center gap-2">
        <input
          name="quantity_change"
          aria-label={t('stock.change')}
          placeholder="+5 / -2"
          inputMode="decimal"
          data-testid="adjust-quantity"
          aria-invalid={Boolean(form.errors.quantity_change) || undefined}
          className={`${inputClass} w-24 text-right ${form.errors.quantity_change ? 'border-red-400' : ''}`}
        />
        <input
          name="reason"
          aria-label={t('stock.reason')}
          placeholder={t('stock.reason')}
          data-testid="adjust-reason"
          aria-invalid={Boolean(form.errors.reason) || undefined}
          className={`${inputClass} w-40 ${form.errors.reason ? 'border-red-400' : ''}`}
        />
        <button type="submit" disabled={adjust.busy} className={primaryButton} data-testid="adjust-submit">
          {t('common.ok')}
        </button>
        <button type="button" aria-label={t('common.cancel')} className={secondaryButton} onClick={onDone}>
          ×
        </button>
      </div>
      {(failure || form.errors.quantity_change || form.errors.reason) && (
        <p role="alert" className="max-w-sm text-right text-xs text-red-700" data-testid="adjust-error">
          {failure ?? msg(form.errors.quantity_change) ?? msg(form.errors.reason)}
        </p>
      )}
    </form>
  );
};

type Open = { kind: 'movement' | 'transfer' | 'levels'; row?: StockRow };

/** Stock by product and location with filters; adjust inline, set min/max, post movements, transfer. */
export const InventoryPage = () => {
  const t = useT();
  const f = useFormat();
  const list = useListSearch({ search: '', category: '', location: '', stock: '' as 'low' | '' });
  const categoryBox = useSearchBox(list.filters.category, (v) => list.setFilter('category', v));
  const [adjusting, setAdjusting] = useState<string>();
  const [open, setOpen] = useState<Open>();
  const categories = useCategories();
  const limit = 25;
  const { search, category, location } = list.query;
  const filters = {
    ...(search ? { search } : {}),
    ...(category ? { category } : {}),
    ...(location ? { location } : {}),
    ...(list.query.stock === 'low' ? { low_stock: 'true' as const } : {}),
  };
  const stock = useQuery({
    queryKey: keys.inventory.list({ page: list.page, ...list.query }),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/inventory', {
          params: {
            query: { page: list.page, limit, ...filters },
          },
        }),
      ),
  });
  const writable = can('inventory:write');
  const catalog = can('product:read');
  return (
    <ListPage
      testId="inventory-page"
      title={t('nav.inventory')}
      subtitle={t('stock.subtitle')}
      actions={
        <>
          <ExportMenu path="/api/v1/inventory/export" query={filters} testId="inventory-export" />
          {writable && (
            <button type="button" className={secondaryButton} onClick={() => setOpen({ kind: 'transfer' })}>
              {t('transfers.new')}
            </button>
          )}
        </>
      }
      create={writable && { label: t('stock.movement_title'), onClick: () => setOpen({ kind: 'movement' }) }}
      toolbar={
        <>
          <SearchFilter
            list={list}
            filter="search"
            label={t('stock.search')}
            placeholder={t('stock.search')}
            testId="inventory-search"
            className="w-64"
          />
          {categories.data && categories.data.length > 0 ? (
            <select
              aria-label={t('products.category')}
              data-testid="inventory-category"
              value={list.filters.category}
              onChange={(e) => list.setFilter('category', e.target.value)}
              className={inputClass}
            >
              <option value="">{t('products.all_categories')}</option>
              {categories.data.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          ) : (
            <input
              aria-label={t('products.category')}
              placeholder={t('products.category')}
              data-testid="inventory-category"
              {...categoryBox}
              className={`${inputClass} w-40`}
            />
          )}
          <div className="w-64">
            <LocationSelect
              label={t('stock.location')}
              name="location"
              testId="inventory-location"
              emptyLabel={t('stock.all_locations')}
              value={list.filters.location}
              onChange={(v) => list.setFilter('location', v)}
            />
          </div>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input
              type="checkbox"
              data-testid="inventory-low"
              checked={list.filters.stock === 'low'}
              onChange={(e) => list.setFilter('stock', e.target.checked ? 'low' : '')}
            />
            {t('stock.low_only')}
          </label>
        </>
      }
    >
      <DataTable
        rows={stock.data?.data}
        rowKey={(r) => `${r.product_id}:${r.location_id}`}
        rowProps={(r) => ({
          className: r.low_stock ? 'bg-amber-50 hover:bg-amber-100' : 'hover:bg-slate-50',
          'data-testid': `stock-row-${rowId(r)}`,
        })}
        page={list.page}
        limit={limit}
        total={stock.data?.pagination.total ?? 0}
        onPageChange={list.setPage}
        loading={stock.isLoading}
        error={stock.error}
        onRetry={() => void stock.refetch()}
        columns={[
          {
            key: 'sku',
            header: t('products.sku'),
            cell: (r) =>
              catalog ? (
                <Link
                  to="/products/$id"
                  params={{ id: r.product_id }}
                  className="font-mono text-xs text-brand-700 hover:underline"
                >
                  {r.sku}
                </Link>
              ) : (
                <span className="font-mono text-xs">{r.sku}</span>
              ),
          },
          { key: 'name', header: t('products.name'), cell: (r) => r.name },
          {
            key: 'location',
            header: t('stock.location'),
            cell: (r) => (
              <span title={r.location_name} className="font-mono text-xs">
                {r.location}
              </span>
            ),
          },
          {
            key: 'on_hand',
            header: t('stock.on_hand'),
            align: 'right',
            cell: (r) => (
              <span data-testid="stock-on-hand" data-value={r.on_hand}>
                {f.qty(r.on_hand)}
              </span>
            ),
          },
          {
            key: 'reserved',
            header: t('stock.reserved'),
            align: 'right',
            cell: (r) => (
              <span data-testid="stock-reserved" data-value={r.reserved}>
                {f.qty(r.reserved)}
              </span>
            ),
          },
          {
            key: 'available',
            header: t('stock.available'),
            align: 'right',
            cell: (r) => (
              <span data-testid="stock-available" data-value={r.available} className="font-medium">
                {f.qty(r.available)}
              </span>
            ),
          },
          {
            key: 'minmax',
            header: t('stock.min_max'),
            align: 'right',
            cell: (r) => (
              <span className="flex items-center justify-end gap-2 whitespace-nowrap">
                {r.low_stock && <Badge tone="amber">{t('stock.low')}</Badge>}
                {writable ? (
                  <button
                    type="button"
                    className={linkButton}
                    title={t('stock.edit_levels')}
                    onClick={() => setOpen({ kind: 'levels', row: r })}
                  >
                    {f.range(r.min_qty, r.max_qty)}
                  </button>
                ) : (
                  f.range(r.min_qty, r.max_qty)
                )}
              </span>
            ),
          },
          {
            key: 'actions',
            header: '',
            align: 'right',
            cell: (r) =>
              writable &&
              (adjusting === rowId(r) ? (
                <InlineAdjust row={r} onDone={() => setAdjusting(undefined)} />
              ) : (
                <span className="flex justify-end gap-3 whitespace-nowrap">
                  <button
                    type="button"
                    className={linkButton}
                    data-testid="stock-adjust"
                    onClick={() => setAdjusting(rowId(r))}
                  >
                    {t('stock.adjust')}
                  </button>
                  <button
                    type="button"
                    className={linkButton}
                    onClick={() => setOpen({ kind: 'movement', row: r })}
                  >
                    {t('stock.movement')}
                  </button>
                  <button
                    type="button"
                    className={linkButton}
                    onClick={() => setOpen({ kind: 'transfer', row: r })}
                  >
                    {t('stock.transfer')}
                  </button>
                </span>
              )),
          },
        ]}
      />
      {open?.kind === 'movement' && <MovementDialog row={open.row} onClose={() => setOpen(undefined)} />}
      {open?.kind === 'transfer' && <TransferDialog row={open.row} onClose={() => setOpen(undefined)} />}
      {open?.kind === 'levels' && open.row && (
        <LevelsDialog row={open.row} onClose={() => setOpen(undefined)} />
      )}
    </ListPage>
  );
};
