import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ConfirmDialog, Dialog } from '../../components/dialog.tsx';
import { CheckboxField, TextField, useZodForm } from '../../components/fields.tsx';
import { checkbox, optionalInt, optionalText, requiredText } from '../../components/form-values.ts';
import {
  Badge,
  dangerLinkButton,
  inputClass,
  linkButton,
  PageHeader,
  primaryButton,
  secondaryButton,
  Toolbar,
} from '../../components/page.tsx';
import { useDebounced } from '../../components/product-picker.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
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
  const toast = useToast();
  const qc = useQueryClient();
  const formId = useId();
  const [failure, setFailure] = useState<unknown>();
  const [contacts, setContacts] = useState<Contact[]>(
    (supplier?.contacts ?? []).map((c) => ({
      name: c.name ?? '',
      email: c.email ?? '',
      phone: c.phone ?? '',
    })),
  );
  const form = useZodForm(SupplierForm, async (values) => {
    // Only what was typed is sent: the API refuses an empty email.
    const body = {
      ...values,
      contacts: contacts
        .map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v.trim() !== '')))
        .filter((c) => Object.keys(c).length > 0),
    };
    try {
      if (supplier) {
        await unwrap(api.PUT('/api/v1/suppliers/{id}', { params: { path: { id: supplier.id } }, body }));
      } else {
        await unwrap(api.POST('/api/v1/suppliers', { body }));
      }
      toast.show(t('suppliers.saved'), 'success');
      await qc.invalidateQueries({ queryKey: ['suppliers'] });
      onClose();
    } catch (err) {
      if (err instanceof ApiError) form.setServerErrors(err.problem.errors);
      setFailure(err);
    }
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
        <>
          <button type="button" className={secondaryButton} onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className={primaryButton}>
            {t('common.save')}
          </button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        {failure !== undefined && (
          <div className="sm:col-span-2">
            <ProblemAlert error={failure} />
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
  const toast = useToast();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<SupplierRow | 'new'>();
  const [items, setItems] = useState<SupplierRow>();
  const [deleting, setDeleting] = useState<SupplierRow>();
  const term = useDebounced(search.trim());
  const limit = 20;
  const list = useQuery({
    queryKey: ['suppliers', 'list', page, term],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/suppliers', {
          params: { query: { page, limit, ...(term ? { search: term } : {}) } },
        }),
      ),
  });
  const writable = can('supplier:write');
  return (
    <div className="flex flex-col gap-4" data-testid="suppliers-page">
      <PageHeader
        title={t('nav.suppliers')}
        subtitle={t('suppliers.subtitle')}
        actions={
          writable && (
            <button type="button" className={primaryButton} onClick={() => setEditing('new')}>
              {t('suppliers.new')}
            </button>
          )
        }
      />
      <Toolbar>
        <input
          aria-label={t('common.search')}
          placeholder={t('suppliers.search')}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
          className={`${inputClass} w-72`}
        />
      </Toolbar>
      <DataTable
        rows={list.data?.data}
        rowKey={(s) => s.id}
        page={page}
        limit={limit}
        total={list.data?.pagination.total ?? 0}
        onPageChange={setPage}
        loading={list.isLoading}
        error={list.error}
        onRetry={() => void list.refetch()}
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
      <ConfirmDialog
        open={deleting !== undefined}
        title={t('suppliers.delete_title')}
        body={t('suppliers.delete_body', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          if (!deleting) return;
          await unwrap(api.DELETE('/api/v1/suppliers/{id}', { params: { path: { id: deleting.id } } }));
          toast.show(t('suppliers.deleted'), 'success');
          await qc.invalidateQueries({ queryKey: ['suppliers'] });
        }}
      />
    </div>
  );
};
