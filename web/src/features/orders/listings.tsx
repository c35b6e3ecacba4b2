import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { type Json, useLocations } from '../../api/queries.ts';
import { can, session } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DeleteDialog } from '../../components/dialog.tsx';
import {
  CheckboxField,
  SelectField,
  TextAreaField,
  TextField,
  useZodForm,
} from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { checkbox, optionalText } from '../../components/form-values.ts';
import { SearchFilter } from '../../components/list-filters.tsx';
import { ListPage, pagedRows, useListSearch } from '../../components/list-page.tsx';
import { Badge, inputClass, primaryButton } from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { minorDigits, useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

type Listing = Json<'/api/v1/listings/{id}', 'put'>;

/** "12,50" or "12.5" in a currency → integer minor units (1250); null when it is not an amount. */
const toMinorUnits = (text: string, currency: string): number | null => {
  const digits = minorDigits(currency);
  const m = /^(\d{1,12})(?:[.,](\d*))?$/.exec(text.trim());
  if (!m || (m[2] ?? '').length > digits) return null;
  const [, whole = '0', frac = ''] = m;
  return Number(whole) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || '0');
};

/** Minor units back to what the field shows: 1250 → "12.50". */
const fromMinorUnits = (minor: number, currency: string) => {
  const digits = minorDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
};

/** The stores this user may sell at: every store, or only those a store-scoped user is assigned. */
const useSellableStores = () => {
  const locations = useLocations();
  const mine = session.get()?.user.store_ids ?? null;
  return (locations.data ?? []).filter((l) => l.type === 'store' && (mine === null || mine.includes(l.id)));
};

const ListingForm = z.object({
  store_id: z.string().optional(),
  title: optionalText,
  description: optionalText,
  price: z.string().trim().min(1, { message: 'validation.required' }),
  published: checkbox,
});
type ListingValues = z.infer<typeof ListingForm> & { price_minor: number };

/** Creates a listing (product, store, price) or edits its title, description, price and publication. */
const ListingDialog = ({
  listing,
  currency,
  onClose,
}: {
  listing?: Listing;
  currency: string;
  onClose: () => void;
}) => {
  const t = useT();
  const stores = useSellableStores();
  const [product, setProduct] = useState<PickedProduct>();
  const [missing, setMissing] = useState(false);
  const money = listing?.currency ?? currency;
  const form = useZodForm(ListingForm, async (v): Promise<void> => {
    const price_minor = toMinorUnits(v.price, money);
    if (price_minor === null || price_minor <= 0)
      return form.setServerErrors([{ field: 'price', message: t('sales.listing.price_invalid') }]);
    if (!listing && !product) return setMissing(true);
    await save.run({ ...v, price_minor });
  });
  const save = useApiMutation({
    request: ({ title, description, published, price_minor, store_id }: ListingValues) => {
      const common = { title, description, price_minor, published };
      return listing
        ? unwrap(
            api.PUT('/api/v1/listings/{id}', {
              params: { path: { id: listing.id } },
              body: { ...common, title: title ?? listing.product_name },
            }),
          )
        : unwrap(
            api.POST('/api/v1/listings', {
              body: {
                ...common,
                title: title ?? undefined,
                product_id: product?.id ?? '',
                store_id: store_id ?? '',
                currency: money,
              },
            }),
          );
    },
    invalidates: [keys.listings.all],
    success: t('sales.listing.saved'),
    onSuccess: onClose,
    onFieldErrors: (errors) =>
      form.setServerErrors(errors.map((e) => (e.field === 'price_minor' ? { ...e, field: 'price' } : e))),
  });
  return (
    <FormDialog
      title={t(listing ? 'sales.listing.edit' : 'sales.listing.new')}
      onClose={onClose}
      testId="listing-dialog"
      className="flex flex-col gap-3"
      onSubmit={form.onSubmit}
      submit={{ label: t('common.save'), testId: 'listing-save', busy: save.busy }}
      alert={<ProblemAlert error={save.error} />}
    >
      {listing ? (
        <p className="text-sm">
          <span className="font-mono text-xs">{listing.sku}</span> · {listing.product_name} ·{' '}
          <span className="font-mono text-xs">{listing.store_id}</span>
        </p>
      ) : (
        <>
          <ProductPicker
            label={t('common.product')}
            testId="listing-product"
            value={product}
            onChange={(p) => {
              setProduct(p);
              setMissing(false);
            }}
            error={missing ? t('validation.required') : undefined}
          />
          <SelectField
            label={t('sales.store')}
            name="store_id"
            data-testid="listing-store"
            error={form.errors.store_id}
            options={stores.map((s) => ({ value: s.code, label: `${s.code} · ${s.name}` }))}
          />
        </>
      )}
      <TextField
        label={t('sales.listing.title')}
        name="title"
        defaultValue={listing?.title ?? ''}
        placeholder={listing?.product_name ?? product?.name ?? ''}
        hint={listing ? undefined : t('sales.listing.title_hint')}
        error={form.errors.title}
        data-testid="listing-title"
      />
      <TextAreaField
        label={t('sales.listing.description')}
        name="description"
        defaultValue={listing?.description ?? ''}
        error={form.errors.description}
      />
      <TextField
        label={t('sales.listing.price', { currency: money })}
        name="price"
        inputMode="decimal"
        defaultValue={listing ? fromMinorUnits(listing.price_minor, money) : ''}
        error={form.errors.price}
        data-testid="listing-price"
      />
      <CheckboxField
        label={t('sales.listing.published')}
        name="published"
        defaultChecked={listing?.published ?? true}
        data-testid="listing-published"
      />
    </FormDialog>
  );
};

