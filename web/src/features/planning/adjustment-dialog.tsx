import { useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { useCategories } from '../../api/queries.ts';
import type { paths } from '../../api/schema';
import { can } from '../../api/session.ts';
import { SelectField, TextAreaField, TextField, useZodForm } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { optionalText, positiveDecimal } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';

export type Adjustment =
  paths['/api/v1/planned-adjustments/{id}']['get']['responses'][200]['content']['application/json'];
type Scope = 'buffer' | 'group';
type AdjustmentBody =
  paths['/api/v1/planned-adjustments']['post']['requestBody']['content']['application/json'];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.required' });
const factor = positiveDecimal.transform(Number);
const AdjustmentForm = z
  .object({
    // Absent while the location list loads, and the category field only shows for a group.
    store_id: z.string().trim().default(''),
    product_category: z.string().trim().default(''),
    start_date: day,
    end_date: day,
    demand_factor: factor,
    lead_time_factor: factor,
    red: factor,
    yellow: factor,
    green: factor,
    note: optionalText,
  })
  .refine((v) => v.end_date >= v.start_date, { path: ['end_date'], message: 'adjustments.end_before_start' });

const FACTORS = [
  ['demand_factor', 'adjustments.demand_factor', 'adjustments.demand_hint'],
  ['lead_time_factor', 'adjustments.lead_time_factor', 'adjustments.lead_time_hint'],
] as const;
const ZONES = ['red', 'yellow', 'green'] as const;

/** Creates or replaces a planned adjustment: one buffer (product × location) or a category and/or location. */
export const AdjustmentDialog = ({
  adjustment,
  onClose,
}: {
  adjustment?: Adjustment;
  onClose: () => void;
}) => {
  const t = useT();
  const categories = useCategories();
  const a = adjustment;
  const [scope, setScope] = useState<Scope>(a && !a.buffer_id ? 'group' : 'buffer');
  const [product, setProduct] = useState<PickedProduct | undefined>(
    a?.product_id ? { id: a.product_id, sku: a.sku ?? '', name: a.product_name ?? '' } : undefined,
  );
  const [scopeError, setScopeError] = useState<{ field: string; message: string }>();

  /** The buffer of the picked product at the picked location, or a message on the field at fault. */
  const findBuffer = async (store: string) => {
    if (!product) return { field: 'buffer_id', message: t('adjustments.pick_product') };
    if (!store) return { field: 'store_id', message: t('validation.required') };
    const found = await unwrap(
      api.GET('/api/v1/buffers', {
        params: { query: { product_id: product.id, location: store, limit: 1 } },
      }),
    );
    return found.data[0]?.id ?? { field: 'buffer_id', message: t('adjustments.no_buffer') };
  };

  const form = useZodForm(AdjustmentForm, async (v) => {
    setScopeError(undefined);
    let target: Record<string, string>;
    if (scope === 'buffer') {
      const found = await findBuffer(v.store_id);
      if (typeof found !== 'string') return setScopeError(found);
      target = { buffer_id: found };
    } else {
      if (!v.product_category && !v.store_id)
        return setScopeError({ field: 'product_category', message: t('adjustments.pick_scope') });
      target = {
        ...(v.product_category ? { product_category: v.product_category } : {}),
        ...(v.store_id ? { store_id: v.store_id } : {}),
      };
    }
    await save.run({
      ...target,
      start_date: v.start_date,
      end_date: v.end_date,
      demand_factor: v.demand_factor,
      lead_time_factor: v.lead_time_factor,
      zone_factors: { red: v.red, yellow: v.yellow, green: v.green },
      note: v.note,
    });
  });
  const save = useApiMutation({
    request: (body: AdjustmentBody) =>
      a
        ? unwrap(api.PUT('/api/v1/planned-adjustments/{id}', { params: { path: { id: a.id } }, body }))
        : unwrap(api.POST('/api/v1/planned-adjustments', { body })),
    // Buffers of the scope recompute on the server; their lists refresh with the live stream too.
    invalidates: [keys.adjustments.all, keys.buffers.all],
    success: t('adjustments.saved'),
    onSuccess: onClose,
    form,
  });
  const e = { ...form.errors, ...(scopeError ? { [scopeError.field]: scopeError.message } : {}) };
  const categoryOptions = [
    ...new Set([...(categories.data ?? []), ...(a?.product_category ? [a.product_category] : [])]),
  ];
  const radio = (value: Scope, label: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="radio"
        name="scope"
        value={value}
        checked={scope === value}
        data-testid={`adjustment-scope-${value}`}
        onChange={() => {
          setScope(value);
          setScopeError(undefined);
        }}
      />
      {label}
    </label>
  );
  return (
    <FormDialog
      wide
      title={a ? t('adjustments.edit') : t('adjustments.new')}
      onClose={onClose}
      testId="adjustment-dialog"
      onSubmit={form.onSubmit}
      submit={{ label: t('common.save'), testId: 'dialog-submit', busy: save.busy }}
      alert={<ProblemAlert error={save.error} />}
    >
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('adjustments.scope')}</legend>
        {radio('buffer', t('adjustments.scope_buffer'))}
        {radio('group', t('adjustments.scope_group'))}
      </fieldset>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {scope === 'buffer' ? (
          <ProductPicker
            label={t('buffer.product')}
            value={product}
            testId="adjustment-product"
            error={e.buffer_id}
            onChange={(p) => {
              setProduct(p);
              setScopeError(undefined);
            }}
          />
        ) : can('product:read') ? (
          <SelectField
            label={t('adjustments.category')}
            name="product_category"
            defaultValue={a?.product_category ?? ''}
            error={e.product_category}
            data-testid="adjustment-category"
            options={[
              { value: '', label: t('adjustments.any_category') },
              ...categoryOptions.map((c) => ({ value: c, label: c })),
            ]}
          />
        ) : (
          <TextField
            label={t('adjustments.category')}
            name="product_category"
            defaultValue={a?.product_category ?? ''}
            error={e.product_category}
            data-testid="adjustment-category"
          />
        )}
        <LocationSelect
          label={t('buffer.location')}
          name="store_id"
          testId="adjustment-location"
          emptyLabel={scope === 'buffer' ? '' : t('adjustments.any_location')}
          defaultValue={a?.location_code ?? ''}
          error={e.store_id}
        />
        <TextField
          label={t('adjustments.start_date')}
          name="start_date"
          type="date"
          defaultValue={a?.start_date ?? new Date().toISOString().slice(0, 10)}
          error={e.start_date}
          data-testid="adjustment-start"
        />
        <TextField
          label={t('adjustments.end_date')}
          name="end_date"
          type="date"
          defaultValue={a?.end_date ?? ''}
          error={e.end_date}
          data-testid="adjustment-end"
        />
        {FACTORS.map(([name, label, hint]) => (
          <TextField
            key={name}
            label={t(label)}
            hint={t(hint)}
            name={name}
            inputMode="decimal"
            defaultValue={String(a?.[name] ?? 1)}
            error={e[name]}
            data-testid={`adjustment-${name}`}
          />
        ))}
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {ZONES.map((z) => (
          <TextField
            key={z}
            label={t(`adjustments.${z}_factor`)}
            name={z}
            inputMode="decimal"
            defaultValue={String(a?.zone_factors[z] ?? 1)}
            error={e[z] ?? e[`zone_factors.${z}`]}
            data-testid={`adjustment-${z}`}
          />
        ))}
      </div>
      <TextAreaField label={t('adjustments.note')} name="note" defaultValue={a?.note ?? ''} error={e.note} />
    </FormDialog>
  );
};
