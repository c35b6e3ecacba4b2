import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { useApiMutation } from '../../api/mutation.ts';
import type { paths } from '../../api/schema';
import { CheckboxField, TextAreaField, TextField, useZodForm } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { checkbox, requiredText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { checkLines, type DraftLine, type FieldErrors, LinesEditor } from './order-lines.tsx';
import { OrderProblem, useOrderCreated } from './order-parts.tsx';

type TransferBody = NonNullable<
  paths['/api/v1/transfer-orders']['post']['requestBody']
>['content']['application/json'];

const Form = z.object({
  from_store_id: requiredText,
  to_store_id: requiredText,
  due_date: z.string().trim(),
  notes: z.string().trim(),
  submit: checkbox,
});

/**
 * A new transfer order between two locations. Shipping it later moves the stock into transit;
 * receiving it puts it at the destination.
 */
export const TransferOrderDialog = ({ onClose }: { onClose: () => void }) => {
  const t = useT();
  const created = useOrderCreated(onClose);
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [lineErrors, setLineErrors] = useState<FieldErrors>({});
  const form = useZodForm(Form, async (v) => {
    const checked = checkLines(lines);
    setLineErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) return;
    await create.run({
      from_store_id: v.from_store_id,
      to_store_id: v.to_store_id,
      lines: checked.lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity })),
      ...(v.due_date ? { due_date: v.due_date } : {}),
      ...(v.notes ? { notes: v.notes } : {}),
      submit: v.submit,
    });
  });
  const create = useApiMutation<TransferBody, { id: string; number: string }>({
    request: (body: TransferBody, idempotencyKey) =>
      unwrap(api.POST('/api/v1/transfer-orders', { body, headers: { 'Idempotency-Key': idempotencyKey } })),
    ...created,
    form,
    onFieldErrors: (errors) => setLineErrors(Object.fromEntries(errors.map((x) => [x.field, x.message]))),
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    setLineErrors(checkLines(lines).errors);
    return form.onSubmit(e);
  };
  return (
    <FormDialog
      wide
      title={t('supply.transfer.new')}
      onClose={onClose}
      testId="transfer-order-dialog"
      onSubmit={onSubmit}
      submit={{ label: t('supply.form.create'), testId: 'transfer-order-save', busy: create.busy }}
      alert={<OrderProblem error={create.error} />}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <LocationSelect
          label={t('supply.transfer.from')}
          name="from_store_id"
          testId="transfer-order-from"
          types={['warehouse', 'store', 'node']}
          emptyLabel={t('supply.form.pick_location')}
          error={form.errors.from_store_id}
        />
        <LocationSelect
          label={t('supply.transfer.to')}
          name="to_store_id"
          testId="transfer-order-to"
          types={['warehouse', 'store', 'node']}
          emptyLabel={t('supply.form.pick_location')}
          error={form.errors.to_store_id}
        />
        <TextField
          label={t('supply.due_date')}
          name="due_date"
          type="date"
          hint={t('supply.form.due_hint_transfer')}
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
      />
      <TextAreaField label={t('supply.notes')} name="notes" error={form.errors.notes} />
      <CheckboxField label={t('supply.form.release_now')} name="submit" />
    </FormDialog>
  );
};
