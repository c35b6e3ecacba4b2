import { useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import type { paths } from '../../api/schema';
import { can } from '../../api/session.ts';
import { CheckboxField, TextField, useZodForm } from '../../components/fields.tsx';
import { checkbox, decimal, requiredInt } from '../../components/form-values.ts';
import { Card, PageHeader, primaryButton } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import {
  BackToOrders,
  fromMinorUnits,
  OrderProblem,
  toMinorUnits,
  useOrderSettings,
} from './order-parts.tsx';

type SettingsBody = NonNullable<
  paths['/api/v1/order-settings']['put']['requestBody']
>['content']['application/json'];

const Form = z.object({
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, { message: 'validation.currency' })
    .transform((v) => v.toUpperCase()),
  approval_threshold_minor: z.string().trim().min(1, { message: 'validation.required' }),
  receipt_tolerance_pct: decimal.refine((v) => Number(v) <= 100 && /^\d+(\.\d{1,2})?$/.test(v), {
    message: 'supply.settings.pct_range',
  }),
  checkout_hold_minutes: requiredInt.refine((v) => v >= 1 && v <= 1440, {
    message: 'supply.settings.hold_range',
  }),
  payment_timeout_minutes: requiredInt.refine((v) => v >= 1 && v <= 10_080, {
    message: 'supply.settings.timeout_range',
  }),
  auto_reorder: checkbox,
});

/**
 * The tenant's order rules: currency, the purchase total above which orders wait for approval,
 * how far a receipt may run past the ordered quantity, the storefront's hold and payment
 * timeouts, and auto-reorder. Everyone with `order:read` sees them; approvers change them.
 */
export const OrderSettingsPage = () => {
  const t = useT();
  const qc = useQueryClient();
  const settings = useOrderSettings();
  const editable = can('order:approve');
  const form = useZodForm(Form, async (v): Promise<void> => {
    const threshold = toMinorUnits(v.approval_threshold_minor, v.currency);
    if (threshold === undefined)
      return form.setServerErrors([{ field: 'approval_threshold_minor', message: 'supply.form.bad_price' }]);
    await save.run({
      ...v,
      approval_threshold_minor: threshold,
      receipt_tolerance_pct: Number(v.receipt_tolerance_pct),
    });
  });
  const save = useApiMutation({
    request: (body: SettingsBody) => unwrap(api.PUT('/api/v1/order-settings', { body })),
    // The answer is the saved settings: every order screen reads them from the cache.
    onSuccess: (saved) => void qc.setQueryData(keys.orderSettings.all, saved),
    success: t('supply.settings.saved'),
    form,
  });
  const busy = save.busy;
  if (settings.error) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <LoadingState />;
  const s = settings.data;
  return (
    <div className="flex flex-col gap-4" data-testid="order-settings-page">
      <BackToOrders />
      <PageHeader title={t('supply.settings.title')} subtitle={t('supply.settings.subtitle')} />
      {!editable && (
        <p role="status" className="rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700">
          {t('supply.settings.read_only')}
        </p>
      )}
      <Card>
        {/* Keyed by the saved version, so a save (here or elsewhere) refills the fields. */}
        <form
          key={s.updated_at}
          noValidate
          onSubmit={form.onSubmit}
          className="flex flex-col gap-4"
          data-testid="order-settings-form"
        >
          <OrderProblem error={save.error} />
          <fieldset disabled={!editable || busy} className="grid gap-4 sm:grid-cols-2">
            <TextField
              label={t('supply.settings.currency')}
              name="currency"
              defaultValue={s.currency}
              maxLength={3}
              hint={t('supply.settings.currency_hint')}
              error={form.errors.currency}
            />
            <TextField
              label={t('supply.settings.threshold', { currency: s.currency })}
              name="approval_threshold_minor"
              inputMode="decimal"
              data-testid="settings-threshold"
              defaultValue={fromMinorUnits(s.approval_threshold_minor, s.currency)}
              hint={t('supply.settings.threshold_hint')}
              error={form.errors.approval_threshold_minor}
            />
            <TextField
              label={t('supply.settings.tolerance')}
              name="receipt_tolerance_pct"
              inputMode="decimal"
              defaultValue={String(s.receipt_tolerance_pct)}
              hint={t('supply.settings.tolerance_hint')}
              error={form.errors.receipt_tolerance_pct}
            />
            <TextField
              label={t('supply.settings.hold')}
              name="checkout_hold_minutes"
              inputMode="numeric"
              defaultValue={String(s.checkout_hold_minutes)}
              hint={t('supply.settings.hold_hint')}
              error={form.errors.checkout_hold_minutes}
            />
            <TextField
              label={t('supply.settings.timeout')}
              name="payment_timeout_minutes"
              inputMode="numeric"
              defaultValue={String(s.payment_timeout_minutes)}
              hint={t('supply.settings.timeout_hint')}
              error={form.errors.payment_timeout_minutes}
            />
            <div className="flex flex-col justify-center gap-1">
              <CheckboxField
                label={t('supply.settings.auto_reorder')}
                name="auto_reorder"
                defaultChecked={s.auto_reorder}
              />
              <p className="text-xs text-slate-500">{t('supply.settings.auto_reorder_hint')}</p>
            </div>
          </fieldset>
          {editable && (
            <div className="flex justify-end">
              <button type="submit" disabled={busy} className={primaryButton} data-testid="settings-save">
                {t('common.save')}
              </button>
            </div>
          )}
        </form>
      </Card>
    </div>
  );
};
