import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { type Product, useCategories } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DeleteDialog } from '../../components/dialog.tsx';
import { ExportMenu } from '../../components/export-menu.tsx';
import { SearchFilter } from '../../components/list-filters.tsx';
import { ListPage, useListQuery, useListSearch } from '../../components/list-page.tsx';
import { Badge, inputClass } from '../../components/page.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ProductDialog } from './product-form.tsx';

/** The catalog: full-text search, a category filter, and create, edit and delete. */
export const ProductsPage = () => {
  const t = useT();
  const f = useFormat();
  const list = useListSearch({ search: '', category: '' });
  const [editing, setEditing] = useState<Product | 'new'>();
  const [deleting, setDeleting] = useState<Product>();
  const categories = useCategories();
  const limit = 20;
  const products = useListQuery(list, {
    key: keys.products.list,
    limit,
    fetch: (query) => unwrap(api.GET('/api/v1/products', { params: { query } })),
  });
  const remove = useApiMutation({
    request: (p: Product) => unwrap(api.DELETE('/api/v1/products/{id}', { params: { path: { id: p.id } } })),
    invalidates: [keys.products.all],
    success: t('products.deleted'),
  });
  const writable = can('product:write');
  return (
    <ListPage
      testId="products-page"
      title={t('nav.products')}
      subtitle={t('products.subtitle')}
      actions={<ExportMenu path="/api/v1/products/export" query={list.query} testId="products-export" />}
      create={
        writable && { label: t('products.new'), onClick: () => setEditing('new'), testId: 'product-new' }
      }
      toolbar={
        <>
          <SearchFilter
            list={list}
            filter="search"
            label={t('products.search')}
            placeholder={t('products.search')}
            testId="products-search"
          />
          <select
            aria-label={t('products.category')}
            data-testid="products-category"
            value={list.filters.category}
            onChange={(e) => list.setFilter('category', e.target.value)}
            className={inputClass}
          >
            <option value="">{t('products.all_categories')}</option>
            {(categories.data ?? []).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </>
      }
    >
      <DataTable
        actions={writable && { onEdit: setEditing, onDelete: setDeleting }}
        {...products.table}
        rowKey={(p) => p.id}
        rowProps={(p) => ({ 'data-testid': `product-row-${p.sku}` })}
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
        ]}
      />
      <ProductDialog
        open={editing !== undefined}
        product={editing === 'new' ? undefined : editing}
        onClose={() => setEditing(undefined)}
      />
      <DeleteDialog
        row={deleting}
        title={t('products.delete_title')}
        body={(row) => t('products.delete_body', { sku: row?.sku ?? '' })}
        onClose={() => setDeleting(undefined)}
        remove={remove.send}
      />
    </ListPage>
  );
};
