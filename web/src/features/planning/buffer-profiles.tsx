import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { type BufferProfile, useBufferProfiles } from '../../api/queries.ts';
import { DataTable } from '../../components/data-table.tsx';
import { SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { decimal, requiredText } from '../../components/form-values.ts';
import { Badge } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

const ITEM_TYPES = ['purchased', 'manufactured', 'distributed'] as const;
const LEAD_CLASSES = ['short', 'medium', 'long'] as const;
const VAR_CLASSES = ['low', 'medium', 'high'] as const;
const METHODS = ['replenish', 'min_max', 'override'] as const;
const classLabel = (c: string) => `profiles.class_${c}` as MessageKey;

const ProfileForm = z.object({
  name: requiredText,
  item_type: z.enum(ITEM_TYPES),
  lead_time_class: z.enum(LEAD_CLASSES),
  variability_class: z.enum(VAR_CLASSES),
  replenish_method: z.enum(METHODS),
  lead_time_factor: decimal.transform(Number),
  variability_factor: decimal.transform(Number),
});

/** A tenant's own buffer profile, next to the standard matrix. */
export const ProfileDialog = ({ onClose }: { onClose: () => void }) => {
  const t = useT();
  const form = useZodForm(ProfileForm, async (v) => {
    await create.run(v);
  });
  const create = useApiMutation({
    request: (body: z.infer<typeof ProfileForm>) => unwrap(api.POST('/api/v1/buffer-profiles', { body })),
    invalidates: [keys.bufferProfiles.all],
    success: (p) => t('profiles.created', { name: p.name }),
    onSuccess: onClose,
    form,
  });
  const options = (values: readonly string[], label: (v: string) => MessageKey) =>
    values.map((v) => ({ value: v, label: t(label(v)) }));
  return (
    <FormDialog
      title={t('profiles.new')}
      onClose={onClose}
      testId="profile-dialog"
      onSubmit={form.onSubmit}
      submit={{ label: t('common.save'), testId: 'dialog-submit', busy: create.busy }}
      alert={<ProblemAlert error={create.error} />}
    >
      <TextField label={t('profiles.name')} name="name" error={form.errors.name} data-testid="profile-name" />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <SelectField
          label={t('profiles.item_type')}
          name="item_type"
          error={form.errors.item_type}
          options={options(ITEM_TYPES, (v) => `profiles.type_${v}` as MessageKey)}
        />
        <SelectField
          label={t('profiles.replenish_method')}
          name="replenish_method"
          error={form.errors.replenish_method}
          options={options(METHODS, (v) => `profiles.method_${v}` as MessageKey)}
        />
        <SelectField
          label={t('profiles.lead_time_class')}
          name="lead_time_class"
          error={form.errors.lead_time_class}
          options={options(LEAD_CLASSES, classLabel)}
        />
        <SelectField
          label={t('profiles.variability_class')}
          name="variability_class"
          error={form.errors.variability_class}
          options={options(VAR_CLASSES, classLabel)}
        />
        <TextField
          label={t('profiles.lead_time_factor')}
          name="lead_time_factor"
          inputMode="decimal"
          placeholder="0,5"
          error={form.errors.lead_time_factor}
          data-testid="profile-lead-factor"
        />
        <TextField
          label={t('profiles.variability_factor')}
          name="variability_factor"
          inputMode="decimal"
          placeholder="0,5"
          error={form.errors.variability_factor}
          data-testid="profile-variability-factor"
        />
      </div>
    </FormDialog>
  );
};

/** The standard profiles and the tenant's own, with their classes and factors. */
export const ProfilesTable = () => {
  const t = useT();
  const f = useFormat();
  const profiles = useBufferProfiles();
  return (
    <DataTable<BufferProfile>
      rows={profiles.data}
      rowKey={(p) => p.id}
      rowProps={() => ({ 'data-testid': 'profile-row' })}
      loading={profiles.isLoading}
      error={profiles.error}
      onRetry={() => void profiles.refetch()}
      columns={[
        { key: 'name', header: t('profiles.name'), cell: (p) => p.name },
        {
          key: 'type',
          header: t('profiles.item_type'),
          cell: (p) => t(`profiles.type_${p.item_type}` as MessageKey),
        },
        {
          key: 'lead',
          header: t('profiles.lead_time_class'),
          cell: (p) => t(classLabel(p.lead_time_class)),
        },
        {
          key: 'var',
          header: t('profiles.variability_class'),
          cell: (p) => t(classLabel(p.variability_class)),
        },
        {
          key: 'method',
          header: t('profiles.replenish_method'),
          cell: (p) => t(`profiles.method_${p.replenish_method}` as MessageKey),
        },
        {
          key: 'ltf',
          header: t('profiles.lead_time_factor'),
          align: 'right',
          cell: (p) => f.qty(p.lead_time_factor),
        },
        {
          key: 'vf',
          header: t('profiles.variability_factor'),
          align: 'right',
          cell: (p) => f.qty(p.variability_factor),
        },
        {
          key: 'std',
          header: '',
          cell: (p) =>
            p.is_standard ? (
              <Badge tone="grey">{t('profiles.standard')}</Badge>
            ) : (
              <Badge tone="blue">{t('profiles.custom')}</Badge>
            ),
        },
      ]}
    />
  );
};
