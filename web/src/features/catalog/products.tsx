import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { type Product, useCategories } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { Badge, inputClass, PageHeader, primaryButton, RowActions, Toolbar } from '../../components/page.tsx';
import { useDebounced } from '../../components/product-picker.tsx';
import { useToast } from '../../components/toast.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ProductDialog } from './product-form.tsx';

/** The catalog: full-text search, a category filter, and create, edit and delete. */
export const ProductsPage = () => {
  const t = useT();
  const f = useFormat();
  const toast = useToast();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [editing, setEditing] = useState<Product | 'new'>();
  const [deleting, setDeleting] = useState<Product>();
  const term = useDebounced(search.trim());
  const categories = useCategories();
  const limit = 20;
  const products = useQuery({
    queryKey: ['products', 'list', page, term, category],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/products', {
          params: {
            query: { page, limit, ...(term ? { search: term } : {}), ...(category ? { category } : {}) },
          },
        }),
      ),
  });
  const writable = can('product:write');
  return (
    <div className="flex flex-col gap-4" data-testid="products-page">
      <PageHeader
        title={t('nav.products')}
        subtitle={t('products.subtitle')}
        actions={
          writable && (
            <button
              type="button"
              className={primaryButton}
              onClick={() => setEditing('new')}
              data-testid="product-new"
            >
              {t('products.new')}
            </button>
          )
        }
      />
      <Toolbar>
        <input
          aria-label={t('products.search')}
          placeholder={t('products.search')}
          data-testid="products-search"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
          className={`${inputClass} w-72`}
        />
        <select
          aria-label={t('products.category')}
          data-testid="products-category"
          value={category}
          onChange={(e) => {
            setCategory(e.target.value);
            setPage(1);
          }}
          className={inputClass}
        >
          <option value="">{t('products.all_categories')}</option>
          {(categories.data ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Toolbar>
      <DataTable
        rows={products.data?.data}
        rowKey={(p) => p.id}
        rowProps={(p) => ({ 'data-testid': `product-row-${p.sku}` })}
        page={page}
        limit={limit}
        total={products.data?.pagination.total ?? 0}
        onPageChange={setPage}
        loading={products.isLoading}
        error={products.error}
        onRetry={() => void products.refetch()}
        columns={[
          {
            key: 'sku',
            header: t('products.sku'),
            cell: (p) => (
              <Link
                to="/products/$id"
                params={{ id: p.id }}
                className="font-mono text-xs text-brand-700 hover:underline"
              >
                {p.sku}
              </Link>
            ),
          },
          { key: 'name', header: t('products.name'), cell: (p) => p.name },
          { key: 'category', header: t('products.category'), cell: (p) => p.category ?? '—' },
          { key: 'uom', header: t('products.uom'), cell: (p) => p.uom },
          { key: 'price', header: t('products.price'), align: 'right', cell: (p) => f.money(p.price) },
          {
            key: 'status',
            header: t('common.status'),
            cell: (p) => (
              <span className="flex gap-1">
                {p.active ? (
                  <Badge tone="green">{t('products.active')}</Badge>
                ) : (
                  <Badge tone="grey">{t('products.inactive')}</Badge>
                )}
                {p.buffered && <Badge tone="blue">{t('products.buffered')}</Badge>}
              </span>
            ),
          },
          {
            key: 'actions',
            header: '',
            align: 'right',
            cell: (p) =>
              writable && <RowActions onEdit={() => setEditing(p)} onDelete={() => setDeleting(p)} />,
          },
        ]}
      />
      <ProductDialog
        open={editing !== undefined}
        product={editing === 'new' ? undefined : editing}
        onClose={() => setEditing(undefined)}
      />
      <ConfirmDialog
        open={deleting !== undefined}
        title={t('products.delete_title')}
        body={t('products.delete_body', { sku: deleting?.sku ?? '' })}
        confirmLabel={t('common.delete')}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          if (!deleting) return;
          await unwrap(api.DELETE('/api/v1/products/{id}', { params: { path: { id: deleting.id } } }));
          toast.show(t('products.deleted'), 'success');
          await qc.invalidateQueries({ queryKey: ['products'] });
        }}
      />
    </div>
  );
};
