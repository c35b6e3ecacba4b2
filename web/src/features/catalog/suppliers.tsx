import { useId, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DeleteDialog, Dialog, DialogFooter } from '../../components/dialog.tsx';
import { CheckboxField, TextField, useZodForm } from '../../components/fields.tsx';
import { checkbox, optionalInt, optionalText, requiredText } from '../../components/form-values.ts';
import { SearchFilter } from '../../components/list-filters.tsx';
import { ListPage, useListQuery, useListSearch } from '../../components/list-page.tsx';
import { Badge, dangerLinkButton, inputClass, linkButton } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { SupplierItemsDialog } from './supplier-items.tsx';

type SupplierRow = {
  id: string;
  name: string;
  tax_id: string | null;
  currency: string;
  default_lead_time_days: number | null;
  active: boolean;
  contacts: { name?: string; email?: string; phone?: string }[];
};
type Contact = { name: string; email: string; phone: string };
type SupplierBody = z.infer<typeof SupplierForm> & { contacts: Partial<Contact>[] };

const SupplierForm = z.object({
  name: requiredText,
  tax_id: optionalText,
  currency: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{3}$/, { message: 'validation.currency' })),
  default_lead_time_days: optionalInt,
  active: checkbox,
});

const SupplierDialog = ({
  supplier,
  onClose,
}: {
  supplier: SupplierRow | undefined;
  onClose: () => void;
}) => {
  const t = useT();
  const formId = useId();
  const [contacts, setContacts] = useState<Contact[]>(
    (supplier?.contacts ?? []).map((c) => ({
      name: c.name ?? '',
      email: c.email ?? '',
      phone: c.phone ?? '',
    })),
  );
  const form = useZodForm(SupplierForm, async (values) => {
    // Only what was typed is sent: the API refuses an empty email.
    await save.run({
      ...values,
      contacts: contacts
        .map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v.trim() !== '')))
        .filter((c) => Object.keys(c).length > 0),
    });
  });
  const save = useApiMutation({
    request: (body: SupplierBody) =>
      supplier
        ? unwrap(api.PUT('/api/v1/suppliers/{id}', { params: { path: { id: supplier.id } }, body }))
        : unwrap(api.POST('/api/v1/suppliers', { body })),
    invalidates: [keys.suppliers.all],
    success: t('suppliers.saved'),
    form,
    onSuccess: onClose,
  });
  const e = form.errors;
  const setContact = (i: number, field: keyof Contact, value: string) =>
    setContacts((all) => all.map((c, j) => (j === i ? { ...c, [field]: value } : c)));
  return (
    <Dialog
      open
      wide
      title={supplier ? t('suppliers.edit') : t('suppliers.new')}
      onClose={onClose}
      testId="supplier-dialog"
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
        <div className="sm:col-span-2">
          <TextField label={t('suppliers.name')} name="name" defaultValue={supplier?.name} error={e.name} />
        </div>
        <TextField
          label={t('suppliers.tax_id')}
          name="tax_id"
          defaultValue={supplier?.tax_id ?? ''}
          error={e.tax_id}
        />
        <TextField
          label={t('suppliers.currency')}
          name="currency"
          maxLength={3}
          defaultValue={supplier?.currency ?? 'EUR'}
          error={e.currency}
        />
        <TextField
          label={t('suppliers.lead_time')}
          name="default_lead_time_days"
          inputMode="numeric"
          defaultValue={supplier?.default_lead_time_days ?? ''}
          error={e.default_lead_time_days}
        />
        <div className="flex items-end pb-2">
          <CheckboxField
            label={t('suppliers.active')}
            name="active"
            defaultChecked={supplier?.active ?? true}
          />
        </div>
        <fieldset className="flex flex-col gap-2 sm:col-span-2">
          <legend className="text-sm font-medium text-slate-700">{t('suppliers.contacts')}</legend>
          {contacts.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: contacts have no id; rows only append or drop
            <div key={i} className="grid grid-cols-[1fr_1fr_1fr_auto] items-center gap-2">
              <input
                aria-label={t('suppliers.contact_name')}
                placeholder={t('suppliers.contact_name')}
                value={c.name}
                onChange={(ev) => setContact(i, 'name', ev.target.value)}
                className={inputClass}
              />
              <input
                aria-label={t('suppliers.contact_email')}
                placeholder={t('suppliers.contact_email')}
                type="email"
                value={c.email}
                onChange={(ev) => setContact(i, 'email', ev.target.value)}
                className={inputClass}
              />
              <input
                aria-label={t('suppliers.contact_phone')}
                placeholder={t('suppliers.contact_phone')}
                value={c.phone}
                onChange={(ev) => setContact(i, 'phone', ev.target.value)}
                className={inputClass}
              />
              <button
                type="button"
                className={dangerLinkButton}
                onClick={() => setContacts((all) => all.filter((_, j) => j !== i))}
              >
                {t('common.remove')}
              </button>
            </div>
          ))}
          <div>
            <button
              type="button"
              className={linkButton}
              onClick={() => setContacts((all) => [...all, { name: '', email: '', phone: '' }])}
            >
              + {t('suppliers.add_contact')}
            </button>
          </div>
        </fieldset>
      </form>
    </Dialog>
  );
};

