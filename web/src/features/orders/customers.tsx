import { useId, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog, DialogFooter } from '../../components/dialog.tsx';
import { ExportMenu } from '../../components/export-menu.tsx';
import { CheckboxField, TextField, useZodForm } from '../../components/fields.tsx';
import { checkbox, optionalText, requiredText } from '../../components/form-values.ts';
import { SearchFilter } from '../../components/list-filters.tsx';
import { ListPage, ListTabs, useListQuery, useListSearch } from '../../components/list-page.tsx';
import { Badge, linkButton } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';

type CustomerRow = {
  id: string;
  code: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  tax_id: string | null;
  active: boolean;
  source: 'manual' | 'sync';
};

const Email = z.email();
const CustomerForm = z.object({
  code: optionalText,
  name: requiredText,
  email: z
    .string()
    .trim()
    .refine((v) => v === '' || Email.safeParse(v).success, { message: 'validation.email' })
    .transform((v) => (v === '' ? null : v)),
  phone: optionalText,
  tax_id: optionalText,
  active: checkbox,
});
type CustomerBody = z.infer<typeof CustomerForm>;

const CustomerDialog = ({
  customer,
  onClose,
}: {
  customer: CustomerRow | undefined;
  onClose: () => void;
}) => {
  const t = useT();
  const formId = useId();
  const form = useZodForm(CustomerForm, async (values) => {
    await save.run(values);
  });
  const save = useApiMutation({
    request: (body: CustomerBody) =>
      customer
        ? unwrap(api.PATCH('/api/v1/customers/{id}', { params: { path: { id: customer.id } }, body }))
        : unwrap(api.POST('/api/v1/customers', { body })),
    invalidates: [keys.customers.all],
    success: t('customers.saved'),
    form,
    onSuccess: onClose,
  });
  const e = form.errors;
  return (
    <Dialog
      open
      wide
      title={customer ? t('customers.edit') : t('customers.new')}
      onClose={onClose}
      testId="customer-dialog"
      footer={
        <DialogFooter formId={formId} submitLabel={t('common.save')} onCancel={onClose} busy={save.busy} />
      }
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        {save.error !== undefined && (
          <div className="sm:col-span-2">
            <ProblemAlert error={save.error} />
          </div>
        )}
        {customer?.source === 'sync' && (
          <p className="text-sm text-slate-600 sm:col-span-2">{t('customers.synced_note')}</p>
        )}
        <div className="sm:col-span-2">
          <TextField
            label={t('customers.name')}
            name="name"
            maxLength={200}
            defaultValue={customer?.name}
            error={e.name}
          />
        </div>
        <TextField
          label={t('customers.code')}
          name="code"
          maxLength={40}
          defaultValue={customer?.code ?? ''}
          error={e.code}
        />
        <TextField
          label={t('customers.tax_id')}
          name="tax_id"
          maxLength={32}
          defaultValue={customer?.tax_id ?? ''}
          error={e.tax_id}
        />
        <TextField
          label={t('customers.email')}
          name="email"
          type="email"
          maxLength={254}
          defaultValue={customer?.email ?? ''}
          error={e.email}
        />
        <TextField
          label={t('customers.phone')}
          name="phone"
          type="tel"
          maxLength={40}
          defaultValue={customer?.phone ?? ''}
          error={e.phone}
        />
        <CheckboxField
          label={t('customers.active')}
          name="active"
          defaultChecked={customer?.active ?? true}
        />
      </form>
    </Dialog>
  );
};

/** The customer master: search, active or not, export, and create or change one. */
export const CustomersPage = () => {
  const t = useT();
  const list = useListSearch({ q: '', active: '' as '' | 'true' | 'false' });
  const [editing, setEditing] = useState<CustomerRow | 'new'>();
  const rows = useListQuery(list, {
    key: keys.customers.list,
    limit: 20,
    fetch: (query) => unwrap(api.GET('/api/v1/customers', { params: { query } })),
  });
  const writable = can('customer:write');
  return (
    <ListPage
      testId="customers-page"
      title={t('customers.nav')}
      subtitle={t('customers.subtitle')}
      actions={<ExportMenu path="/api/v1/customers/export" query={list.query} testId="customers-export" />}
      create={
        writable && { label: t('customers.new'), onClick: () => setEditing('new'), testId: 'customer-new' }
      }
      tabs={
        <ListTabs
          value={list.filters.active}
          onChange={(v) => list.setFilter('active', v)}
          testId="customers-tabs"
          options={[
            { value: '', label: t('customers.all'), testId: 'customers-tab-all' },
            { value: 'true', label: t('customers.active'), testId: 'customers-tab-active' },
            { value: 'false', label: t('customers.inactive'), testId: 'customers-tab-inactive' },
          ]}
        />
      }
      toolbar={
        <SearchFilter
          list={list}
          filter="q"
          label={t('customers.search')}
          placeholder={t('customers.search')}
          testId="customers-search"
        />
      }
    >
      <DataTable
        {...rows.table}
        rowKey={(c) => c.id}
        rowProps={(c) => ({ 'data-testid': `customer-row-${c.code ?? c.id}` })}
        columns={[
          { key: 'code', header: t('customers.code'), cell: (c) => c.code ?? '—' },
          { key: 'name', header: t('customers.name'), cell: (c) => c.name },
          { key: 'email', header: t('customers.email'), cell: (c) => c.email ?? '—' },
          { key: 'phone', header: t('customers.phone'), cell: (c) => c.phone ?? '—' },
          { key: 'tax', header: t('customers.tax_id'), cell: (c) => c.tax_id ?? '—' },
          { key: 'source', header: t('customers.source'), cell: (c) => t(`customers.source.${c.source}`) },
          {
            key: 'status',
            header: t('common.status'),
            cell: (c) =>
              c.active ? (
                <Badge tone="green">{t('customers.active')}</Badge>
              ) : (
                <Badge tone="grey">{t('customers.inactive')}</Badge>
              ),
          },
          {
            key: 'actions',
            header: '',
            align: 'right',
            cell: (c) =>
              writable && (
                <button
                  type="button"
                  className={linkButton}
                  data-testid={`customer-edit-${c.code ?? c.id}`}
                  onClick={() => setEditing(c)}
                >
                  {t('common.edit')}
                </button>
              ),
          },
        ]}
      />
      {editing !== undefined && (
        <CustomerDialog
          customer={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
        />
      )}
    </ListPage>
  );
};