/** What sellers offer in the online store: product, store, price, publication and free stock. */
export const ListingsPage = () => {
  const t = useT();
  const f = useFormat();
  const list = useListSearch({ q: '', store: '', published: '' as '' | 'true' | 'false' });
  const { page } = list;
  const { q, store } = list.query;
  const published =
    list.filters.published === 'true' || list.filters.published === 'false' ? list.filters.published : '';
  const [editing, setEditing] = useState<Listing | 'new'>();
  const [deleting, setDeleting] = useState<Listing>();
  const stores = useSellableStores();
  const limit = 20;
  const listings = useQuery({
    queryKey: keys.listings.list({ page, q, store, published }),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/listings', {
          params: { query: { page, limit, q, store_id: store, ...(published ? { published } : {}) } },
        }),
      ),
  });
  // The currency of new listings; read whether or not this user may see orders.
  const settings = useQuery({
    queryKey: keys.orderSettings.all,
    queryFn: () => unwrap(api.GET('/api/v1/order-settings')),
    staleTime: 60_000,
  });
  const remove = useApiMutation({
    request: (l: Listing) => unwrap(api.DELETE('/api/v1/listings/{id}', { params: { path: { id: l.id } } })),
    invalidates: [keys.listings.all],
    success: t('sales.listing.deleted'),
  });
  const writable = can('marketplace:write');
  return (
    <ListPage
      testId="listings-page"
      title={t('sales.listings')}
      subtitle={t('sales.listing.subtitle')}
      actions={
        writable && (
          <button
            type="button"
            className={primaryButton}
            disabled={!settings.data}
            onClick={() => setEditing('new')}
            data-testid="listing-new"
          >
            {t('sales.listing.new')}
          </button>
        )
      }
      toolbar={
        <>
          <SearchFilter
            list={list}
            filter="q"
            placeholder={t('common.search')}
            testId="listings-search"
            className="w-72 max-w-full"
          />
          <select
            aria-label={t('sales.store')}
            value={list.filters.store}
            onChange={(e) => list.setFilter('store', e.target.value)}
            className={inputClass}
          >
            <option value="">{t('sales.all_stores')}</option>
            {stores.map((s) => (
              <option key={s.id} value={s.code}>
                {s.code} · {s.name}
              </option>
            ))}
          </select>
          <select
            aria-label={t('sales.listing.published')}
            value={published}
            onChange={(e) => list.setFilter('published', e.target.value as '' | 'true' | 'false')}
            className={inputClass}
          >
            <option value="">{t('sales.listing.any')}</option>
            <option value="true">{t('sales.listing.published')}</option>
            <option value="false">{t('sales.listing.hidden')}</option>
          </select>
        </>
      }
    >
      <DataTable
        actions={writable && { onEdit: setEditing, onDelete: setDeleting }}
        {...pagedRows(list, listings, limit)}
        rowKey={(l) => l.id}
        rowProps={(l) => ({ 'data-testid': `listing-${l.sku}-${l.store_id}` })}
        columns={[
          {
            key: 'title',
            header: t('sales.listing.title'),
            cell: (l) => (
              <span className="flex flex-col">
                <span className="font-medium">{l.title}</span>
                <span className="text-xs text-slate-500">
                  <span className="font-mono">{l.sku}</span> · {l.product_name}
                </span>
              </span>
            ),
          },
          {
            key: 'store',
            header: t('sales.store'),
            cell: (l) => <span className="font-mono text-xs">{l.store_id}</span>,
          },
          {
            key: 'price',
            header: t('sales.price'),
            align: 'right',
            cell: (l) => f.minor(l.price_minor, l.currency),
          },
          {
            key: 'available',
            header: t('sales.available'),
            align: 'right',
            cell: (l) =>
              Number(l.available) > 0 ? f.qty(l.available) : <Badge tone="red">{t('sales.sold_out')}</Badge>,
          },
          {
            key: 'published',
            header: t('common.status'),
            cell: (l) =>
              l.published ? (
                <Badge tone="green">{t('sales.listing.published')}</Badge>
              ) : (
                <Badge tone="grey">{t('sales.listing.hidden')}</Badge>
              ),
          },
        ]}
      />
      {editing !== undefined && settings.data && (
        <ListingDialog
          listing={editing === 'new' ? undefined : editing}
          currency={settings.data.currency}
          onClose={() => setEditing(undefined)}
        />
      )}
      <DeleteDialog
        row={deleting}
        title={t('sales.listing.delete_title')}
        body={(row) => t('sales.listing.delete_body', { title: row?.title ?? '' })}
        onClose={() => setDeleting(undefined)}
        remove={remove.send}
      />
    </ListPage>
  );
};