/** Suppliers, their contacts, and what each sells (lead time, price, minimum). */
export const SuppliersPage = () => {
  const t = useT();
  const list = useListSearch({ search: '' });
  const [editing, setEditing] = useState<SupplierRow | 'new'>();
  const [items, setItems] = useState<SupplierRow>();
  const [deleting, setDeleting] = useState<SupplierRow>();
  const limit = 20;
  const rows = useListQuery(list, {
    key: keys.suppliers.list,
    limit,
    fetch: (query) => unwrap(api.GET('/api/v1/suppliers', { params: { query } })),
  });
  const remove = useApiMutation({
    request: (s: SupplierRow) =>
      unwrap(api.DELETE('/api/v1/suppliers/{id}', { params: { path: { id: s.id } } })),
    invalidates: [keys.suppliers.all],
    success: t('suppliers.deleted'),
  });
  const writable = can('supplier:write');
  return (
    <ListPage
      testId="suppliers-page"
      title={t('nav.suppliers')}
      subtitle={t('suppliers.subtitle')}
      create={writable && { label: t('suppliers.new'), onClick: () => setEditing('new') }}
      toolbar={<SearchFilter list={list} filter="search" placeholder={t('suppliers.search')} />}
    >
      <DataTable
        {...rows.table}
        rowKey={(s) => s.id}
        columns={[
          { key: 'name', header: t('suppliers.name'), cell: (s) => s.name },
          { key: 'tax', header: t('suppliers.tax_id'), cell: (s) => s.tax_id ?? '—' },
          { key: 'currency', header: t('suppliers.currency'), cell: (s) => s.currency },
          {
            key: 'lead',
            header: t('suppliers.lead_time'),
            align: 'right',
            cell: (s) => s.default_lead_time_days ?? '—',
          },
          {
            key: 'contact',
            header: t('suppliers.contacts'),
            cell: (s) =>
              s.contacts
                .map((c) => c.name ?? c.email)
                .filter(Boolean)
                .join(', ') || '—',
          },
          {
            key: 'status',
            header: t('common.status'),
            cell: (s) =>
              s.active ? (
                <Badge tone="green">{t('suppliers.active')}</Badge>
              ) : (
                <Badge tone="grey">{t('suppliers.inactive')}</Badge>
              ),
          },
          {
            key: 'actions',
            header: '',
            align: 'right',
            cell: (s) => (
              <span className="flex justify-end gap-3">
                <button type="button" className={linkButton} onClick={() => setItems(s)}>
                  {t('suppliers.items')}
                </button>
                {writable && (
                  <>
                    <button type="button" className={linkButton} onClick={() => setEditing(s)}>
                      {t('common.edit')}
                    </button>
                    <button type="button" className={dangerLinkButton} onClick={() => setDeleting(s)}>
                      {t('common.delete')}
                    </button>
                  </>
                )}
              </span>
            ),
          },
        ]}
      />
      {editing !== undefined && (
        <SupplierDialog
          supplier={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
        />
      )}
      {items && (
        <SupplierItemsDialog supplierId={items.id} title={items.name} onClose={() => setItems(undefined)} />
      )}
      <DeleteDialog
        row={deleting}
        title={t('suppliers.delete_title')}
        body={(row) => t('suppliers.delete_body', { name: row?.name ?? '' })}
        onClose={() => setDeleting(undefined)}
        remove={remove.send}
      />
    </ListPage>
  );
};
