import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { useZodForm } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { requiredText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { SettingsFields, SettingsForm } from './buffer-parts.tsx';

const NewBufferForm = SettingsForm.extend({ store_id: requiredText });
type NewBuffer = z.infer<typeof NewBufferForm> & { product_id: string };

/** Positions a buffer for a product at a location; the server calculates it at once. */
export const NewBufferDialog = ({ onClose }: { onClose: () => void }) => {
  const t = useT();
  const navigate = useNavigate();
  const [product, setProduct] = useState<PickedProduct>();
  const [missing, setMissing] = useState(false);
  const form = useZodForm(NewBufferForm, async (v) => {
    if (!product) return setMissing(true);
    await create.run({ ...v, product_id: product.id });
  });
  const create = useApiMutation({
    request: (body: NewBuffer) => unwrap(api.POST('/api/v1/buffers', { body })),
    invalidates: [keys.buffers.all],
    success: (b) => t('buffer.created', { sku: b.sku, location: b.location_code }),
    onSuccess: async (b) => {
      onClose();
      await navigate({ to: '/planning/buffers/$id', params: { id: b.id } });
    },
    form,
  });
  return (
    <FormDialog
      wide
      title={t('planning.new_buffer')}
      onClose={onClose}
      testId="buffer-dialog"
      onSubmit={form.onSubmit}
      submit={{ label: t('common.save'), testId: 'dialog-submit', busy: create.busy }}
      alert={<ProblemAlert error={create.error} />}
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <ProductPicker
          label={t('buffer.product')}
          value={product}
          testId="buffer-product"
          error={missing && !product ? t('buffer.pick_product') : form.errors.product_id}
          onChange={(p) => {
            setProduct(p);
            setMissing(false);
          }}
        />
        <LocationSelect
          label={t('buffer.location')}
          name="store_id"
          testId="buffer-location"
          emptyLabel=""
          error={form.errors.store_id}
        />
      </div>
      <SettingsFields errors={form.errors} allowDefaultProfile />
    </FormDialog>
  );
};
