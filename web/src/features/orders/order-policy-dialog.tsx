import { useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { type Json, usePickedProduct } from '../../api/queries.ts';
import { CheckboxField, SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { checkbox, decimal, positiveDecimal, requiredText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { OrderProblem, useFieldMessage, useSuppliers } from './order-parts.tsx';

export type Policy = Json<'/api/v1/reorder-policies', 'get'>['data'][number];
type PolicyBody = Pick<
  Policy,
  'product_id' | 'store_id' | 'reorder_point' | 'reorder_quantity' | 'supplier_id' | 'active'
>;

const Form = z.object({
  store_id: requiredText,
  reorder_point: decimal,
  reorder_quantity: positiveDecimal,
  supplier_id: z.string(),
  active: checkbox,
});

/**
 * A reorder point for a product DDMRP does not buffer: when available stock at the location falls
 * to the point, auto-reorder (order settings) drafts a purchase of the reorder quantity.
 */
export const PolicyDialog = ({ policy, onClose }: { policy?: Policy; onClose: () => void }) => {
  const t = useT();
  const message = useFieldMessage();
  const suppliers = useSuppliers();
  const initial = usePickedProduct(policy?.product_id);
  // Until the user changes it, an edited policy shows its own product.
  const [chosen, setChosen] = useState<{ product: PickedProduct | undefined }>();
  const product = chosen ? chosen.product : initial;
  const [productError, setProductError] = useState<string>();
  const form = useZodForm(Form, async (v) => {
    if (!product) return setProductError('validation.required');
    await save.run({
      product_id: product.id,
      store_id: v.store_id,
      reorder_point: v.reorder_point,
      reorder_quantity: v.reorder_quantity,
      supplier_id: v.supplier_id || null,
      active: v.active,
    });
  });
  const save = useApiMutation({
    request: (body: PolicyBody) =>
      policy
        ? unwrap(api.PUT('/api/v1/reorder-policies/{id}', { params: { path: { id: policy.id } }, body }))
        : unwrap(api.POST('/api/v1/reorder-policies', { body })),
    invalidates: [keys.reorderPolicies.all],
    success: t('supply.policies.saved'),
    onSuccess: onClose,
    form,
    // The product is a picker, not a form field: its refusal lands on it here.
    onFieldErrors: (errors) => setProductError(errors.find((e) => e.field === 'product_id')?.message),
  });
  const problem = save.error instanceof ApiError ? save.error.problem : undefined;
  const productMessage =
    problem?.code === 'orders.product_buffered' ? 'supply.policies.buffered' : productError;
  return (
    <FormDialog
      title={policy ? t('supply.policies.edit') : t('supply.policies.new')}
      onClose={onClose}
      testId="policy-dialog"
      className="flex flex-col gap-3"
      onSubmit={form.onSubmit}
      submit={{ label: t('common.save'), testId: 'policy-save', busy: save.busy }}
      alert={<OrderProblem error={save.error} />}
    >
      <ProductPicker
        label={t('common.product')}
        testId="policy-product"
        value={product}
        onChange={(p) => {
          setChosen({ product: p });
          setProductError(undefined);
          // Another product answers "that one is buffered".
          if (problem?.code === 'orders.product_buffered') save.reset();
        }}
        error={message(productMessage)}
      />
      <LocationSelect
        label={t('supply.store')}
        name="store_id"
        testId="policy-store"
        types={['warehouse', 'store', 'node']}
        emptyLabel={t('supply.form.pick_location')}
        defaultValue={policy?.store_id ?? ''}
        error={form.errors.store_id}
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField
          label={t('supply.policies.point')}
          name="reorder_point"
          inputMode="decimal"
          data-testid="policy-point"
          defaultValue={policy?.reorder_point ?? ''}
          hint={t('supply.policies.point_hint')}
          error={form.errors.reorder_point}
        />
        <TextField
          label={t('supply.policies.quantity')}
          name="reorder_quantity"
          inputMode="decimal"
          data-testid="policy-quantity"
          defaultValue={policy?.reorder_quantity ?? ''}
          error={form.errors.reorder_quantity}
        />
      </div>
      <SelectField
        key={suppliers.data ? 'ready' : 'loading'}
        label={t('supply.supplier')}
        name="supplier_id"
        defaultValue={policy?.supplier_id ?? ''}
        error={form.errors.supplier_id}
        options={[
          { value: '', label: t('supply.policies.preferred_supplier') },
          ...(suppliers.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        ]}
      />
      <CheckboxField
        label={t('supply.policies.active')}
        name="active"
        defaultChecked={policy?.active ?? true}
      />
    </FormDialog>
  );
};
