import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { Dialog } from '../../components/dialog.tsx';
import { CheckboxField, TextAreaField, TextField, useZodForm } from '../../components/fields.tsx';
import { checkbox, requiredText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { primaryButton, secondaryButton } from '../../components/page.tsx';
import { useToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { checkLines, type DraftLine, type FieldErrors, LinesEditor } from './order-lines.tsx';
import { OrderProblem } from './order-parts.tsx';

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
  const toast = useToast();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const formId = useId();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [lineErrors, setLineErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const form = useZodForm(Form, async (v) => {
    const checked = checkLines(lines);
    setLineErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const saved = await unwrap(
        api.POST('/api/v1/transfer-orders', {
          body: {
            from_store_id: v.from_store_id,
            to_store_id: v.to_store_id,
            lines: checked.lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity })),
            ...(v.due_date ? { due_date: v.due_date } : {}),
            ...(v.notes ? { notes: v.notes } : {}),
            submit: v.submit,
          },
          headers: { 'Idempotency-Key': key },
        }),
      );
      toast.show(t('supply.created', { number: saved.number }), 'success');
      await qc.invalidateQueries({ queryKey: ['orders'] });
      onClose();
      await navigate({ to: '/orders/$id', params: { id: saved.id } });
    } catch (err) {
      if (err instanceof ApiError) {
        form.setServerErrors(err.problem.errors);
        setLineErrors(Object.fromEntries((err.problem.errors ?? []).map((x) => [x.field, x.message])));
        setKey(crypto.randomUUID());
      }
      setFailure(err);
    } finally {
      setBusy(false);
    }
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    setLineErrors(checkLines(lines).errors);
    return form.onSubmit(e);
  };
  return (
    <Dialog
      open
      wide
      title={t('supply.transfer.new')}
      onClose={onClose}
      testId="transfer-order-dialog"
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
            data-testid="transfer-order-save"
          >
            {t('supply.form.create')}
          </button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
        <OrderProblem error={failure} />
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
      </form>
    </Dialog>
  );
};
