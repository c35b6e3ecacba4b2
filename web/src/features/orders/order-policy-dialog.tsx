import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import type { Json } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { Dialog } from '../../components/dialog.tsx';
import { CheckboxField, SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import { checkbox, decimal, positiveDecimal, requiredText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { primaryButton, secondaryButton } from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { useToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { OrderProblem, useFieldMessage, useSuppliers } from './order-parts.tsx';

export type Policy = Json<'/api/v1/reorder-policies', 'get'>['data'][number];

const Form = z.object({
  store_id: requiredText,
  reorder_point: decimal,
  reorder_quantity: positiveDecimal,
  supplier_id: z.string(),
  active: checkbox,
});

/** The policy's product as the picker shows it (one cached request, shared with the lists). */
const usePicked = (id: string | undefined): PickedProduct | undefined => {
  const q = useQuery({
    queryKey: ['product', id],
    queryFn: () => unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id) && can('product:read'),
    staleTime: 60_000,
  });
  if (!id) return undefined;
  return q.data ? { id, sku: q.data.sku, name: q.data.name } : { id, sku: id.slice(0, 8), name: '' };
};

/**
 * A reorder point for a product DDMRP does not buffer: when available stock at the location falls
 * to the point, auto-reorder (order settings) drafts a purchase of the reorder quantity.
 */
export const PolicyDialog = ({ policy, onClose }: { policy?: Policy; onClose: () => void }) => {
  const t = useT();
  const toast = useToast();
  const qc = useQueryClient();
  const message = useFieldMessage();
  const formId = useId();
  const suppliers = useSuppliers();
  const initial = usePicked(policy?.product_id);
  // Until the user changes it, an edited policy shows its own product.
  const [chosen, setChosen] = useState<{ product: PickedProduct | undefined }>();
  const product = chosen ? chosen.product : initial;
  const [productError, setProductError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const form = useZodForm(Form, async (v) => {
    if (!product) {
      setProductError('validation.required');
      return;
    }
    const body = {
      product_id: product.id,
      store_id: v.store_id,
      reorder_point: v.reorder_point,
      reorder_quantity: v.reorder_quantity,
      supplier_id: v.supplier_id || null,
      active: v.active,
    };
    setBusy(true);
    setFailure(undefined);
    try {
      if (policy)
        await unwrap(api.PUT('/api/v1/reorder-policies/{id}', { params: { path: { id: policy.id } }, body }));
      else await unwrap(api.POST('/api/v1/reorder-policies', { body }));
      toast.show(t('supply.policies.saved'), 'success');
      await qc.invalidateQueries({ queryKey: ['reorder-policies'] });
      onClose();
    } catch (err) {
      if (err instanceof ApiError) {
        form.setServerErrors(err.problem.errors);
        const onProduct = err.problem.errors?.find((e) => e.field === 'product_id')?.message;
        setProductError(
          err.problem.code === 'orders.product_buffered' ? 'supply.policies.buffered' : onProduct,
        );
      }
      setFailure(err);
    } finally {
      setBusy(false);
    }
  });
  return (
    <Dialog
      open
      title={policy ? t('supply.policies.edit') : t('supply.policies.new')}
      onClose={onClose}
      testId="policy-dialog"
      footer={
        <>
          <button type="button" className={secondaryButton} onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            form={formId}
            disabled={busy}
            className={primaryButton}
            data-testid="policy-save"
          >
            {t('common.save')}
          </button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="flex flex-col gap-3">
        <OrderProblem error={failure} />
        <ProductPicker
          label={t('common.product')}
          testId="policy-product"
          value={product}
          onChange={(p) => {
            setChosen({ product: p });
            setProductError(undefined);
          }}
          error={message(productError)}
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
      </form>
    </Dialog>
  );
};
