import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
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
import { checkbox, optionalText, requiredText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { checkLines, type DraftLine, type FieldErrors, LinesEditor } from './order-lines.tsx';
import {
  fromMinorUnits,
  OrderProblem,
  type SupplyOrder,
  toMinorUnits,
  useOrderSettings,
  useSuppliers,
} from './order-parts.tsx';

const Form = z.object({
  supplier_id: requiredText,
  store_id: requiredText,
  due_date: z.string().trim(),
  notes: optionalText,
  submit: checkbox,
});

type OrderBody = Omit<
  NonNullable<paths['/api/v1/orders']['post']['requestBody']>['content']['application/json'],
  'submit'
>;

const fieldErrors = (list: { field: string; message: string }[] = []): FieldErrors =>
  Object.fromEntries(list.map((x) => [x.field, x.message]));

/**
 * A new purchase order, or the edit of a draft (`order`): supplier, receiving location, lines
 * with optional prices (the supplier item's price otherwise), due date (the supplier's lead time
 * otherwise). "Submit now" sends it on at once; above the approval threshold it waits for approval.
 */
export const PurchaseOrderDialog = ({ order, onClose }: { order?: SupplyOrder; onClose: () => void }) => {
  const t = useT();
  const navigate = useNavigate();
  const settings = useOrderSettings();
  const suppliers = useSuppliers();
  const currency = order?.currency ?? settings.data?.currency ?? 'MXN';
  const [lines, setLines] = useState<DraftLine[]>(
    (order?.lines ?? []).map((l) => ({
      product: { id: l.product_id, sku: l.sku, name: l.product_name },
      quantity: l.quantity,
      price: fromMinorUnits(l.unit_price_minor, order?.currency ?? currency),
    })),
  );
  const [lineErrors, setLineErrors] = useState<FieldErrors>({});
  const price = (text: string) => toMinorUnits(text, currency);

  const form = useZodForm(Form, async (v) => {
    const checked = checkLines(lines, price);
    setLineErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) return;
    await save.run({
      body: {
        supplier_id: v.supplier_id,
        store_id: v.store_id,
        lines: checked.lines,
        ...(v.due_date ? { due_date: v.due_date } : {}),
        notes: v.notes,
      },
      submit: v.submit,
    });
  });
  const save = useApiMutation({
    request: ({ body, submit }: { body: OrderBody; submit: boolean }, idempotencyKey) =>
      order
        ? unwrap(api.PUT('/api/v1/orders/{id}', { params: { path: { id: order.id } }, body }))
        : unwrap(
            api.POST('/api/v1/orders', {
              body: { ...body, submit },
              headers: { 'Idempotency-Key': idempotencyKey },
            }),
          ),
    invalidates: (saved) => [keys.orders.all, keys.order.one(saved.id), keys.approvals.all],
    success: (saved) => t(order ? 'supply.saved' : 'supply.created', { number: saved.number }),
    onSuccess: async (saved) => {
      onClose();
      if (!order) await navigate({ to: '/orders/$id', params: { id: saved.id } });
    },
    form,
    onFieldErrors: (errors) => setLineErrors(fieldErrors(errors)),
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    setLineErrors(checkLines(lines, price).errors);
    return form.onSubmit(e);
  };

  return (
    <FormDialog
      wide
      title={order ? t('supply.purchase.edit_title', { number: order.number }) : t('supply.purchase.new')}
      onClose={onClose}
      testId="purchase-dialog"
      onSubmit={onSubmit}
      submit={{
        label: order ? t('common.save') : t('supply.form.create'),
        testId: 'purchase-save',
        busy: save.busy,
      }}
      alert={<OrderProblem error={save.error} />}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {can('supplier:read') ? (
          <SelectField
            key={suppliers.data ? 'ready' : 'loading'}
            label={t('supply.supplier')}
            name="supplier_id"
            data-testid="purchase-supplier"
            defaultValue={order?.supplier_id ?? ''}
            error={form.errors.supplier_id}
            options={[
              { value: '', label: suppliers.data ? t('supply.form.pick_supplier') : t('state.loading') },
              ...(suppliers.data ?? [])
                .filter((s) => s.active || s.id === order?.supplier_id)
                .map((s) => ({ value: s.id, label: s.name })),
            ]}
          />
        ) : (
          <TextField
            label={t('supply.supplier_id')}
            name="supplier_id"
            defaultValue={order?.supplier_id ?? ''}
            error={form.errors.supplier_id}
          />
        )}
        <LocationSelect
          label={t('supply.receiving_location')}
          name="store_id"
          testId="purchase-store"
          types={['warehouse', 'store', 'node']}
          emptyLabel={t('supply.form.pick_location')}
          defaultValue={order?.store_id ?? ''}
          error={form.errors.store_id}
        />
        <TextField
          label={t('supply.due_date')}
          name="due_date"
          type="date"
          data-testid="purchase-due"
          defaultValue={order?.due_date ?? ''}
          hint={order ? undefined : t('supply.form.due_hint')}
          error={form.errors.due_date}
        />
      </div>
      <LinesEditor
        lines={lines}
        onChange={(next) => {
          setLines(next);
          setLineErrors({});
        }}
        errors={lineErrors}
        priceLabel={t('supply.line.unit_price_in', { currency })}
      />
      <TextAreaField
        label={t('supply.notes')}
        name="notes"
        defaultValue={order?.notes ?? ''}
        error={form.errors.notes}
      />
      {!order && (
        <CheckboxField label={t('supply.form.submit_now')} name="submit" data-testid="purchase-submit-now" />
      )}
    </FormDialog>
  );
};
