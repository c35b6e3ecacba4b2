import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { useProductLookup } from '../../api/queries.ts';
import type { paths } from '../../api/schema';
import { can } from '../../api/session.ts';
import {
  CheckboxField,
  SelectField,
  TextAreaField,
  TextField,
  useZodForm,
} from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { checkbox, positiveDecimal, requiredText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { OrderProblem, useOrderCreated } from './order-parts.tsx';

type ProductionBody = NonNullable<
  paths['/api/v1/production-orders']['post']['requestBody']
>['content']['application/json'];

const Form = z.object({
  product_id: requiredText,
  store_id: requiredText,
  quantity: positiveDecimal,
  start_date: z.string().trim(),
  due_date: z.string().trim(),
  notes: z.string().trim(),
  submit: checkbox,
});

/** The products that have a bill of materials: only those can be made. */
const useMadeProducts = () => {
  const boms = useQuery({
    queryKey: keys.boms.every,
    queryFn: () => unwrap(api.GET('/api/v1/boms')),
    enabled: can('product:read'),
    staleTime: 60_000,
  });
  const ids = [...new Set((boms.data?.data ?? []).map((b) => b.product_id))];
  const label = useProductLookup(ids);
  return { loaded: Boolean(boms.data), options: ids.map((id) => ({ value: id, label: label(id) })) };
};

/**
 * A new production order: a product with a bill of materials (its BOM is copied onto the order),
 * where it is made, how many, and when. "Release now" opens it for its shortage check and start.
 */
export const ProductionOrderDialog = ({ onClose }: { onClose: () => void }) => {
  const t = useT();
  const created = useOrderCreated(onClose);
  const made = useMadeProducts();
  const form = useZodForm(Form, async (v) => {
    await create.run({
      product_id: v.product_id,
      store_id: v.store_id,
      quantity: v.quantity,
      ...(v.start_date ? { start_date: v.start_date } : {}),
      ...(v.due_date ? { due_date: v.due_date } : {}),
      ...(v.notes ? { notes: v.notes } : {}),
      submit: v.submit,
    });
  });
  const create = useApiMutation<ProductionBody, { id: string; number: string }>({
    request: (body: ProductionBody, idempotencyKey) =>
      unwrap(api.POST('/api/v1/production-orders', { body, headers: { 'Idempotency-Key': idempotencyKey } })),
    ...created,
    form,
  });
  return (
    <FormDialog
      title={t('supply.production.new')}
      onClose={onClose}
      testId="production-dialog"
      className="flex flex-col gap-3"
      onSubmit={form.onSubmit}
      submit={{ label: t('supply.form.create'), testId: 'production-save', busy: create.busy }}
      alert={<OrderProblem error={create.error} />}
    >
      <SelectField
        key={made.loaded ? 'ready' : 'loading'}
        label={t('supply.production.product')}
        name="product_id"
        data-testid="production-product"
        hint={made.loaded && made.options.length === 0 ? t('supply.production.no_boms') : undefined}
        error={form.errors.product_id}
        options={[
          { value: '', label: made.loaded ? t('supply.form.pick_product') : t('state.loading') },
          ...made.options,
        ]}
      />
      <LocationSelect
        label={t('supply.production.location')}
        name="store_id"
        testId="production-store"
        types={['warehouse', 'store', 'node']}
        emptyLabel={t('supply.form.pick_location')}
        error={form.errors.store_id}
      />
      <TextField
        label={t('supply.line.quantity')}
        name="quantity"
        inputMode="decimal"
        data-testid="production-quantity"
        error={form.errors.quantity}
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField
          label={t('supply.start_date')}
          name="start_date"
          type="date"
          hint={t('supply.form.start_hint')}
          error={form.errors.start_date}
        />
        <TextField
          label={t('supply.due_date')}
          name="due_date"
          type="date"
          hint={t('supply.form.due_hint_production')}
          error={form.errors.due_date}
        />
      </div>
      <TextAreaField label={t('supply.notes')} name="notes" error={form.errors.notes} />
      <CheckboxField label={t('supply.form.release_now')} name="submit" />
    </FormDialog>
  );
};
