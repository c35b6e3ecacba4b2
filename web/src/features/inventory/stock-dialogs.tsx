import type { QueryKey } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import type { StockRow } from '../../api/queries.ts';
import { Dialog, DialogFooter } from '../../components/dialog.tsx';
import { SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import {
  optionalDecimal,
  optionalText,
  positiveDecimal,
  requiredText,
} from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

export const MOVEMENT_KINDS = ['receipt', 'shipment', 'scrap', 'return'] as const;
type MovementKind = (typeof MOVEMENT_KINDS)[number];

const pickedOf = (row?: StockRow): PickedProduct | undefined =>
  row ? { id: row.product_id, sku: row.sku, name: row.name } : undefined;

/** What a booking on one product makes stale: refetch it now rather than wait for the live event. */
export const staleStock = (productId: string): QueryKey[] => [
  keys.inventory.all,
  keys.availability.of(productId),
  keys.ledger.of(productId),
  keys.transfers.all,
];

/** The frame of every stock dialog: its form, the server's refusal on top, cancel and submit below. */
const StockDialog = ({
  title,
  testId,
  submitLabel,
  onClose,
  onSubmit,
  mutation,
  children,
}: {
  title: string;
  testId: string;
  submitLabel: string;
  onClose: () => void;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  mutation: { busy: boolean; error: unknown };
  children: ReactNode;
}) => {
  const formId = useId();
  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      testId={testId}
      footer={
        <DialogFooter
          formId={formId}
          submitLabel={submitLabel}
          onCancel={onClose}
          busy={mutation.busy}
          submitTestId="stock-dialog-submit"
        />
      }
    >
      <form id={formId} noValidate onSubmit={onSubmit} className="flex flex-col gap-3">
        <ProblemAlert error={mutation.error} />
        {children}
      </form>
    </Dialog>
  );
};

const MovementForm = z.object({
  kind: z.enum(MOVEMENT_KINDS),
  store_id: requiredText,
  quantity: positiveDecimal,
  reason: requiredText,
});

