import { useId, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { LOCATION_TYPES, type Location, type LocationType, useLocations } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DeleteDialog, Dialog, DialogFooter } from '../../components/dialog.tsx';
import { CheckboxField, SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import { checkbox, optionalInt, optionalText, requiredText } from '../../components/form-values.ts';
import { SearchFilter } from '../../components/list-filters.tsx';
import { ListPage, useListQuery, useListSearch } from '../../components/list-page.tsx';
import { LocationSelect } from '../../components/location-select.tsx';
import { Badge, inputClass } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';

type LocationBody = Omit<z.infer<typeof LocationForm>, 'city'> & { address: Record<string, string> };

const LocationForm = z.object({
  code: requiredText,
  name: requiredText,
  type: z.enum(LOCATION_TYPES as [LocationType, ...LocationType[]]),
  parent_id: optionalText,
  city: optionalText,
  lead_time_days: optionalInt.refine((v) => v === null || v <= 365, { message: 'validation.days_max' }),
  allow_negative: checkbox,
  active: checkbox,
});

const LocationDialog = ({ location, onClose }: { location: Location | undefined; onClose: () => void }) => {
  const t = useT();
  const formId = useId();
  const form = useZodForm(LocationForm, async ({ city, ...rest }): Promise<void> => {
    // The address is free-form; the form edits its city and keeps whatever else it holds.
    const address = { ...(location?.address ?? {}) };
    if (city) address.city = city;
    else delete address.city;
    await save.run({ ...rest, address });
  });
  const save = useApiMutation({
    request: (body: LocationBody) =>
      location
        ? unwrap(api.PUT('/api/v1/locations/{id}', { params: { path: { id: location.id } }, body }))
        : unwrap(api.POST('/api/v1/locations', { body })),
    invalidates: [keys.locations.all],
    success: t('locations.saved'),
    onSuccess: onClose,
    form,
  });
  const e = form.errors;
  return (
    <Dialog
      open
      title={location ? t('locations.edit') : t('locations.new')}
      onClose={onClose}
      testId="location-dialog"
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
        <TextField label={t('locations.code')} name="code" defaultValue={location?.code} error={e.code} />
        <SelectField
          label={t('locations.type')}
          name="type"
          defaultValue={location?.type ?? 'store'}
          error={e.type}
          options={LOCATION_TYPES.map((x) => ({ value: x, label: t(`location_type.${x}`) }))}
        />
        <div className="sm:col-span-2">
          <TextField label={t('locations.name')} name="name" defaultValue={location?.name} error={e.name} />
        </div>
        <LocationSelect
          label={t('locations.parent')}
          name="parent_id"
          by="id"
          excludeId={location?.id}
          emptyLabel={t('common.none')}
          defaultValue={location?.parent_id ?? ''}
          error={e.parent_id}
        />
        <TextField
          label={t('locations.city')}
          name="city"
          defaultValue={location?.address.city ?? ''}
          error={e.city}
        />
        <TextField
          label={t('locations.lead_time_days')}
          name="lead_time_days"
          inputMode="numeric"
          defaultValue={location?.lead_time_days ?? ''}
          hint={t('locations.lead_time_hint')}
          error={e.lead_time_days}
          data-testid="location-lead-time"
        />
        <div className="flex flex-col gap-2 sm:col-span-2">
          <CheckboxField
            label={t('locations.allow_negative')}
            name="allow_negative"
            defaultChecked={location?.allow_negative ?? false}
            error={e.allow_negative}
          />
          <CheckboxField
            label={t('locations.active')}
            name="active"
            defaultChecked={location?.active ?? true}
            error={e.active}
          />
        </div>
      </form>
    </Dialog>
  );
};

/** Warehouses, stores, nodes and in-transit locations, with their parent and whether stock may go negative. */
export const LocationsPage = () => {
  const t = useT();
  const list = useListSearch({ search: '', type: '' as LocationType | '' });
  const [editing, setEditing] = useState<Location | 'new'>();
  const [deleting, setDeleting] = useState<Location>();
  const limit = 20;
  const all = useLocations();
  const codeOf = new Map((all.data ?? []).map((l) => [l.id, l.code]));
  const rows = useListQuery(list, {
    key: keys.locations.list,
    limit,
    fetch: (query) => unwrap(api.GET('/api/v1/locations', { params: { query } })),
  });
  const remove = useApiMutation({
    request: (l: Location) =>
      unwrap(api.DELETE('/api/v1/locations/{id}', { params: { path: { id: l.id } } })),
    invalidates: [keys.locations.all],
    success: t('locations.deleted'),
  });
  const writable = can('location:write');
  return (
    <ListPage
      testId="locations-page"
      title={t('nav.locations')}
      subtitle={t('locations.subtitle')}
      create={writable && { label: t('locations.new'), onClick: () => setEditing('new') }}
      toolbar={
        <>
          <SearchFilter list={list} filter="search" placeholder={t('locations.search')} />
          <select
            aria-label={t('locations.type')}
            value={list.filters.type}
            onChange={(e) => list.setFilter('type', e.target.value as LocationType | '')}
            className={inputClass}
          >
            <option value="">{t('locations.all_types')}</option>
            {LOCATION_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`location_type.${x}`)}
              </option>
            ))}
          </select>
        </>
      }
    >
      <DataTable
        actions={writable && { onEdit: setEditing, onDelete: setDeleting }}
        {...rows.table}
        rowKey={(l) => l.id}
        rowProps={(l) => ({ 'data-testid': `location-row-${l.code}` })}
        columns={[
          {
            key: 'code',
            header: t('locations.code'),
            cell: (l) => <span className="font-mono text-xs">{l.code}</span>,
          },
          { key: 'name', header: t('locations.name'), cell: (l) => l.name },
          { key: 'type', header: t('locations.type'), cell: (l) => t(`location_type.${l.type}`) },
          {
            key: 'parent',
            header: t('locations.parent'),
            cell: (l) => (l.parent_id ? (codeOf.get(l.parent_id) ?? '…') : '—'),
          },
          { key: 'city', header: t('locations.city'), cell: (l) => l.address.city || '—' },
          {
            key: 'lead_time',
            header: t('locations.lead_time_days'),
            align: 'right',
            cell: (l) => l.lead_time_days ?? '—',
          },
          {
            key: 'flags',
            header: t('common.status'),
            cell: (l) => (
              <span className="flex gap-1">
                {l.active ? (
                  <Badge tone="green">{t('locations.active')}</Badge>
                ) : (
                  <Badge tone="grey">{t('locations.inactive')}</Badge>
                )}
                {l.allow_negative && <Badge tone="amber">{t('locations.negative_ok')}</Badge>}
              </span>
            ),
          },
        ]}
      />
      {editing !== undefined && (
        <LocationDialog
          location={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
        />
      )}
      <DeleteDialog
        row={deleting}
        title={t('locations.delete_title')}
        body={(row) => t('locations.delete_body', { code: row?.code ?? '' })}
        onClose={() => setDeleting(undefined)}
        remove={remove.send}
      />
    </ListPage>
  );
};
