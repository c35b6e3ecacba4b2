import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import type { StockRow } from '../../api/queries.ts';
import { Dialog } from '../../components/dialog.tsx';
import { SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import {
  optionalDecimal,
  optionalText,
  positiveDecimal,
  requiredText,
} from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { primaryButton, secondaryButton } from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

export const MOVEMENT_KINDS = ['receipt', 'shipment', 'scrap', 'return'] as const;
type MovementKind = (typeof MOVEMENT_KINDS)[number];

const pickedOf = (row?: StockRow): PickedProduct | undefined =>
  row ? { id: row.product_id, sku: row.sku, name: row.name } : undefined;

/**
 * One key per intended operation, so a retried click books once. A refusal from the server
 * ends that operation: the corrected form is a new one with a new key.
 */
const useIdempotencyKey = () => {
  const [key, setKey] = useState(() => crypto.randomUUID());
  return { key, renew: () => setKey(crypto.randomUUID()) };
};

/** Stock the screens show went stale: refetch it now rather than wait for the live event. */
export const useRefreshStock = () => {
  const qc = useQueryClient();
  return async (productId: string) => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: ['inventory'] }),
      qc.invalidateQueries({ queryKey: ['availability', productId] }),
      qc.invalidateQueries({ queryKey: ['ledger', productId] }),
      qc.invalidateQueries({ queryKey: ['transfers'] }),
    ]);
  };
};

const Footer = ({
  formId,
  label,
  onClose,
  busy,
}: {
  formId: string;
  label: string;
  onClose: () => void;
  busy: boolean;
}) => {
  const t = useT();
  return (
    <>
      <button type="button" className={secondaryButton} onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button
        type="submit"
        form={formId}
        disabled={busy}
        className={primaryButton}
        data-testid="stock-dialog-submit"
      >
        {label}
      </button>
    </>
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
  const toast = useToast();
  const refresh = useRefreshStock();
  const formId = useId();
  const idem = useIdempotencyKey();
  const [product, setProduct] = useState(pickedOf(row));
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const form = useZodForm(MovementForm, async (v) => {
    if (!product) {
      setMissing(true);
      return;
    }
    setBusy(true);
    try {
      const r = await unwrap(
        api.POST('/api/v1/stock/movements', {
          body: { ...v, product_id: product.id },
          headers: { 'Idempotency-Key': idem.key },
        }),
      );
      toast.show(t('stock.moved', { location: r.store_id, available: f.qty(r.available) }), 'success');
      await refresh(product.id);
      onClose();
    } catch (err) {
      if (err instanceof ApiError) {
        form.setServerErrors(err.problem.errors);
        idem.renew();
      }
      setFailure(err);
    } finally {
      setBusy(false);
    }
  });
  return (
    <Dialog
      open
      title={t('stock.movement_title')}
      onClose={onClose}
      testId="movement-dialog"
      footer={<Footer formId={formId} label={t('stock.post_movement')} onClose={onClose} busy={busy} />}
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="flex flex-col gap-3">
        {failure !== undefined && <ProblemAlert error={failure} />}
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
      </form>
    </Dialog>
  );
};

const TransferForm = z.object({
  from_store_id: requiredText,
  to_store_id: requiredText,
  via_store_id: optionalText,
  quantity: positiveDecimal,
  reason: optionalText,
});

/** Moves stock between two locations, at once or through an in-transit location until received. */
export const TransferDialog = ({ row, onClose }: { row?: StockRow; onClose: () => void }) => {
  const t = useT();
  const toast = useToast();
  const refresh = useRefreshStock();
  const formId = useId();
  const idem = useIdempotencyKey();
  const [product, setProduct] = useState(pickedOf(row));
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const form = useZodForm(TransferForm, async ({ via_store_id, reason, ...v }) => {
    if (!product) {
      setMissing(true);
      return;
    }
    setBusy(true);
    try {
      const r = await unwrap(
        api.POST('/api/v1/stock/transfers', {
          body: {
            ...v,
            product_id: product.id,
            ...(via_store_id ? { via_store_id } : {}),
            ...(reason ? { reason } : {}),
          },
          headers: { 'Idempotency-Key': idem.key },
        }),
      );
      toast.show(
        t(r.status === 'IN_TRANSIT' ? 'transfers.created_in_transit' : 'transfers.created'),
        'success',
      );
      await refresh(product.id);
      onClose();
    } catch (err) {
      if (err instanceof ApiError) {
        form.setServerErrors(err.problem.errors);
        idem.renew();
      }
      setFailure(err);
    } finally {
      setBusy(false);
    }
  });
  return (
    <Dialog
      open
      title={t('transfers.new')}
      onClose={onClose}
      testId="transfer-dialog"
      footer={<Footer formId={formId} label={t('transfers.create')} onClose={onClose} busy={busy} />}
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="flex flex-col gap-3">
        {failure !== undefined && <ProblemAlert error={failure} />}
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
      </form>
    </Dialog>
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
  const toast = useToast();
  const qc = useQueryClient();
  const formId = useId();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const form = useZodForm(LevelsForm, async (v) => {
    setBusy(true);
    try {
      await unwrap(
        api.PUT('/api/v1/stock/levels', {
          body: { product_id: row.product_id, store_id: row.location, ...v },
        }),
      );
      toast.show(t('stock.levels_saved'), 'success');
      await qc.invalidateQueries({ queryKey: ['inventory'] });
      onClose();
    } catch (err) {
      if (err instanceof ApiError) form.setServerErrors(err.problem.errors);
      setFailure(err);
    } finally {
      setBusy(false);
    }
  });
  return (
    <Dialog
      open
      title={t('stock.levels_title', { sku: row.sku, location: row.location })}
      onClose={onClose}
      testId="levels-dialog"
      footer={<Footer formId={formId} label={t('common.save')} onClose={onClose} busy={busy} />}
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="flex flex-col gap-3">
        {failure !== undefined && <ProblemAlert error={failure} />}
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
      </form>
    </Dialog>
  );
};
