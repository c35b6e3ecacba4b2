import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { useProductLookup } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DeleteDialog } from '../../components/dialog.tsx';
import { ListPage } from '../../components/list-page.tsx';
import { Badge, linkButton, primaryButton } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { BackToOrders, useOrderSettings, useSuppliers } from './order-parts.tsx';
import { type Policy, PolicyDialog } from './order-policy-dialog.tsx';

/**
 * Reorder points for the products DDMRP does not buffer (seeds 002, 003): with auto-reorder on,
 * a drop to the point drafts a purchase of the reorder quantity.
 */
export const ReorderPoliciesPage = () => {
  const t = useT();
  const f = useFormat();
  const [editing, setEditing] = useState<Policy | 'new'>();
  const [deleting, setDeleting] = useState<Policy>();
  const settings = useOrderSettings();
  const suppliers = useSuppliers();
  const list = useQuery({
    queryKey: keys.reorderPolicies.all,
    queryFn: () => unwrap(api.GET('/api/v1/reorder-policies')),
  });
  const remove = useApiMutation({
    request: (p: Policy) =>
      unwrap(api.DELETE('/api/v1/reorder-policies/{id}', { params: { path: { id: p.id } } })),
    invalidates: [keys.reorderPolicies.all],
    success: t('supply.policies.deleted'),
  });
  const product = useProductLookup((list.data?.data ?? []).map((p) => p.product_id));
  const supplierName = new Map((suppliers.data ?? []).map((s) => [s.id, s.name]));
  const writable = can('order:write');
  return (
    <ListPage
      testId="policies-page"
      back={<BackToOrders />}
      title={t('supply.policies.title')}
      subtitle={t('supply.policies.subtitle')}
      actions={
        writable && (
          <button
            type="button"
            className={primaryButton}
            data-testid="policy-new"
            onClick={() => setEditing('new')}
          >
            {t('supply.policies.new')}
          </button>
        )
      }
    >
      {settings.data && !settings.data.auto_reorder && (
        <div role="status" className="rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700">
          {t('supply.policies.auto_off')}{' '}
          <Link to="/orders/settings" className={linkButton}>
            {t('supply.settings.title')}
          </Link>
        </div>
      )}
      <DataTable<Policy>
        actions={writable && { onEdit: setEditing, onDelete: setDeleting }}
        rows={list.data?.data}
        rowKey={(p) => p.id}
        rowProps={(p) => ({ 'data-testid': `policy-row-${p.store_id}` })}
        loading={list.isLoading}
        error={list.error}
        onRetry={() => void list.refetch()}
        empty={<EmptyState title={t('supply.policies.none')} body={t('supply.policies.none_body')} />}
        columns={[
          { key: 'product', header: t('common.product'), cell: (p) => product(p.product_id) },
          {
            key: 'store',
            header: t('supply.store'),
            cell: (p) => <span className="font-mono text-xs">{p.store_id}</span>,
          },
          {
            key: 'point',
            header: t('supply.policies.point'),
            align: 'right',
            cell: (p) => f.qty(p.reorder_point),
          },
          {
            key: 'quantity',
            header: t('supply.policies.quantity'),
            align: 'right',
            cell: (p) => f.qty(p.reorder_quantity),
          },
          {
            key: 'supplier',
            header: t('supply.supplier'),
            cell: (p) =>
              p.supplier_id
                ? (supplierName.get(p.supplier_id) ?? p.supplier_id.slice(0, 8))
                : t('supply.policies.preferred_supplier'),
          },
          {
            key: 'active',
            header: t('common.status'),
            cell: (p) =>
              p.active ? (
                <Badge tone="green">{t('supply.policies.active')}</Badge>
              ) : (
                <Badge tone="grey">{t('supply.policies.inactive')}</Badge>
              ),
          },
        ]}
      />
      {editing && (
        <PolicyDialog
          policy={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
        />
      )}
      <DeleteDialog
        row={deleting}
        title={t('supply.policies.delete_title')}
        body={(row) =>
          t('supply.policies.delete_body', {
            product: row ? product(row.product_id) : '',
            store: row?.store_id ?? '',
          })
        }
        onClose={() => setDeleting(undefined)}
        remove={remove.send}
      />
    </ListPage>
  );
};
