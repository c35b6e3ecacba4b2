import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { type Product, useCategories } from '../../api/queries.ts';
import { Dialog, DialogFooter } from '../../components/dialog.tsx';
import { CheckboxField, TextAreaField, TextField, useZodForm } from '../../components/fields.tsx';
import {
  checkbox,
  optionalDecimal,
  optionalInt,
  optionalText,
  positiveDecimal,
  requiredText,
} from '../../components/form-values.ts';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';

const ProductForm = z.object({
  sku: requiredText,
  name: requiredText,
  description: optionalText,
  category: optionalText,
  uom: requiredText,
  uom_step: positiveDecimal,
  price: optionalDecimal,
  cost: optionalDecimal,
  lead_time_days: optionalInt,
  min_order_qty: optionalDecimal,
  order_multiple: optionalDecimal,
  barcode: optionalText,
  buffered: checkbox,
  active: checkbox,
});

/** Creates a product, or changes every field of one; the server's field errors land on the fields. */
export const ProductDialog = ({
  open,
  product,
  onClose,
  onSaved,
}: {
  open: boolean;
  product?: Product;
  onClose: () => void;
  onSaved?: (p: Product) => void;
}) => {
  const t = useT();
  const qc = useQueryClient();
  const formId = useId();
  const categories = useCategories();
  const form = useZodForm(ProductForm, async (body) => {
    await save.run(body);
  });
  const save = useApiMutation({
    request: (body: z.infer<typeof ProductForm>) =>
      product
        ? unwrap(api.PUT('/api/v1/products/{id}', { params: { path: { id: product.id } }, body }))
        : unwrap(api.POST('/api/v1/products', { body })),
    invalidates: [keys.products.all],
    success: t('products.saved'),
    form,
    onSuccess: (saved) => {
      qc.setQueryData(keys.product.one(saved.id), saved);
      onSaved?.(saved);
      close();
    },
  });
  const e = form.errors;
  // The dialog stays mounted while closed: the next opening starts without the last failure.
  const close = () => {
    save.reset();
    form.setServerErrors([]);
    onClose();
  };
  return (
    <Dialog
      open={open}
      wide
      testId="product-dialog"
      title={product ? t('products.edit') : t('products.new')}
      onClose={close}
      footer={
        <DialogFooter
          formId={formId}
          submitLabel={t('common.save')}
          onCancel={close}
          busy={save.busy}
          submitTestId="product-save"
        />
      }
    >
      <form
        id={formId}
        noValidate
        onSubmit={form.onSubmit}
        className="grid grid-cols-1 gap-3 sm:grid-cols-2"
        key={product?.id ?? 'new'}
      >
        {save.error !== undefined && (
          <div className="sm:col-span-2">
            <ProblemAlert error={save.error} />
          </div>
        )}
        <TextField label={t('products.sku')} name="sku" defaultValue={product?.sku} error={e.sku} />
        <TextField
          label={t('products.barcode')}
          name="barcode"
          defaultValue={product?.barcode ?? ''}
          error={e.barcode}
        />
        <div className="sm:col-span-2">
          <TextField label={t('products.name')} name="name" defaultValue={product?.name} error={e.name} />
        </div>
        <div className="sm:col-span-2">
          <TextAreaField
            label={t('products.description')}
            name="description"
            defaultValue={product?.description ?? ''}
            error={e.description}
          />
        </div>
        <TextField
          label={t('products.category')}
          name="category"
          list={`${formId}-categories`}
          defaultValue={product?.category ?? ''}
          error={e.category}
        />
        <datalist id={`${formId}-categories`}>
          {(categories.data ?? []).map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label={t('products.uom')}
            name="uom"
            defaultValue={product?.uom ?? 'unit'}
            error={e.uom}
          />
          <TextField
            label={t('products.uom_step')}
            name="uom_step"
            inputMode="decimal"
            defaultValue={product?.uom_step ?? '1'}
            error={e.uom_step}
          />
        </div>
        <TextField
          label={t('products.price')}
          name="price"
          inputMode="decimal"
          defaultValue={product?.price ?? ''}
          error={e.price}
        />
        <TextField
          label={t('products.cost')}
          name="cost"
          inputMode="decimal"
          defaultValue={product?.cost ?? ''}
          error={e.cost}
        />
        <TextField
          label={t('products.lead_time_days')}
          name="lead_time_days"
          inputMode="numeric"
          defaultValue={product?.lead_time_days ?? ''}
          error={e.lead_time_days}
        />
        <TextField
          label={t('products.min_order_qty')}
          name="min_order_qty"
          inputMode="decimal"
          defaultValue={product?.min_order_qty ?? ''}
          error={e.min_order_qty}
        />
        <TextField
          label={t('products.order_multiple')}
          name="order_multiple"
          inputMode="decimal"
          defaultValue={product?.order_multiple ?? ''}
          error={e.order_multiple}
        />
        <div className="flex flex-col justify-end gap-2 pb-1">
          <CheckboxField
            label={t('products.buffered')}
            name="buffered"
            defaultChecked={product?.buffered ?? false}
            error={e.buffered}
          />
          <CheckboxField
            label={t('products.active')}
            name="active"
            defaultChecked={product?.active ?? true}
            error={e.active}
          />
        </div>
      </form>
    </Dialog>
  );
};