/** A receipt, shipment, scrap or return at one location; the kind gives the direction. */
export const MovementDialog = ({ row, onClose }: { row?: StockRow; onClose: () => void }) => {
  const t = useT();
  const f = useFormat();
  const [product, setProduct] = useState(pickedOf(row));
  const [missing, setMissing] = useState(false);
  const form = useZodForm(MovementForm, async (v) => {
    if (!product) setMissing(true);
    else await post.run({ ...v, product_id: product.id });
  });
  const post = useApiMutation({
    request: (body: z.infer<typeof MovementForm> & { product_id: string }, key) =>
      unwrap(api.POST('/api/v1/stock/movements', { body, headers: { 'Idempotency-Key': key } })),
    invalidates: (_, body) => staleStock(body.product_id),
    success: (r) => t('stock.moved', { location: r.store_id, available: f.qty(r.available) }),
    form,
    onSuccess: onClose,
  });
  return (
    <StockDialog
      title={t('stock.movement_title')}
      testId="movement-dialog"
      submitLabel={t('stock.post_movement')}
      onClose={onClose}
      onSubmit={form.onSubmit}
      mutation={post}
    >
      <ProductPicker
        label={t('common.product')}
        testId="movement-product"
        value={product}
        onChange={(p) => {
          setProduct(p);
          setMissing(false);
        }}
        error={missing ? t('validation.required') : undefined}
      />
      <SelectField
        label={t('stock.kind')}
        name="kind"
        defaultValue={'receipt' satisfies MovementKind}
        error={form.errors.kind}
        options={MOVEMENT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
      />
      <LocationSelect
        label={t('stock.location')}
        name="store_id"
        defaultValue={row?.location}
        error={form.errors.store_id}
      />
      <TextField
        label={t('stock.quantity')}
        name="quantity"
        inputMode="decimal"
        error={form.errors.quantity}
      />
      <TextField label={t('stock.reason')} name="reason" error={form.errors.reason} />
    </StockDialog>
  );
};

const TransferForm = z.object({
  from_store_id: requiredText,
  to_store_id: requiredText,
  via_store_id: optionalText,
  quantity: positiveDecimal,
  reason: optionalText,
});
type TransferBody = Omit<z.infer<typeof TransferForm>, 'via_store_id' | 'reason'> & {
  product_id: string;
  via_store_id?: string;
  reason?: string;
};

/** Moves stock between two locations, at once or through an in-transit location until received. */
export const TransferDialog = ({ row, onClose }: { row?: StockRow; onClose: () => void }) => {
  const t = useT();
  const [product, setProduct] = useState(pickedOf(row));
  const [missing, setMissing] = useState(false);
  const form = useZodForm(TransferForm, async ({ via_store_id, reason, ...v }) => {
    if (!product) setMissing(true);
    else
      await create.run({
        ...v,
        product_id: product.id,
        ...(via_store_id ? { via_store_id } : {}),
        ...(reason ? { reason } : {}),
      });
  });
  const create = useApiMutation({
    request: (body: TransferBody, key) =>
      unwrap(api.POST('/api/v1/stock/transfers', { body, headers: { 'Idempotency-Key': key } })),
    invalidates: (_, body) => staleStock(body.product_id),
    success: (r) => t(r.status === 'IN_TRANSIT' ? 'transfers.created_in_transit' : 'transfers.created'),
    form,
    onSuccess: onClose,
  });
  return (
    <StockDialog
      title={t('transfers.new')}
      testId="transfer-dialog"
      submitLabel={t('transfers.create')}
      onClose={onClose}
      onSubmit={form.onSubmit}
      mutation={create}
    >
      <ProductPicker
        label={t('common.product')}
        testId="transfer-product"
        value={product}
        onChange={(p) => {
          setProduct(p);
          setMissing(false);
        }}
        error={missing ? t('validation.required') : undefined}
      />
      <div className="grid grid-cols-2 gap-3">
        <LocationSelect
          label={t('transfers.from')}
          name="from_store_id"
          defaultValue={row?.location}
          error={form.errors.from_store_id}
        />
        <LocationSelect label={t('transfers.to')} name="to_store_id" error={form.errors.to_store_id} />
      </div>
      <LocationSelect
        label={t('transfers.via')}
        name="via_store_id"
        types={['in_transit']}
        emptyLabel={t('transfers.direct')}
        error={form.errors.via_store_id}
      />
      <TextField
        label={t('stock.quantity')}
        name="quantity"
        inputMode="decimal"
        error={form.errors.quantity}
      />
      <TextField label={t('stock.reason_optional')} name="reason" error={form.errors.reason} />
    </StockDialog>
  );
};

const LevelsForm = z
  .object({ min_qty: optionalDecimal, max_qty: optionalDecimal })
  .refine((v) => v.min_qty === null || v.max_qty === null || Number(v.min_qty) <= Number(v.max_qty), {
    message: 'validation.min_above_max',
    path: ['max_qty'],
  });

/** The minimum (below it the stock counts as low) and maximum of a product at one location. */
export const LevelsDialog = ({ row, onClose }: { row: StockRow; onClose: () => void }) => {
  const t = useT();
  const form = useZodForm(LevelsForm, async (v) => {
    await save.run(v);
  });
  const save = useApiMutation({
    request: (v: z.infer<typeof LevelsForm>) =>
      unwrap(
        api.PUT('/api/v1/stock/levels', {
          body: { product_id: row.product_id, store_id: row.location, ...v },
        }),
      ),
    invalidates: [keys.inventory.all],
    success: t('stock.levels_saved'),
    form,
    onSuccess: onClose,
  });
  return (
    <StockDialog
      title={t('stock.levels_title', { sku: row.sku, location: row.location })}
      testId="levels-dialog"
      submitLabel={t('common.save')}
      onClose={onClose}
      onSubmit={form.onSubmit}
      mutation={save}
    >
      <p className="text-sm text-slate-500">{t('stock.levels_hint')}</p>
      <div className="grid grid-cols-2 gap-3">
        <TextField
          label={t('stock.min')}
          name="min_qty"
          inputMode="decimal"
          defaultValue={row.min_qty ?? ''}
          error={form.errors.min_qty}
        />
        <TextField
          label={t('stock.max')}
          name="max_qty"
          inputMode="decimal"
          defaultValue={row.max_qty ?? ''}
          error={form.errors.max_qty}
        />
      </div>
    </StockDialog>
  );
};
